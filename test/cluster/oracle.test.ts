/**
 * The oracle test: Kubeward's authorizer against the real one. Random but realistic RBAC scenarios are applied
 * to a real kube-apiserver (built from the Kubernetes module, see test/cluster/README.md); every request is asked
 * of the API server with a SubjectAccessReview and of the engine with the same objects, and every disagreement
 * fails the test with the case spelled out. KUBEWARD_ORACLE_SEED replays a run; KUBEWARD_ORACLE_SCENARIOS and
 * KUBEWARD_ORACLE_REQUESTS change its size (default 40 × 250 = 10,000 cases).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessRequest } from '../../server/src/engine/analysis/rbac/authorizer';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { eventually } from '../helpers/eventually';
import { clusterModule, type TestCluster } from './cluster';
import { describeRequest, generateScenario, subjectAccessReview, type Scenario } from './oracle-cases';

const SEED = Number(process.env.KUBEWARD_ORACLE_SEED ?? 20261125);
const SCENARIOS = Number(process.env.KUBEWARD_ORACLE_SCENARIOS ?? 40);
const REQUESTS = Number(process.env.KUBEWARD_ORACLE_REQUESTS ?? 250);
const CONCURRENCY = 8;

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

function collectionPath(object: Record<string, unknown>): string {
  const { kind } = object;
  const namespace = (object.metadata as { namespace?: string }).namespace;
  if (kind === 'Namespace') return '/api/v1/namespaces';
  if (kind === 'ClusterRole') return `${RBAC}/clusterroles`;
  if (kind === 'ClusterRoleBinding') return `${RBAC}/clusterrolebindings`;
  if (kind === 'Role') return `${RBAC}/namespaces/${namespace}/roles`;
  if (kind === 'RoleBinding') return `${RBAC}/namespaces/${namespace}/rolebindings`;
  throw new Error(`no collection for ${String(kind)}`);
}

async function create(cluster: TestCluster, object: Record<string, unknown>): Promise<void> {
  const response = await cluster.request('POST', collectionPath(object), object);
  if (response.status !== 201) throw new Error(`creating ${String(object.kind)} ${JSON.stringify(object.metadata)} failed: ${response.status} ${response.text}`);
}

async function allowedByCluster(cluster: TestCluster, request: AccessRequest): Promise<boolean> {
  const response = await cluster.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', subjectAccessReview(request));
  if (response.status !== 201) throw new Error(`SubjectAccessReview failed: ${response.status} ${response.text}`);
  return response.body.status?.allowed === true;
}

/** Waits for a condition of the cluster: the authorizer's caches and the aggregation controller settle fast. */
const until = (what: string, probe: () => Promise<boolean>) => eventually(what, probe, (settled) => settled, 30_000, 50);

/**
 * The API server authorizes from informer caches, one per RBAC kind, each in the order objects were written. So
 * once a Role, RoleBinding, ClusterRole and ClusterRoleBinding created after the scenario are visible to
 * authorization, everything before them is too. The aggregation controller fills aggregated ClusterRoles on its
 * own schedule; the scenario is ready when each holds the distinct rules of the roles it selects.
 */
async function applyAndSettle(cluster: TestCluster, scenario: Scenario): Promise<void> {
  for (const object of scenario.objects) await create(cluster, object);
  const sentinel = `o${scenario.index}-sentinel`;
  const [namespace] = scenario.namespaces;
  const rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }];
  const subjects = [{ kind: 'User', name: sentinel, apiGroup: 'rbac.authorization.k8s.io' }];
  await create(cluster, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: sentinel, namespace }, rules });
  await create(cluster, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: sentinel, namespace }, subjects, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sentinel } });
  await create(cluster, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: sentinel }, rules: [{ ...rules[0], resources: ['secrets'] }] });
  await create(cluster, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: sentinel }, subjects, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: sentinel } });
  const user = { name: sentinel, groups: ['system:authenticated'] };
  await until(`${sentinel}'s Role to reach the authorizer`, () => allowedByCluster(cluster, { kind: 'resource', user, verb: 'get', apiGroup: '', resource: 'configmaps', namespace }));
  await until(`${sentinel}'s ClusterRole to reach the authorizer`, () => allowedByCluster(cluster, { kind: 'resource', user, verb: 'get', apiGroup: '', resource: 'secrets' }));

  for (const aggregate of scenario.objects.filter((object) => object.aggregationRule)) {
    const selector = (aggregate.aggregationRule as { clusterRoleSelectors: { matchLabels: Record<string, string> }[] }).clusterRoleSelectors[0].matchLabels;
    const selected = scenario.objects.filter((object) => {
      const labels = (object.metadata as { labels?: Record<string, string> }).labels ?? {};
      return object.kind === 'ClusterRole' && Object.entries(selector).every(([key, value]) => labels[key] === value);
    });
    const expected = new Set(selected.flatMap((object) => (object.rules as unknown[]).map((rule) => JSON.stringify(rule)))).size;
    const name = (aggregate.metadata as { name: string }).name;
    await until(`the aggregation of ${name}`, async () => {
      const response = await cluster.request('GET', `${RBAC}/clusterroles/${name}`);
      return ((response.body.rules as unknown[] | null) ?? []).length === expected;
    });
  }
  // The aggregated rules travel through the ClusterRole informer like any write: one more sentinel orders them.
  const after = `${sentinel}-after`;
  await create(cluster, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: after }, rules: [{ ...rules[0], resources: ['services'] }] });
  await create(cluster, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: after }, subjects, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: after } });
  await until(`${after} to reach the authorizer`, () => allowedByCluster(cluster, { kind: 'resource', user, verb: 'get', apiGroup: '', resource: 'services' }));
}

function engineAuthorizer(scenario: Scenario) {
  const index = new WorkspaceIndex();
  index.setFileText(`file:///oracle/scenario-${scenario.index}.yaml`, scenario.objects.map((object) => JSON.stringify(object)).join('\n---\n'));
  return index.authorizer();
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

test(`Kubeward's authorizer agrees with kube-apiserver on ${SCENARIOS * REQUESTS} SubjectAccessReviews (seed ${SEED})`, { timeout: 900_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const disagreements: string[] = [];
  let cases = 0;
  let allowed = 0;
  try {
    for (let index = 0; index < SCENARIOS; index++) {
      const scenario = generateScenario(SEED, index, REQUESTS);
      await applyAndSettle(cluster, scenario);
      const engine = engineAuthorizer(scenario);
      const verdicts = await inBatches(scenario.requests, CONCURRENCY, (request) => allowedByCluster(cluster, request));
      scenario.requests.forEach((request, position) => {
        cases++;
        const expected = verdicts[position];
        if (expected) allowed++;
        if (engine.authorize(request).allowed !== expected) {
          disagreements.push(`scenario ${index}, case ${position}: kube-apiserver says ${expected ? 'yes' : 'no'} to ${describeRequest(request)}`);
        }
      });
    }
  } finally {
    await cluster.stop();
  }
  console.log(`oracle: seed ${SEED}, ${cases} cases (${allowed} allowed), ${cases - disagreements.length} agreements, ${disagreements.length} disagreements`);
  assert.equal(cases, SCENARIOS * REQUESTS);
  assert.deepEqual(disagreements.slice(0, 25), [], `${disagreements.length} disagreements; replay with KUBEWARD_ORACLE_SEED=${SEED}`);
});
