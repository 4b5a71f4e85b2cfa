/**
 * What the rules of a Role or ClusterRole actually grant, asked one capability at a time ("does this rule allow
 * `get` on core `secrets`?"), with the written items responsible for each answer so risk rules can point at them.
 * Matching goes through the authorizer's own rules (`matching.ts`), so `*` counts exactly where Kubernetes counts
 * it; what a rule can never allow (create with resourceNames, cluster-scoped resources in a namespaced Role) is
 * left out, because reporting a grant that does not work would be a false positive.
 */
import type { ManifestDocument } from '../../model/document';
import { isRoleView, RBAC_GROUP, rbacObjects, type RoleView, type RuleView, type StringListField } from '../../model/views/rbac';
import { apiVersionOf, compareReleases, lifecycleOf } from '../../reference/api-catalog';
import apiResources from '../../reference/api-resources.json';
import { resourceInfo, STANDARD_VERBS, verbsOf } from '../../reference/rbac-reference';
import { perDocument } from '../per-document';
import { apiGroupMatches, resourceMatches, verbMatches } from './matching';
import { ruleData } from './extract';
import type { PolicyRuleData } from '../../reference/policy-data';
import type { StringValue } from '../../model/nodes';

/** One rule of a role, as written (for positions) and as policy data (for matching). */
export interface RoleRule {
  role: RoleView;
  rule: RuleView;
  data: PolicyRuleData;
}

/** What a risk rule asks about: every combination of these verbs, groups and resources. */
export interface CapabilityQuery {
  verbs: readonly string[];
  groups: readonly string[];
  /** Resources, or `resource/subresource`. */
  resources: readonly string[];
}

/** One verb on one group/resource that a rule allows, with the written items that allow it. */
export interface Grant {
  verb: string;
  group: string;
  resource: string;
  verbItem: StringValue;
  groupItem: StringValue;
  resourceItem: StringValue;
}


/**
 * The rules that take effect in a document's roles. An aggregated ClusterRole is skipped: the controller
 * replaces whatever rules it was written with by the rules of the roles it selects.
 */
export const roleRules: (document: ManifestDocument) => RoleRule[] = perDocument((document) =>
  rbacObjects(document)
    .filter(isRoleView)
    .filter((role) => role.aggregationSelectors === undefined)
    .flatMap((role) => role.rules.map((rule) => ({ role, rule, data: ruleData(rule) }))),
);

/** Resources that exist only for authorization checks and are requested without a namespace. */
const CLUSTER_SCOPED_VIRTUAL: Record<string, readonly string[]> = {
  '': ['users', 'groups'],
  'authentication.k8s.io': ['users', 'groups', 'uids', 'userextras', 'nodes'],
  'certificates.k8s.io': ['signers'],
};

/**
 * Whether requests for the resource carry no namespace, so that a namespaced Role can never allow them.
 * Unknown resources (custom ones) count as namespaced: they might be.
 */
export function isClusterScoped(group: string, resource: string): boolean {
  const base = resource.split('/')[0];
  if (CLUSTER_SCOPED_VIRTUAL[group]?.includes(base)) return true;
  const info = resourceInfo(group, base);
  return info !== undefined && !info.namespaced;
}

/**
 * Whether a Role can allow the verb on the resource: the request must carry a namespace. Binding a ClusterRole is
 * checked in the namespace of the RoleBinding being written, so bind on clusterroles works in a Role.
 */
export function requestableInNamespace(verb: string, group: string, resource: string): boolean {
  if (verb === 'bind' && group === RBAC_GROUP && resource === 'clusterroles') return true;
  return !isClusterScoped(group, resource);
}

/**
 * Whether a request with this verb on this resource can carry an object name. Creating a top-level object and
 * deleting a collection never do, so a rule with resourceNames cannot allow them.
 */
export function canBeNamed(verb: string, resource: string): boolean {
  if (verb === 'deletecollection') return false;
  return !(verb === 'create' && !resource.includes('/'));
}

