/**
 * What RBAC rules may name, from the generated API catalogue: the resources of each API group with their scope,
 * verbs and subresources, the names that exist only for authorization (kubelet subresources, signers,
 * impersonation targets), and the verbs that are not REST verbs (bind, escalate, impersonate, approve, ...).
 */
import apiResources from './api-resources.json';

export const STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
/** Verbs of requests to non-resource URLs: the lower-cased HTTP method. */
export const NON_RESOURCE_VERBS: readonly string[] = apiResources.nonResourceVerbs;

export interface ResourceInfo {
  group: string;
  name: string;
  kind: string;
  singularName: string;
  shortNames: readonly string[];
  namespaced: boolean;
  verbs: readonly string[];
  subresources: ReadonlyMap<string, readonly string[]>;
}

interface AuthorizationOnlyEntry {
  groups: readonly string[];
  /** The resource as RBAC spells it; `*` in a segment stands for any name (`userextras/*`). */
  resource: string;
  verbs?: readonly string[];
}

interface SpecialVerb {
  verb: string;
  /** Undefined: any group or resource. */
  groups?: readonly string[];
  resources?: readonly string[];
}

const resourcesByGroup = new Map<string, Map<string, ResourceInfo>>();

for (const group of apiResources.groups) {
  const resources = new Map<string, ResourceInfo>();
  for (const resource of group.resources) {
    const subresources = new Map<string, readonly string[]>();
    for (const sub of (resource as { subresources?: { name: string; verbs: string[] }[] }).subresources ?? []) subresources.set(sub.name, sub.verbs);
    resources.set(resource.name, {
      group: group.group,
      name: resource.name,
      kind: resource.kind,
      singularName: resource.singularName,
      shortNames: (resource as { shortNames?: string[] }).shortNames ?? [],
      namespaced: resource.namespaced,
      verbs: resource.verbs,
      subresources,
    });
  }
  resourcesByGroup.set(group.group, resources);
}

/** Upstream writes some entries compactly ("apps, extensions", "users|groups", "<key>"); spell them out. */
const AUTHORIZATION_ONLY: AuthorizationOnlyEntry[] = apiResources.virtualResources.flatMap((entry) => {
  const groups = entry.group === '*' ? ['*'] : entry.group.split(/,\s*/);
  return entry.resource.split('|').map((resource) => ({
    groups,
    resource: resource.replace(/<[^>]+>/g, '*'),
    ...((entry as { verbs?: string[] }).verbs ? { verbs: (entry as { verbs: string[] }).verbs } : {}),
  }));
});

const IMPERSONATE: SpecialVerb = {
  verb: 'impersonate',
  groups: ['', 'authentication.k8s.io'],
  resources: ['users', 'groups', 'serviceaccounts', 'uids', 'userextras/*'],
};

const SPECIAL_VERBS: SpecialVerb[] = apiResources.specialVerbs.flatMap((entry) => {
  const groupText = (entry as { group?: string }).group;
  const resources = (entry as { resources?: string[] | string }).resources;
  const groups = groupText === undefined || groupText === 'any' ? undefined : groupText.replace(/\s*\(also (\w+)\)/, ', $1').split(/,\s*/);
  const resourceList = Array.isArray(resources) ? resources.map((resource) => resource.replace(/<[^>]+>/g, '*')) : undefined;
  return entry.verb.split(/\s*\|\s*/).map((verb) =>
    // Upstream lists plain `impersonate` without targets; they are the identities the authorization-only entries name.
    verb === 'impersonate' && !groups ? IMPERSONATE : { verb, groups, resources: resourceList },
  );
});

export function apiGroups(): string[] {
  return [...resourcesByGroup.keys()];
}

export function isServedGroup(group: string): boolean {
  return resourcesByGroup.has(group);
}

export function resourcesOf(group: string): ReadonlyMap<string, ResourceInfo> {
  return resourcesByGroup.get(group) ?? new Map();
}

export function resourceInfo(group: string, resource: string): ResourceInfo | undefined {
  return resourcesByGroup.get(group)?.get(resource);
}

function segmentsMatch(pattern: string, name: string): boolean {
  const patternParts = pattern.split('/');
  const nameParts = name.split('/');
  return patternParts.length === nameParts.length && patternParts.every((part, index) => part === '*' || part === nameParts[index]);
}

