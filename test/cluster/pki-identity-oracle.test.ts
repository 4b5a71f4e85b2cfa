/**
 * The component-identity oracle: client certificates with generated subjects (user and groups near and far from a
 * node's), issued by the test cluster's CA, are each presented to kube-apiserver v1.36 (Node,RBAC), which reads
 * the subject with its x509 authenticator and answers SelfSubjectAccessReviews for what a kubelet does for its own
 * node and only the Node authorizer grants (update its lease, patch its Node's status). Kubeward, given the same certificate as a kubelet client
 * certificate (kubelet-client-current.pem), reports pki/component-identity's "not a node" error ⇔ the requests
 * are denied; and so does kubeconfig/certificate-problem for the certificate in kubeadm's kubelet.conf. Subjects in system:masters are left out: that group passes every authorizer, node or not.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintFile, StreamLinter } from '../../server/src/engine/linter';
import { PemFile } from '../../server/src/engine/model/pem-file';
import { RULES } from '../../server/src/engine/rules/index';
import { clusterModule } from './cluster';

const USERS = [
  'system:node:worker-1', 'system:node:worker-2.example.com', 'system:node:', 'system:nodes:worker-1', 'worker-1', 'System:node:worker-1',
  'system:node:worker-1 ', 'system:kube-proxy', 'kubelet', 'system:node:WORKER-1', 'system:node:worker_1', 'system:node:a:b',
  'system:serviceaccount:kube-system:worker-1', 'node:worker-1',
];
const GROUPS = [[], ['system:nodes'], ['system:node'], ['system:nodes', 'team-a'], ['System:nodes'], ['team-a'], [' system:nodes'], ['system:nodes', 'system:nodes']];

/** The client certificate a kubeconfig of the test cluster names (a file path or inline data). */
function clientCertificate(kubeconfig: string): string {
  const text = readFileSync(kubeconfig, 'utf8');
  const data = /client-certificate-data:\s*(\S+)/.exec(text)?.[1];
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = /client-certificate:\s*(\S+)/.exec(text)?.[1];
  assert.ok(file, 'the kubeconfig names a client certificate');
  return readFileSync(file.replace(/^["']|["']$/g, ''), 'utf8');
}

test(`component-identity oracle: ${USERS.length * GROUPS.length} kubelet client certificates, the Node authorizer against pki/component-identity`, { timeout: 1_800_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-identity-oracle-'));
  const disagreements: string[] = [];
  let denied = 0;
  try {
    for (const user of USERS) {
      for (const groups of GROUPS) {
        const certificate = clientCertificate(cluster.userKubeconfig(user, groups));
        const pem = new PemFile(certificate, path.join(dir, 'kubelet', 'pki', 'kubelet-client-current.pem'));
        const kubeward = lintFile(pem, DEFAULT_CONFIG, RULES).filter((finding) => finding.ruleId === 'pki/component-identity' && finding.messageId === 'notANode');
        // The same certificate in kubeadm's kubelet.conf.
        const kubeconfig = `apiVersion: v1\nkind: Config\nclusters: [{name: kubernetes, cluster: {server: "https://10.0.0.10:6443"}}]\nusers:\n  - name: node\n    user:\n      client-certificate-data: ${Buffer.from(certificate).toString('base64')}\n`;
        const host = { fileExists: () => false, documentPath: path.join(dir, 'kubelet.conf'), now: new Date() };
        const inKubeconfig = new StreamLinter(RULES, host).lint(kubeconfig, DEFAULT_CONFIG).findings.filter((finding) => finding.messageId === 'notANode');
        const node = user.startsWith('system:node:') && user.length > 'system:node:'.length ? user.slice('system:node:'.length) : 'worker-1';
        const ask = async (resourceAttributes: Record<string, string>) => {
          const review = await cluster.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } }, { user, groups });
          assert.equal(review.status, 201, `the review as ${user} ${JSON.stringify(groups)} failed: ${review.status} ${review.text}`);
          return review.body?.status?.allowed === true;
        };
        const lease = await ask({ verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: node });
        // Only the Node authorizer grants these two: reading a Node, by contrast, is bound to kube-proxy too.
        const status = await ask({ verb: 'patch', resource: 'nodes', subresource: 'status', name: node });
        if (lease !== status) disagreements.push(`${user} ${JSON.stringify(groups)}: the API server allows ${lease ? "the lease but not the Node's status" : "the Node's status but not the lease"}`);
        if (!lease) denied++;
        if (lease === (inKubeconfig.length > 0)) disagreements.push(`kubelet.conf with CN=${JSON.stringify(user)} O=${JSON.stringify(groups)}: kube-apiserver ${lease ? 'allows' : 'denies'} its node's requests; kubeconfig/certificate-problem ${inKubeconfig.length > 0 ? 'says it is not a node' : 'takes it for a node'}`);
        if (lease === (kubeward.length > 0)) disagreements.push(`CN=${JSON.stringify(user)} O=${JSON.stringify(groups)}: kube-apiserver ${lease ? 'allows' : 'denies'} its node's requests; Kubeward ${kubeward.length > 0 ? `says ${kubeward[0].message}` : 'takes it for a node'}`);
      }
    }
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const total = USERS.length * GROUPS.length;
  console.log(`component-identity oracle: ${total} certificates, ${total - denied} taken for nodes, ${denied} denied, ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