/** Whether a rule allows `verb` on `group`/`resource` for some request, counting wildcards as the authorizer does. */
export function ruleGrants(rule: PolicyRuleData, verb: string, group: string, resource: string): boolean {
  if (!verbMatches(rule, verb) || !apiGroupMatches(rule, group) || !resourceMatches(rule, resource)) return false;
  return rule.resourceNames.length === 0 || canBeNamed(verb, resource);
}

/** The written item that matches `value`: the exact spelling when present, else the first pattern that does. */
function responsibleItem(field: StringListField | undefined, candidates: readonly string[]): StringValue | undefined {
  for (const candidate of candidates) {
    const item = field?.items.find((entry) => entry.value === candidate);
    if (item) return item;
  }
  return undefined;
}

function resourceCandidates(resource: string): string[] {
  const slash = resource.indexOf('/');
  return slash === -1 ? [resource, '*'] : [resource, `*/${resource.slice(slash + 1)}`, '*'];
}

/**
 * Every combination of the query that the rule allows, in query order (resources, then groups, then verbs).
 * In a namespaced Role, requests without a namespace are left out: its bindings only ever apply inside one.
 */
export function grantsOf(target: RoleRule, query: CapabilityQuery): Grant[] {
  const { role, rule, data } = target;
  if (data.nonResourceURLs.length > 0 && data.resources.length === 0) return [];
  // Most rules share nothing with a query; ruling that out first keeps linting large policies fast.
  if (!query.verbs.some((verb) => verbMatches(data, verb)) || !query.groups.some((group) => apiGroupMatches(data, group))) return [];
  if (!query.resources.some((resource) => resourceMatches(data, resource))) return [];
  const grants: Grant[] = [];
  for (const resource of query.resources) {
    for (const group of query.groups) {
      for (const verb of query.verbs) {
        if (!ruleGrants(data, verb, group, resource)) continue;
        if (role.kind === 'Role' && !requestableInNamespace(verb, group, resource)) continue;
        const verbItem = responsibleItem(rule.verbs, [verb, '*']);
        const groupItem = responsibleItem(rule.apiGroups, [group, '*']);
        const resourceItem = responsibleItem(rule.resources, resourceCandidates(resource));
        if (verbItem && groupItem && resourceItem) grants.push({ verb, group, resource, verbItem, groupItem, resourceItem });
      }
    }
  }
  return grants;
}

