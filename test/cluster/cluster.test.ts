/**
 * Smoke test of the real control plane in test/cluster: RBAC via SubjectAccessReview and a user's own kubeconfig,
 * and a CertificateSigningRequest signed by kube-controller-manager. The first run builds Kubernetes from source
 * (test/cluster/build.mjs, ~10-15 minutes on 2 cores); without Go >= 1.26 it fails and says how to install it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { eventually } from '../helpers/eventually';
import { buildModule, clusterModule, type TestCluster } from './cluster';

const NS = 'kubeward-smoke';
let cluster: TestCluster | undefined;


async function ok(response: Promise<{ status: number; text: string; body: unknown }>, expected = [200, 201]) {
  const result = await response;
  assert.ok(expected.includes(result.status), `HTTP ${result.status}: ${result.text.slice(0, 500)}`);
  return result;
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

before(async () => {
  // Builds etcd, kube-apiserver and kube-controller-manager on the first run; cached afterwards.
  const started = Date.now();
  await (await buildModule()).ensureBinaries();
  console.log(`binaries ready in ${Date.now() - started}ms`);
  cluster = await (await clusterModule()).startCluster();
  console.log(`cluster ready in ${cluster.timings.readyMs}ms (kube-apiserver /readyz after ${cluster.timings.apiserverReadyMs}ms)`);
}, { timeout: 60 * 60_000 });

after(async () => {
  await cluster?.stop();
});

test('the API server reports the pinned Kubernetes version', async () => {
  const { KUBERNETES_VERSION } = await buildModule();
  const version = await ok(cluster!.request('GET', '/version'));
  assert.equal((version.body as { gitVersion: string }).gitVersion, KUBERNETES_VERSION);
});

test('RBAC: a RoleBinding grants exactly what its ClusterRole says (SubjectAccessReview and the user itself)', async () => {
  const c = cluster!;
  await ok(c.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
  await ok(c.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'kubeward-smoke-pod-reader' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  }));
  await ok(c.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'alice-reads-pods', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeward-smoke-pod-reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  }));

  const review = async (verb: string, namespace = NS) => {
    const response = await ok(c.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: 'alice', groups: ['system:authenticated'], resourceAttributes: { namespace, verb, resource: 'pods' } },
    }));
    return (response.body as { status: { allowed: boolean } }).status.allowed;
  };
  // The RBAC authorizer reads bindings from an informer, so the new binding shows up after a moment.
  await eventually('the RoleBinding to take effect', async () => ((await review('list')) ? true : undefined));
  assert.equal(await review('get'), true);
  assert.equal(await review('delete'), false);
  assert.equal(await review('list', 'default'), false);

  // The same, as alice with her own client certificate from userKubeconfig().
  const kubeconfig = parse(readFileSync(c.userKubeconfig('alice', ['kubeward-smoke-users']), 'utf8'));
  assert.equal(kubeconfig.clusters[0].cluster.server, c.server);
  const certPem = Buffer.from(kubeconfig.users[0].user['client-certificate-data'], 'base64').toString();
  assert.match(new X509Certificate(certPem).subject, /CN=alice/);
  const alice = { user: 'alice', groups: ['kubeward-smoke-users'] };
  const whoami = await ok(c.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, alice));
  const userInfo = (whoami.body as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
  assert.equal(userInfo.username, 'alice');
  assert.ok(userInfo.groups.includes('kubeward-smoke-users'));
  assert.equal((await c.request('GET', `/api/v1/namespaces/${NS}/pods`, undefined, alice)).status, 200);
  assert.equal((await c.request('GET', '/api/v1/namespaces/default/pods', undefined, alice)).status, 403);
  assert.equal((await c.request('DELETE', `/api/v1/namespaces/${NS}/pods/anything`, undefined, alice)).status, 403);
});

test('CSR: an approved kube-apiserver-client request is signed by kube-controller-manager', async () => {
  const c = cluster!;
  const { makeCsr } = await clusterModule();
  const { csr } = makeCsr('bob', ['kubeward-smoke-users']);
  const name = 'kubeward-smoke-bob';
  await ok(c.request('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(csr).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client',
      expirationSeconds: 3600,
      usages: ['digital signature', 'client auth'],
    },
  }));
  const current = await ok(c.request('GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`));
  const approved = {
    ...(current.body as object),
    status: { conditions: [{ type: 'Approved', status: 'True', reason: 'KubewardSmokeTest', message: 'approved by the smoke test' }] },
  };
  await ok(c.request('PUT', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`, approved));

  const issued = await eventually('status.certificate', async () => {
    const response = await ok(c.request('GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`));
    const certificate = (response.body as { status?: { certificate?: string } }).status?.certificate;
    return certificate ? Buffer.from(certificate, 'base64').toString() : undefined;
  });
  const cert = new X509Certificate(issued);
  assert.match(cert.subject, /CN=bob/);
  assert.match(cert.subject, /O=kubeward-smoke-users/);
  assert.ok(cert.checkIssued(new X509Certificate(readFileSync(c.caFile))), 'issued by the cluster CA');
});

test('stop() leaves nothing running', async () => {
  const c = cluster!;
  const pids = c.pids();
  assert.equal(pids.length, 3);
  assert.ok(pids.every(running));
  const started = Date.now();
  await c.stop();
  cluster = undefined;
  console.log(`cluster stopped in ${Date.now() - started}ms`);
  assert.deepEqual(pids.filter(running), []);
  assert.equal(existsSync(c.dir), false);
});
