/**
 * What the resource side of an RBAC rule names, for the rules that check apiGroups, resources and verbs against
 * the API catalogue: which groups kube-apiserver serves, whether a resource exists in them or only in another
 * group, its scope, the verbs it can be requested with, and the built-in name a misspelt one most likely meant.
 * Groups of custom resources are never judged: their resources and verbs are whatever a CRD or aggregated API
 * defines, which a manifest cannot tell us.
 */
import { isKnownGroup } from '../../reference/api-catalog';
import {
  apiGroups,
  authorizationOnlyNames,
  authorizationOnlyResource,
  isServedGroup,
  resourceInfo,
  resourcesOf,
  STANDARD_VERBS,
  verbsOf,
  type ResourceInfo,
} from '../../reference/rbac-reference';
import type { RuleView } from '../../model/views/rbac';
import { closest } from '../spelling';

/**
 * `served`: kube-apiserver serves the group; `retired`: it did once (`extensions`); `custom`: anything else, which
 * includes misspelt groups (rbac/unknown-api-group reports those, so the other rules stay quiet about them).
 */
export type GroupClass = 'wildcard' | 'served' | 'retired' | 'custom';

export function groupClass(group: string): GroupClass {
  if (group === '*') return 'wildcard';
  if (isServedGroup(group)) return 'served';
  if (isKnownGroup(group)) return 'retired';
  return 'custom';
}

/**
 * Names the kubelet authorizes although the generated catalogue lacks them (Kubernetes documentation, "Kubelet
 * authentication/authorization": `/checkpoint` maps to nodes/checkpoint). The kubelet derives the verb from the
 * HTTP method, so every standard verb can occur.
 */
const EXTRA_NAMES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  '': { 'nodes/checkpoint': STANDARD_VERBS },
};

/**
 * Names RBAC still accepts for resources that the API server no longer serves: PodSecurityPolicy went in 1.25, so
 * no verb on it means anything any more, while manifests written for older clusters still carry the rules.
 */
const RETIRED_RESOURCES: Readonly<Record<string, readonly string[]>> = { policy: ['podsecuritypolicies'] };

/**
 * The pseudo-subresource the OwnerReferencesPermissionEnforcement admission plugin checks before it lets an object
 * set blockOwnerDeletion on an owner of any kind. The plugin asks for update only, but since no REST request uses
 * the name, other verbs on it are harmless habit (the bootstrap policy itself has them) and are not reported.
 */
const FINALIZERS = 'finalizers';

function isFinalizersOf(group: string, resource: string): boolean {
  const { base, sub } = splitResource(resource);
  return sub === FINALIZERS && resourceInfo(group, base) !== undefined;
}

/** Whether RBAC can match `resource` (or `resource/subresource`) in a served group. */
export function knownIn(group: string, resource: string): boolean {
  const { base, sub } = splitResource(resource);
  const info = resourceInfo(group, base);
  if (info && (sub === undefined || info.subresources.has(sub) || sub === FINALIZERS)) return true;
  const entry = authorizationOnlyResource(group, resource);
  // The entry for any group stands for the wildcard spelling (a star, a slash, scale); a named resource of a
  // built-in group has a scale subresource only when the catalogue lists one.
  if (entry && !(entry.groups.includes('*') && base !== '*')) return true;
  return EXTRA_NAMES[group]?.[resource] !== undefined;
}

/**
 * The verbs `resource` of a served group can be requested with; undefined when the resource is unknown there or no
 * longer served, so that nothing can be said about its verbs.
 */
export function verbsIn(group: string, resource: string): ReadonlySet<string> | undefined {
  if (RETIRED_RESOURCES[group]?.includes(splitResource(resource).base)) return undefined;
  const extra = EXTRA_NAMES[group]?.[resource] ?? (isFinalizersOf(group, resource) ? STANDARD_VERBS : undefined);
  return extra ? new Set(extra) : verbsOf(group, resource);
}

/** The served groups in which `resource` exists, in catalogue order (the core group first). */
export function groupsKnowing(resource: string): string[] {
  return apiGroups().filter((group) => knownIn(group, resource));
}

/** A star alone, or a star followed by a slash and a subresource, names resources of any group, which the catalogue cannot judge. */
export function isWildcardResource(resource: string): boolean {
  return resource === '*' || resource.startsWith('*/');
}

export interface RuleGroups {
  /** The apiGroups values as written. */
  groups: string[];
  /** Those that kube-apiserver serves. */
  served: string[];
  /** Every group is served, so the catalogue knows everything the rule can name. */
  allServed: boolean;
  /** Some group is `*` or not built in: resources may be custom ones the catalogue does not know. */
  open: boolean;
}

/** The apiGroups of a resource rule, classified; undefined when the rule has no readable apiGroups list. */
export function ruleGroups(rule: RuleView): RuleGroups | undefined {
  const groups = rule.apiGroups?.items.map((item) => item.value);
  if (!groups || groups.length === 0) return undefined;
  const classes = groups.map(groupClass);
  return {
    groups,
    served: groups.filter((_, index) => classes[index] === 'served'),
    allServed: classes.every((kind) => kind === 'served'),
    open: classes.some((kind) => kind === 'wildcard' || kind === 'custom'),
  };
}