/** An authorization-only name (kubelet subresources, `signers`, `users`, any scale subresource) in that group. */
export function authorizationOnlyResource(group: string, resource: string): AuthorizationOnlyEntry | undefined {
  return AUTHORIZATION_ONLY.find((entry) => (entry.groups.includes(group) || entry.groups.includes('*')) && segmentsMatch(entry.resource, resource));
}

/**
 * The authorization-only names written for one group (`users`, `nodes/proxy`, `userextras/*`), for suggesting
 * the intended name; entries that apply to any group (`*` + `/scale`) are left out.
 */
export function authorizationOnlyNames(group: string): string[] {
  return AUTHORIZATION_ONLY.filter((entry) => entry.groups.includes(group)).map((entry) => entry.resource);
}

/**
 * The verbs a resource (or `resource/subresource`) of a built-in group can be requested with, including the
 * special verbs that mean something on it; undefined when the resource is unknown.
 */
export function verbsOf(group: string, resource: string): ReadonlySet<string> | undefined {
  const key = `${group}\u0000${resource}`;
  if (!verbsCache.has(key)) verbsCache.set(key, computeVerbs(group, resource));
  return verbsCache.get(key);
}

const verbsCache = new Map<string, ReadonlySet<string> | undefined>();

function computeVerbs(group: string, resource: string): ReadonlySet<string> | undefined {
  const [name, sub] = resource.split('/', 2);
  const info = resourceInfo(group, name);
  const verbs = new Set<string>();
  if (info) {
    const base = sub === undefined ? info.verbs : info.subresources.get(sub);
    base?.forEach((verb) => verbs.add(verb));
  }
  const authorizationOnly = authorizationOnlyResource(group, resource);
  if (authorizationOnly) (authorizationOnly.verbs ?? STANDARD_VERBS).forEach((verb) => verbs.add(verb));
  if (verbs.size === 0) return undefined;
  for (const special of SPECIAL_VERBS) {
    if (special.groups && !special.groups.includes(group)) continue;
    if (special.resources && !special.resources.some((pattern) => segmentsMatch(pattern, resource))) continue;
    if (special.verb.includes('<')) continue;
    verbs.add(special.verb);
  }
  return verbs;
}

/** Every verb Kubernetes gives a meaning to, for spotting typos in rules whose resources are not known. */
export function knownVerbs(): ReadonlySet<string> {
  return KNOWN_VERBS;
}

const KNOWN_VERBS: ReadonlySet<string> = new Set([
  ...STANDARD_VERBS,
  ...NON_RESOURCE_VERBS,
  'proxy',
  ...SPECIAL_VERBS.filter((special) => !special.verb.includes('<')).map((special) => special.verb),
]);

/** Verbs written with a pattern, such as constrained impersonation's `impersonate-on:<mode>:<verb>`. */
export function isPatternVerb(verb: string): boolean {
  return /^impersonate-on:[a-z-]+:[a-z*]+$/.test(verb);
}

/**
 * Resolves a resource the way kubectl's command line names one: `pods`, `deployments.apps`, a singular, kind or
 * short name (`deploy`, `Deployment`), each optionally followed by `/subresource`. Names with a group suffix that
 * is not built in are taken as custom resources. Undefined when a bare name matches nothing built in.
 */
export function resolveResourceName(text: string): { group: string; resource: string; subresource?: string } | undefined {
  const slash = text.indexOf('/');
  const base = slash === -1 ? text : text.slice(0, slash);
  const subresource = slash === -1 ? undefined : text.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot !== -1) {
    const group = base.slice(dot + 1);
    const resource = base.slice(0, dot);
    const info = resourcesByGroup.get(group) ? findResource(resourcesByGroup.get(group)!, resource) : undefined;
    return { group, resource: info?.name ?? resource, ...(subresource ? { subresource } : {}) };
  }
  for (const resources of resourcesByGroup.values()) {
    const info = findResource(resources, base);
    if (info) return { group: info.group, resource: info.name, ...(subresource ? { subresource } : {}) };
  }
  return undefined;
}

function findResource(resources: ReadonlyMap<string, ResourceInfo>, name: string): ResourceInfo | undefined {
  const exact = resources.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const info of resources.values()) {
    if (info.singularName === lower || info.kind.toLowerCase() === lower || info.shortNames.includes(lower)) return info;
  }
  return undefined;
}
