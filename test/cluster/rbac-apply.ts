/**
 * Applying generated RBAC objects to the test kube-apiserver and asking it SubjectAccessReviews, for the oracles
 * that make it the judge of Kubeward's authorizer (oracle.test.ts) and of the access delta
 * (access-delta-oracle.test.ts).
 */
import type { AccessRequest } from '../../server/src/engine/analysis/rbac/authorizer';
import { eventually } from '../helpers/eventually';
import type { TestCluster } from './cluster';
import { subjectAccessReview, type Scenario } from './oracle-cases';

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

export async function allowedByCluster(cluster: TestCluster, request: AccessRequest): Promise<boolean> {
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
export async function applyAndSettle(cluster: TestCluster, scenario: Scenario): Promise<void> {
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

export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

