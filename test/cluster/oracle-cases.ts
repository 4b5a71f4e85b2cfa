/**
 * Random but realistic RBAC scenarios for the oracle test: Roles and ClusterRoles (wildcards, subresources,
 * resourceNames, nonResourceURLs, aggregation), bindings to users, groups and ServiceAccounts, and the requests to
 * ask about them. Everything comes from one seeded generator, so a failing case can be replayed from its seed.
 * Names carry the scenario number, so scenarios applied to one cluster never grant each other anything.
 */
import type { AccessRequest, UserInfo } from '../../server/src/engine/analysis/rbac/authorizer';

/** mulberry32: small, fast and good enough to spread cases; the point is replay, not cryptography. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (random: Random, probability: number) => random() < probability;
function some<T>(random: Random, items: readonly T[], max: number): T[] {
  const count = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: count }, () => pick(random, items)))];
}

/** Resources by API group, with the subresources requests use; cluster-scoped ones are marked. */
const CATALOG: Record<string, { resource: string; subresources?: string[]; clusterScoped?: true }[]> = {
  '': [
    { resource: 'pods', subresources: ['log', 'exec', 'status'] },
    { resource: 'secrets' },
    { resource: 'configmaps' },
    { resource: 'services', subresources: ['proxy'] },
    { resource: 'serviceaccounts', subresources: ['token'] },
    { resource: 'namespaces', clusterScoped: true },
    { resource: 'nodes', subresources: ['proxy'], clusterScoped: true },
  ],
  apps: [
    { resource: 'deployments', subresources: ['scale', 'status'] },
    { resource: 'statefulsets', subresources: ['scale'] },
    { resource: 'daemonsets' },
  ],
  batch: [{ resource: 'jobs' }, { resource: 'cronjobs' }],
  'rbac.authorization.k8s.io': [
    { resource: 'roles' },
    { resource: 'rolebindings' },
    { resource: 'clusterroles', clusterScoped: true },
  ],
  'networking.k8s.io': [{ resource: 'networkpolicies' }, { resource: 'ingresses' }],
};
const GROUPS = Object.keys(CATALOG);
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const SPECIAL_VERBS = ['impersonate', 'bind', 'escalate', 'use'];
const NAMES = ['web', 'db', 'cache'];
const URLS = ['/healthz', '/metrics', '/logs/kubelet', '/api/v1', '/version'];
const URL_RULES = ['/healthz', '/metrics', '/logs/*', '/api/*', '*', '/version'];

export interface Scenario {
  seed: number;
  index: number;
  namespaces: string[];
  /** Kubernetes objects as JSON, in the order they are applied. */
  objects: Record<string, unknown>[];
  requests: AccessRequest[];
}

function resourceRule(random: Random): Record<string, unknown> {
  const apiGroups = chance(random, 0.08) ? ['*'] : some(random, GROUPS, 2);
  const offered = apiGroups.includes('*') ? GROUPS.flatMap((group) => CATALOG[group]) : apiGroups.flatMap((group) => CATALOG[group]);
  let resources: string[];
  if (chance(random, 0.07)) resources = ['*'];
  else {
    resources = some(random, offered, 3).map((entry) => (entry.subresources && chance(random, 0.35) ? `${entry.resource}/${pick(random, entry.subresources)}` : entry.resource));
    // Wildcard subresource forms: "*/scale" matches, "pods/*" does not (RBAC has no resource/* pattern).
    if (chance(random, 0.08)) resources.push(pick(random, ['*/scale', '*/status', 'pods/*']));
  }
  const verbs = chance(random, 0.1) ? ['*'] : [...some(random, VERBS, 4), ...(chance(random, 0.08) ? [pick(random, SPECIAL_VERBS)] : [])];
  // Traps that look right and match nothing: RBAC compares groups, resources and verbs exactly.
  if (chance(random, 0.04)) apiGroups.push('core');
  if (chance(random, 0.04)) resources.push('Pods');
  if (chance(random, 0.04)) verbs.push('GET');
  const rule: Record<string, unknown> = { apiGroups, resources, verbs };
  if (chance(random, 0.2)) rule.resourceNames = some(random, NAMES, 2);
  return rule;
}

function nonResourceRule(random: Random): Record<string, unknown> {
  return { nonResourceURLs: some(random, URL_RULES, 2), verbs: chance(random, 0.2) ? ['*'] : some(random, ['get', 'post', 'head'], 2) };
}

