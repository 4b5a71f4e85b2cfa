/**
 * The extension's cluster commands in a real VS Code against a real kube-apiserver: starts the test control plane
 * (test/cluster/), points KUBECONFIG at its admin kubeconfig and runs the `cluster*.suite.ts` files of
 * test/vscode/suite in the extension host, through the same runner as the other extension tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { clusterModule, type TestCluster } from '../cluster/cluster';
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

test('the cluster commands work against a real API server', { timeout: 300_000 }, async () => {
  const executable = process.env.VSCODE_EXECUTABLE ?? (await requireCodeServer());
  const cluster = await (await clusterModule()).startCluster();
  await grantOutsideTheWorkspace(cluster);
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
  } finally {
    await cluster.stop();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
});
