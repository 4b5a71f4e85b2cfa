/**
 * The extension's cluster commands in a real VS Code against a real kube-apiserver: starts the test control plane
 * (test/cluster/), points KUBECONFIG at its admin kubeconfig and runs the `cluster*.suite.ts` files of
 * test/vscode/suite in the extension host, through the same runner as the other extension tests.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { clusterModule, type ClusterModule, type TestCluster } from '../cluster/cluster';
import { REPO_ROOT } from '../helpers/paths';
import { requireCodeServer } from './code-server';
import { createEditorWorkspace } from './workspace';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** A grant that exists only in the cluster: jane reads Secrets in team-a through a ClusterRole the workspace never names. */
async function grantOutsideTheWorkspace(cluster: TestCluster): Promise<void> {
  const created = [
    await cluster.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }),
    await cluster.request('POST', `${RBAC}/clusterroles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kw-secret-reader' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
    }),
    await cluster.request('POST', `${RBAC}/namespaces/team-a/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'kw-jane-secrets', namespace: 'team-a' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kw-secret-reader' },
    }),
  ];
  for (const response of created) if (response.status !== 201) throw new Error(`cluster set-up failed: ${response.status} ${response.text}`);
}

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

/**
 * Two pending CertificateSigningRequests for the CSR suite: an ordinary one for user dev-jane in group dev (signed
 * by kube-controller-manager once approved), and one asking for system:masters under a signer of no one's (the
 * CertificateSubjectRestriction admission plugin refuses system:masters for kube-apiserver-client).
 */
async function pendingCsrs(cluster: TestCluster, makeCsr: ClusterModule['makeCsr']): Promise<void> {
  const csr = (name: string, request: string, signerName: string) => ({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(request).toString('base64'), signerName, expirationSeconds: 3600, usages: ['client auth'] },
  });
  const created = [
    await cluster.request('POST', CSRS, csr('kw-dev-jane', makeCsr('dev-jane', ['dev']).csr, 'kubernetes.io/kube-apiserver-client')),
    await cluster.request('POST', CSRS, csr('kw-masters', makeCsr('sneaky', ['system:masters']).csr, 'kubeward.example/custom')),
  ];
  for (const response of created) if (response.status !== 201) throw new Error(`CSR set-up failed: ${response.status} ${response.text}`);
}

/** The value of Secret team-a/kw-db that the objects suite decodes; it must show nowhere but in its report. */
const SECRET_VALUE = 'kubeward-s3cret-value';

/**
 * Objects for the objects suite: Deployment team-a/kw-web (image nginx:1.27) to diff a workspace file against, and
 * Secret team-a/kw-db with a text value and a binary one to decode.
 */
async function liveObjects(cluster: TestCluster): Promise<void> {
  const created = [
    await cluster.request('POST', '/apis/apps/v1/namespaces/team-a/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'kw-web', namespace: 'team-a', labels: { app: 'kw-web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'kw-web' } },
        template: { metadata: { labels: { app: 'kw-web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    }),
    await cluster.request('POST', '/api/v1/namespaces/team-a/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kw-db', namespace: 'team-a' },
      type: 'Opaque',
      data: { password: Buffer.from(SECRET_VALUE).toString('base64'), blob: Buffer.from([0x00, 0xff, 0x10, 0x80, 0x01]).toString('base64') },
    }),
  ];
  for (const response of created) if (response.status !== 201) throw new Error(`object set-up failed: ${response.status} ${response.text}`);
}

/** The files of the editor's logs directory (output channels included) that contain `needle`. */
function logsContaining(directory: string, needle: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(directory, name))
    .filter((file) => statSync(file).isFile() && readFileSync(file, 'utf8').includes(needle));
}

test('the cluster commands work against a real API server', { timeout: 300_000 }, async () => {
  const executable = process.env.VSCODE_EXECUTABLE ?? (await requireCodeServer());
  const clusters = await clusterModule();
  const cluster = await clusters.startCluster();
  await grantOutsideTheWorkspace(cluster);
  await pendingCsrs(cluster, clusters.makeCsr);
  await liveObjects(cluster);
  const workspace = await createEditorWorkspace();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-cluster-extension-'));
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'),
      extensionTestsEnv: { KUBECONFIG: cluster.adminKubeconfig, KUBEWARD_SUITES: 'cluster' },
      launchArgs: [workspace, `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
    });
    // The decoded Secret was shown in a report; no log of the editor (the Kubeward output channel included) has it.
    const logs = path.join(scratch, 'user-data', 'logs');
    assert.ok(logsContaining(logs, 'Kubeward').some((file) => path.basename(file) === 'Kubeward.log'), 'the Kubeward output channel is logged in the logs directory');
    assert.deepEqual(logsContaining(logs, SECRET_VALUE), []);
  } finally {
    await cluster.stop();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
});
