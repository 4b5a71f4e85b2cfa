/**
 * Lookups over the generated API catalogue and lifecycle tables (see README.md in this folder for their
 * upstream sources): which group/versions the API server serves, which kinds each serves, and when a removed
 * group/version/kind went away.
 */
import apiResources from './api-resources.json';
import apiLifecycle from './api-lifecycle.json';

export interface GroupVersionInfo {
  group: string;
  version: string;
  stability: string;
  enabledByDefault: boolean;
}

export interface LifecycleEntry {
  apiVersion: string;
  kind: string;
  introduced?: string;
  deprecated?: string;
  removed?: string;
  replacement?: string;
}

export const REFERENCE_KUBERNETES_VERSION: string = apiResources.kubernetesVersion;

/** Kinds that clients accept although no API endpoint serves them (kubectl reads these files itself). */
const CLIENT_SIDE_KINDS: Record<string, string[]> = { v1: ['List', 'Config'] };

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const groupVersions = new Map<string, GroupVersionInfo>();
const kindsByApiVersion = new Map<string, Set<string>>();
const apiVersionsByKind = new Map<string, string[]>();
const preferredVersionByGroup = new Map<string, string>();

for (const group of apiResources.groups) {
  preferredVersionByGroup.set(group.group, group.preferredVersion);
  for (const version of group.versions) {
    const apiVersion = apiVersionOf(group.group, version.version);
    groupVersions.set(apiVersion, { group: group.group, ...version });
    kindsByApiVersion.set(apiVersion, new Set(CLIENT_SIDE_KINDS[apiVersion] ?? []));
  }
  for (const resource of group.resources) {
    const byVersion = (resource as { kindByVersion?: Record<string, string> }).kindByVersion ?? {};
    for (const version of resource.versions) {
      const kind = byVersion[version] ?? resource.kind;
      const apiVersion = apiVersionOf(group.group, version);
      kindsByApiVersion.get(apiVersion)?.add(kind);
    }
  }
}
// Order each kind's apiVersions by preference: the group's preferred version first, stable before beta before alpha.
for (const [apiVersion, kinds] of kindsByApiVersion) {
  for (const kind of kinds) {
    const list = apiVersionsByKind.get(kind) ?? [];
    list.push(apiVersion);
    apiVersionsByKind.set(kind, list);
  }
}
const stabilityRank: Record<string, number> = { stable: 0, beta: 1, alpha: 2 };
for (const list of apiVersionsByKind.values()) {
  list.sort((a, b) => rank(a) - rank(b));
}
function rank(apiVersion: string): number {
  const info = groupVersions.get(apiVersion);
  if (!info) return 9;
  const preferred = preferredVersionByGroup.get(info.group) === info.version ? 0 : 1;
  return (stabilityRank[info.stability] ?? 3) * 2 + preferred;
}

const lifecycleByKey = new Map<string, LifecycleEntry>();
const historicalGroups = new Set<string>();
const lifecycleKinds = new Set<string>();
for (const entry of apiLifecycle.entries as LifecycleEntry[]) {
  lifecycleKinds.add(entry.kind);
  lifecycleByKey.set(`${entry.apiVersion}/${entry.kind}`, entry);
  historicalGroups.add(splitApiVersion(entry.apiVersion).group);
}

export function servedGroupVersion(apiVersion: string): GroupVersionInfo | undefined {
  return groupVersions.get(apiVersion);
}

export function servedKinds(apiVersion: string): ReadonlySet<string> {
  return kindsByApiVersion.get(apiVersion) ?? new Set();
}

/** The apiVersions that serve a kind, most preferred first. */
export function apiVersionsServing(kind: string): readonly string[] {
  return apiVersionsByKind.get(kind) ?? [];
}

export function allServedKinds(): string[] {
  return [...apiVersionsByKind.keys()];
}

/** Kinds that some removed or unserved apiVersion had, whether or not a served version still has them. */
export function retiredKinds(): ReadonlySet<string> {
  return lifecycleKinds;
}

export function lifecycleOf(apiVersion: string, kind: string): LifecycleEntry | undefined {
  return lifecycleByKey.get(`${apiVersion}/${kind}`);
}

/** Groups that the API server serves or once served. */
export function knownGroups(): string[] {
  return [...new Set([...preferredVersionByGroup.keys(), ...historicalGroups])];
}

export function isKnownGroup(group: string): boolean {
  return preferredVersionByGroup.has(group) || historicalGroups.has(group);
}

export function preferredVersion(group: string): string | undefined {
  return preferredVersionByGroup.get(group);
}

/** Compares Kubernetes minor releases written as "1.22". */
export function compareReleases(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