function splitResource(resource: string): { base: string; sub?: string } {
  const slash = resource.indexOf('/');
  return slash === -1 ? { base: resource } : { base: resource.slice(0, slash), sub: resource.slice(slash + 1) };
}

/** Another spelling of the resource: its case, its singular, its kind or (when allowed) one of its short names. */
function isVariantOf(info: ResourceInfo, word: string, shortNames: boolean): boolean {
  const lower = word.toLowerCase();
  return info.name === lower || info.singularName === lower || info.kind.toLowerCase() === lower || (shortNames && info.shortNames.includes(lower));
}

/** The subresources RBAC can name for `base` in a group: the served ones and the authorization-only ones. */
function subresourcesOf(group: string, base: string): string[] {
  const info = resourceInfo(group, base);
  const served = info ? [...info.subresources.keys(), FINALIZERS] : [];
  const extra = [...authorizationOnlyNames(group), ...Object.keys(EXTRA_NAMES[group] ?? {})]
    .filter((name) => name.startsWith(`${base}/`))
    .map((name) => name.slice(base.length + 1))
    .filter((sub) => !sub.includes('*'));
  return [...served, ...extra];
}

/** `base/sub` when `sub` is a subresource of `base` or close to one, else undefined. */
function withSubresource(group: string, base: string, sub: string | undefined): string | undefined {
  if (sub === undefined) return base;
  const subs = subresourcesOf(group, base);
  if (subs.includes(sub)) return `${base}/${sub}`;
  const suggestion = closest(sub, subs);
  return suggestion && `${base}/${suggestion}`;
}

export interface ResourceSuggestion {
  /** The name as RBAC spells it. */
  name: string;
  /** How the written name relates to it. */
  reason: 'subresource' | 'variant' | 'typo';
}

/**
 * The built-in name a resource that none of `groups` knows most likely meant: the same resource with a misspelt
 * subresource (`pods/exex`), another spelling of a resource (`Secret`, `deployment`, `svc`), or a near miss
 * (`deploymnets`). With `variantsOnly`, only other spellings of a resource count, and short names do not.
 */
export function suggestResource(resource: string, groups: readonly string[], variantsOnly = false): ResourceSuggestion | undefined {
  const { base, sub } = splitResource(resource);
  if (!variantsOnly && sub !== undefined) {
    for (const group of groups) {
      if (!resourceInfo(group, base) && subresourcesOf(group, base).length === 0) continue;
      const name = withSubresource(group, base, sub);
      if (name) return { name, reason: 'subresource' };
    }
  }
  for (const group of groups) {
    for (const info of resourcesOf(group).values()) {
      // With variants only, a resource spelt right leaves nothing to respell: its subresource may be a custom one.
      if (!isVariantOf(info, base, !variantsOnly) || (variantsOnly && info.name === base)) continue;
      const name = withSubresource(group, info.name, sub);
      if (name) return { name, reason: 'variant' };
    }
    const authorizationOnly = closest(base, authorizationOnlyNames(group).filter((name) => !name.includes('/')), 0);
    if (authorizationOnly) {
      const name = withSubresource(group, authorizationOnly, sub);
      if (name) return { name, reason: 'variant' };
    }
  }
  if (variantsOnly) return undefined;
  const candidates = groups.flatMap((group) => [
    ...[...resourcesOf(group).values()].flatMap((info) => [info.name, ...[...info.subresources.keys()].map((name) => `${info.name}/${name}`)]),
    ...authorizationOnlyNames(group).filter((name) => !name.includes('*')),
    ...Object.keys(EXTRA_NAMES[group] ?? {}),
  ]);
  const typo = closest(resource, candidates);
  return typo ? { name: typo, reason: 'typo' } : undefined;
}

/**
 * Scopes of the authorization-only names: impersonating users, groups and node identities, and signers, are
 * cluster-wide checks. (PodSecurityPolicy `use` was checked in the pod's namespace, so it has no entry.)
 */
const AUTHORIZATION_ONLY_SCOPES: Readonly<Record<string, Readonly<Record<string, 'cluster' | 'namespaced'>>>> = {
  '': { users: 'cluster', groups: 'cluster' },
  'authentication.k8s.io': { users: 'cluster', groups: 'cluster', uids: 'cluster', userextras: 'cluster', nodes: 'cluster' },
  'certificates.k8s.io': { signers: 'cluster' },
};

/**
 * Whether requests for `resource` in a served group carry a namespace: 'namespaced' or 'cluster', or undefined
 * when the catalogue does not say. Subresources share the scope of their resource.
 */
export function scopeOf(group: string, resource: string): 'cluster' | 'namespaced' | undefined {
  const { base } = splitResource(resource);
  const info = resourceInfo(group, base);
  if (info) return info.namespaced ? 'namespaced' : 'cluster';
  return AUTHORIZATION_ONLY_SCOPES[group]?.[base];
}