/** One scenario: two namespaces, a handful of roles and bindings, and `requestCount` requests. */
export function generateScenario(seed: number, index: number, requestCount: number): Scenario {
  const random = seededRandom(seed * 1_000_003 + index);
  const prefix = `o${index}`;
  const namespaces = [`${prefix}-a`, `${prefix}-b`];
  const users = [`${prefix}-alice`, `${prefix}-bob`, `${prefix}-carol`];
  const groups = [`${prefix}-devs`, `${prefix}-ops`];
  const serviceAccounts = namespaces.flatMap((namespace) => [`${namespace}:deployer`, `${namespace}:default`]);
  const aggregationLabel = `oracle.kubeward.dev/${prefix}`;
  const objects: Record<string, unknown>[] = namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));

  const clusterRoles: string[] = [];
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
    const name = `${prefix}-cr${i}`;
    const rules = [resourceRule(random), ...(chance(random, 0.4) ? [resourceRule(random)] : []), ...(chance(random, 0.3) ? [nonResourceRule(random)] : [])];
    const labels = chance(random, 0.4) ? { [aggregationLabel]: 'true' } : undefined;
    objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules });
    clusterRoles.push(name);
  }
  if (chance(random, 0.5)) {
    const name = `${prefix}-aggregate`;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregationLabel]: 'true' } }] },
    });
    clusterRoles.push(name);
  }
  const roles = namespaces.flatMap((namespace, n) =>
    Array.from({ length: Math.floor(random() * 3) }, (_, i) => {
      const name = `${prefix}-r${n}${i}`;
      objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules: [resourceRule(random), ...(chance(random, 0.4) ? [resourceRule(random)] : [])] });
      return { namespace, name };
    }),
  );

  const subject = (namespace: string): Record<string, unknown> => {
    const kind = pick(random, ['User', 'User', 'Group', 'ServiceAccount']);
    if (kind === 'ServiceAccount') {
      const [saNamespace, name] = pick(random, serviceAccounts).split(':');
      // Without a namespace a RoleBinding's ServiceAccount subject means the binding's own namespace.
      return saNamespace === namespace && chance(random, 0.3) ? { kind, name } : { kind, name, namespace: saNamespace };
    }
    // The group of every ServiceAccount of one of the scenario's namespaces, the way real bindings grant them.
    const group = chance(random, 0.2) ? `system:serviceaccounts:${pick(random, namespaces)}` : pick(random, groups);
    return { kind, name: kind === 'User' ? pick(random, users) : group, apiGroup: 'rbac.authorization.k8s.io' };
  };
  const rulesOf = new Map<string, Record<string, unknown>[]>();
  for (const object of objects) {
    const metadata = object.metadata as { name: string; namespace?: string };
    if (object.rules) rulesOf.set(`${object.kind}/${metadata.namespace ?? ''}/${metadata.name}`, object.rules as Record<string, unknown>[]);
  }
  // What each binding was meant to grant, so half of the requests aim at a grant and then miss it a little.
  const sketches: { subjects: Record<string, unknown>[]; rules: Record<string, unknown>[]; namespace?: string }[] = [];
  for (let i = 0; i < 2 + Math.floor(random() * 4); i++) {
    const cluster = chance(random, 0.3);
    const namespace = pick(random, namespaces);
    const toRole = !cluster && roles.some((role) => role.namespace === namespace) && chance(random, 0.6);
    const roleName = toRole ? pick(random, roles.filter((role) => role.namespace === namespace)).name : pick(random, clusterRoles);
    const subjects = Array.from({ length: 1 + Math.floor(random() * 2) }, () => subject(cluster ? '' : namespace)).filter((item) => !(cluster && item.kind === 'ServiceAccount' && !item.namespace));
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
      metadata: { name: `${prefix}-b${i}`, ...(cluster ? {} : { namespace }) },
      subjects,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: toRole ? 'Role' : 'ClusterRole', name: roleName },
    });
    const rules = rulesOf.get(toRole ? `Role/${namespace}/${roleName}` : `ClusterRole//${roleName}`) ?? [...rulesOf.entries()].filter(([key]) => key.startsWith('ClusterRole/')).flatMap(([, value]) => value);
    if (subjects.length > 0 && rules.length > 0) sketches.push({ subjects, rules, ...(cluster ? {} : { namespace }) });
  }

  const identities: UserInfo[] = [
    ...users.map((name) => ({ name, groups: chance(random, 0.5) ? [pick(random, groups), 'system:authenticated'] : ['system:authenticated'] })),
    ...serviceAccounts.map((account) => {
      const [namespace] = account.split(':');
      return { name: `system:serviceaccount:${account}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
    }),
  ];
  const identityOf = (subject: Record<string, unknown>): UserInfo => {
    if (subject.kind === 'User') return identities.find((identity) => identity.name === subject.name) ?? pick(random, identities);
    if (subject.kind === 'Group' && String(subject.name).startsWith('system:serviceaccounts:')) {
      const namespace = String(subject.name).split(':')[2];
      return { name: `system:serviceaccount:${namespace}:deployer`, groups: ['system:serviceaccounts', String(subject.name), 'system:authenticated'] };
    }
    if (subject.kind === 'Group') return { name: pick(random, users), groups: [String(subject.name), 'system:authenticated'] };
    const namespace = String(subject.namespace ?? pick(random, namespaces));
    return { name: `system:serviceaccount:${namespace}:${String(subject.name)}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
  };
  const aimed = (): AccessRequest | undefined => {
    const sketch = sketches.length > 0 ? pick(random, sketches) : undefined;
    if (!sketch) return undefined;
    const user = identityOf(pick(random, sketch.subjects));
    const rule = pick(random, sketch.rules) as { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };
    const verb = chance(random, 0.2) ? pick(random, VERBS) : pick(random, rule.verbs.map((item) => (item === '*' ? pick(random, VERBS) : item)));
    if (rule.nonResourceURLs) return { kind: 'nonResource', user, verb, path: chance(random, 0.3) ? pick(random, URLS) : pick(random, rule.nonResourceURLs).replace('*', 'x') };
    const apiGroup = pick(random, (rule.apiGroups ?? ['']).map((group) => (group === '*' ? pick(random, GROUPS) : group)));
    const written = pick(random, rule.resources ?? ['pods']);
    const [resource, subresource] = written === '*' || written.startsWith('*/') ? [pick(random, CATALOG[apiGroup] ?? CATALOG['']).resource, written.split('/')[1]] : written.split('/');
    const name = rule.resourceNames && chance(random, 0.7) ? pick(random, [...rule.resourceNames, 'other']) : chance(random, 0.2) ? pick(random, NAMES) : undefined;
    const namespace = chance(random, 0.8) ? sketch.namespace ?? pick(random, namespaces) : pick(random, namespaces);
    const scoped = CATALOG[apiGroup]?.find((entry) => entry.resource === resource)?.clusterScoped;
    return {
      kind: 'resource', user, verb, apiGroup, resource,
      ...(subresource && subresource !== '*' ? { subresource } : {}),
      ...(name ? { name } : {}),
      ...(scoped ? {} : { namespace }),
    };
  };
  const requests: AccessRequest[] = Array.from({ length: requestCount }, () => {
    const target = chance(random, 0.6) ? aimed() : undefined;
    if (target) return target;
    const user = pick(random, identities);
    if (chance(random, 0.1)) return { kind: 'nonResource', user, verb: pick(random, ['get', 'post', 'head']), path: pick(random, URLS) };
    const group = pick(random, GROUPS);
    const entry = pick(random, CATALOG[group]);
    const subresource = entry.subresources && chance(random, 0.3) ? pick(random, entry.subresources) : undefined;
    const verb = chance(random, 0.05) ? pick(random, SPECIAL_VERBS) : pick(random, VERBS);
    let namespace = entry.clusterScoped ? undefined : pick(random, namespaces);
    let name = verb === 'list' || verb === 'watch' || verb === 'create' || verb === 'deletecollection' ? undefined : chance(random, 0.5) ? pick(random, NAMES) : undefined;
    // A request for one Namespace object carries that namespace, as the API server's request info does.
    if (entry.resource === 'namespaces' && chance(random, 0.5)) name = namespace = pick(random, namespaces);
    return { kind: 'resource', user, verb, apiGroup: group, resource: entry.resource, ...(subresource ? { subresource } : {}), ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) };
  });
  return { seed, index, namespaces, objects, requests };
}

/** The SubjectAccessReview the API server answers for a request. */
export function subjectAccessReview(request: AccessRequest): Record<string, unknown> {
  const identity = { user: request.user.name, groups: request.user.groups };
  const spec =
    request.kind === 'nonResource'
      ? { ...identity, nonResourceAttributes: { path: request.path, verb: request.verb } }
      : {
          ...identity,
          resourceAttributes: {
            verb: request.verb,
            group: request.apiGroup,
            resource: request.resource,
            ...(request.subresource ? { subresource: request.subresource } : {}),
            ...(request.name ? { name: request.name } : {}),
            ...(request.namespace ? { namespace: request.namespace } : {}),
          },
        };
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec };
}

/** A request in the words of `kubeward can-i`, for failure messages. */
export function describeRequest(request: AccessRequest): string {
  const who = `${request.user.name} [${request.user.groups.join(', ')}]`;
  if (request.kind === 'nonResource') return `${who} ${request.verb} ${request.path}`;
  const resource = `${request.resource}${request.subresource ? `/${request.subresource}` : ''}${request.apiGroup ? `.${request.apiGroup}` : ''}`;
  return `${who} ${request.verb} ${resource}${request.name ? ` ${request.name}` : ''}${request.namespace ? ` -n ${request.namespace}` : ''}`;
}