/** Whether any item behind the grants is a wildcard, so messages can say where an unexpected grant comes from. */
export function throughWildcard(grants: readonly Grant[]): boolean {
  return grants.some((grant) => [grant.verbItem, grant.groupItem, grant.resourceItem].some((item) => item.value.startsWith('*')));
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** Resources that refine an identity rather than name one; they are left out of descriptions beside identities. */
const IDENTITY_ATTRIBUTES = ['uids', 'userextras/{key}'];

/** A list in words, cut short after a few items so messages stay readable. */
export function abbreviate(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max - 1).join(', ')} and ${items.length - max + 1} more`;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Grants in words: `get/list on secrets`, `create/update/patch on deployments, statefulsets`. A policy rule is a
 * cross product of its verbs and resources, so naming the union of each is exact.
 */
export function describeGrants(grants: readonly Grant[]): string {
  const verbs = unique(grants.map((grant) => grant.verb)).join('/');
  // Resources in the order the rule writes them; those behind the same wildcard in the order asked about.
  const written = [...grants].sort((a, b) => offsetOf(a.resourceItem) - offsetOf(b.resourceItem));
  let resources = unique(written.map((grant) => grant.resource));
  const identities = resources.filter((resource) => !IDENTITY_ATTRIBUTES.includes(resource));
  if (identities.length > 0) resources = identities;
  const via = throughWildcard(grants) ? ' (through "*")' : '';
  return `${verbs} on ${abbreviate(resources.map(displayResource))}${via}`;
}

/** Placeholder keys (see `userextras/{key}` below) shown as the resource family they stand for. */
function displayResource(resource: string): string {
  return resource.replace(/\/\{key\}$/, '');
}

function offsetOf(item: StringValue): number {
  return item.node.range?.[0] ?? 0;
}

function earliest(items: readonly StringValue[]): StringValue {
  return items.reduce((best, item) => (offsetOf(item) < offsetOf(best) ? item : best));
}

/** The first written resource item behind the grants: where a finding about a risky resource points. */
export function resourceAnchor(grants: readonly Grant[]): StringValue {
  return earliest(grants.map((grant) => grant.resourceItem));
}

/** The first written verb item behind the grants: where a finding about a risky verb points. */
export function verbAnchor(grants: readonly Grant[]): StringValue {
  return earliest(grants.map((grant) => grant.verbItem));
}

/** `the names a, b` for a rule with resourceNames, else `fallback`. */
export function namedOr(rule: PolicyRuleData, singular: string, plural: string, fallback: string): string {
  const names = rule.resourceNames;
  if (names.length === 0) return fallback;
  return `${names.length === 1 ? singular : plural} ${names.join(', ')}`;
}

/**
 * Impersonation targets: the identities a request can be sent as. `userextras/{key}` stands for any extra key;
 * a rule naming a key in full is matched through the extra entries `impersonationGrants` adds.
 */
const LEGACY_IMPERSONATION: CapabilityQuery[] = [
  { verbs: ['impersonate'], groups: [''], resources: ['users', 'groups', 'serviceaccounts'] },
  { verbs: ['impersonate'], groups: ['authentication.k8s.io'], resources: ['uids', 'userextras/{key}'] },
];

/** Constrained impersonation (`impersonate:<mode>`), checked in authentication.k8s.io. */
const CONSTRAINED_IMPERSONATION_VERBS = ['impersonate:user-info', 'impersonate:serviceaccount', 'impersonate:arbitrary-node', 'impersonate:associated-node'];

/**
 * The impersonation grants of a rule: plain `impersonate` when it has any (the constrained verbs add nothing to
 * it), else the constrained ones. A rule's own `userextras/<key>` items are matched as written.
 */
export function impersonationGrants(target: RoleRule): Grant[] {
  const extras = target.data.resources.filter((value) => value.startsWith('userextras/') && value !== 'userextras/*');
  const legacy = [
    ...LEGACY_IMPERSONATION,
    ...(extras.length > 0 ? [{ verbs: ['impersonate'], groups: ['authentication.k8s.io'], resources: extras }] : []),
  ].flatMap((query) => grantsOf(target, query));
  if (legacy.length > 0) return legacy;
  return grantsOf(target, {
    verbs: CONSTRAINED_IMPERSONATION_VERBS,
    groups: ['authentication.k8s.io'],
    resources: ['users', 'groups', 'serviceaccounts', 'nodes', 'uids', 'userextras/{key}', ...extras],
  });
}

// What a wildcard stands for: the explicit names a quick fix can put in its place. They come from the reference
// tables (Kubernetes 1.36), minus what the lifecycle data says the target release does not serve yet or any more.

interface CatalogResource {
  name: string;
  kind: string;
  versions: string[];
  kindByVersion?: Record<string, string>;
}

const catalogResources = new Map<string, CatalogResource[]>(
  apiResources.groups.map((group) => [group.group, group.resources as CatalogResource[]]),
);

/**
 * Names that exist only for authorization, per group, spelled out. `<key>` patterns cannot be listed, and the
 * entries shared with the retired `extensions` group (deployments/rollback, podsecuritypolicies) name APIs that
 * are gone, so both are left out.
 */
const authorizationOnlyNames = new Map<string, string[]>();
for (const entry of apiResources.virtualResources) {
  const groups = entry.group === '*' ? [] : entry.group.split(/,\s*/);
  if (groups.includes('extensions')) continue;
  for (const resource of entry.resource.split('|')) {
    if (resource.includes('<') || resource.includes('*')) continue;
    for (const group of groups) authorizationOnlyNames.set(group, [...(authorizationOnlyNames.get(group) ?? []), resource]);
  }
}

/**
 * Whether a built-in resource is served in the target release, as far as the lifecycle data knows. That data
 * covers pre-release versions only; a stable version of a kind that had pre-release versions is taken to come
 * after the newest of them, and a kind without any entry to have always been there.
 */
function servedIn(group: string, resource: CatalogResource, target: string): boolean {
  const entries = resource.versions.map((version) => lifecycleOf(apiVersionOf(group, version), resource.kindByVersion?.[version] ?? resource.kind));
  const newestPrerelease = entries.reduce<string | undefined>(
    (newest, entry) => (entry?.introduced && (!newest || compareReleases(entry.introduced, newest) > 0) ? entry.introduced : newest),
    undefined,
  );
  return entries.some((entry) => {
    if (!entry) return !newestPrerelease || compareReleases(target, newestPrerelease) > 0;
    if (entry.introduced && compareReleases(target, entry.introduced) < 0) return false;
    return !(entry.removed && compareReleases(target, entry.removed) >= 0);
  });
}

/**
 * The kubelet authorizes its API (reached directly or through nodes/proxy) with the verb of the HTTP method, so
 * its subresources of nodes are only ever requested with these.
 */
const KUBELET_VERBS = ['get', 'create', 'update', 'patch', 'delete'];

/** Whether the group is one Kubernetes serves itself (rather than a custom or aggregated API). */
export function isBuiltInGroup(group: string): boolean {
  return catalogResources.has(group);
}

/**
 * Every name `*` stands for in a built-in group: resources, their subresources and the names that exist only for
 * authorization (nodes/metrics, signers), served in the target release.
 */
export function resourceNamesOf(group: string, target: string): readonly string[] {
  const key = `${target}\u0000${group}`;
  let names = namesByGroup.get(key);
  if (!names) namesByGroup.set(key, (names = listResourceNames(group, target)));
  return names;
}

/** Reference data only, so the lists can be kept for the life of the process. */
const namesByGroup = new Map<string, string[]>();

function listResourceNames(group: string, target: string): string[] {
  const names: string[] = [];
  for (const resource of catalogResources.get(group) ?? []) {
    if (!servedIn(group, resource, target)) continue;
    names.push(resource.name);
    for (const sub of resourceInfo(group, resource.name)?.subresources.keys() ?? []) names.push(`${resource.name}/${sub}`);
  }
  for (const name of authorizationOnlyNames.get(group) ?? []) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * The verbs a built-in resource or subresource can be requested with. Subresources that discovery lists serve
 * the verbs it lists (scale serves no list), the kubelet's subresources of nodes the HTTP-method verbs, and the
 * rest what the reference tables say, special verbs included.
 */
export function verbsOfResource(group: string, name: string): ReadonlySet<string> | undefined {
  const slash = name.indexOf('/');
  if (slash !== -1) {
    const base = name.slice(0, slash);
    const sub = name.slice(slash + 1);
    const listed = resourceInfo(group, base)?.subresources.get(sub);
    if (group === '' && base === 'nodes' && sub !== 'status' && verbsOf(group, name)) return new Set(KUBELET_VERBS);
    if (listed) return new Set(listed);
  }
  return verbsOf(group, name);
}

/**
 * The verbs a resource item of a rule can be requested with in a group; for a star, alone or before a subresource,
 * the union over what it matches. Custom groups serve the standard verbs. Undefined when a built-in group has no
 * such resource.
 */
export function verbsServed(group: string, resource: string, target: string): ReadonlySet<string> | undefined {
  if (!isBuiltInGroup(group)) return new Set(STANDARD_VERBS);
  if (resource === '*' || resource.startsWith('*/')) {
    const matched = resourceNamesOf(group, target).filter((name) => resourceMatches({ resources: [resource] }, name));
    const verbs = new Set<string>();
    for (const name of matched) verbsOfResource(group, name)?.forEach((verb) => verbs.add(verb));
    return verbs.size > 0 ? verbs : undefined;
  }
  return verbsOfResource(group, resource);
}

/** The built-in groups in which RBAC can match the resource, served in the target release. */
export function groupsServingResource(resource: string, target: string): string[] {
  return [...catalogResources.keys()].filter((group) => resourceNamesOf(group, target).includes(resource));
}
