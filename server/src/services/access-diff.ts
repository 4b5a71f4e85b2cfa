/**
 * What a change does to access and reachability, between the workspace indexes of two revisions, as plain data
 * for `kubeward diff`'s JSON (whose schema this is) and for the text and Markdown reports (access-diff-words.ts):
 * per subject, the grants added and removed (analysis/rbac/access-delta.ts), each traced to the binding and rule
 * that grant it in the revision that has it; per pair of workloads present in both revisions, the ports whose
 * traffic the NetworkPolicies newly allow or no longer allow.
 */
import { accessDelta, type DeltaSubject, type GrantChange, type GrantOrigin } from '../engine/analysis/rbac/access-delta';
import type { ValueSet } from '../engine/analysis/rbac/grant-sets';
import type { UrlAtoms } from '../engine/analysis/rbac/url-atoms';
import { describeEndpoint } from '../engine/analysis/netpol/explain';
import type { WorkloadData } from '../engine/analysis/netpol/inventory';
import { DEFAULT_REACH_OPTIONS, type AddressEndpoint, type Endpoint, type NetworkModel, type ReachOptions } from '../engine/analysis/netpol/reach';
import type { SourceLocation } from '../engine/reference/policy-data';
import type { Authorizer } from '../engine/analysis/rbac/authorizer';

/** A set of values: these, or (`any`) every value but `except`. */
export type ValuesJson = { values: string[] } | { any: true; except: string[] };

export interface PlaceJson {
  file: string;
  /** 1-based. */
  line: number;
}

export interface GrantJson {
  verbs: ValuesJson;
  /** Resource grants: */
  apiGroups?: ValuesJson;
  resources?: ValuesJson;
  /** "" is the resource itself, without a subresource. */
  subresources?: ValuesJson;
  /** "" is a request without a name (list, create). */
  resourceNames?: ValuesJson;
  /** "" is cluster-wide (a request without a namespace). */
  namespaces?: ValuesJson;
  /** Non-resource grants: paths, with `prefix*` for the paths under a prefix. */
  nonResourceURLs?: string[];
  /** The risky capabilities inside the grant, most severe first, in a few words each. */
  risks: string[];
  /** The rules that grant it, with their bindings, in the revision that has it. */
  via: {
    binding: { kind: string; name: string; namespace?: string; at?: PlaceJson };
    role: { kind: string; name: string; namespace?: string; at?: PlaceJson };
    /** For a rule an aggregated ClusterRole takes from another: the ClusterRole it is written in. */
    aggregatedFrom?: { kind: string; name: string };
    rule?: PlaceJson;
  }[];
}

export interface SubjectAccessJson {
  subject: DeltaSubject;
  added: GrantJson[];
  removed: GrantJson[];
}

export interface ReachabilityChangeJson {
  from: string;
  to: string;
  /** What the policies said, in each revision: allowed, denied or depends (on what manifests do not say). */
  before: { answer: string; ports: string };
  after: { answer: string; ports: string };
  /** Ports allowed now and not before, and the reverse ("no port" when none). */
  added: string;
  removed: string;
}

export interface AccessDiffJson {
  access: SubjectAccessJson[];
  reachability: ReachabilityChangeJson[];
}

/** A revision's policy and where its objects are written: a workspace index. */
export interface RevisionIndex {
  authorizer(): Authorizer;
  locate(source: SourceLocation): { file: string; start: { line: number } } | undefined;
}

function valuesJson(set: ValueSet): ValuesJson {
  const sorted = [...set.values].sort();
  return set.except ? { any: true, except: sorted } : { values: sorted };
}

function grantJson(change: GrantChange, urls: UrlAtoms, authorizer: Authorizer, placeOf: (source: SourceLocation | undefined) => PlaceJson | undefined): GrantJson {
  const [verbs, ...rest] = change.box.sets;
  const via = change.box.origins.map(({ binding, role, rule }: GrantOrigin) => {
    const written = authorizer.definingRole(rule);
    return {
      binding: { kind: binding.kind, name: binding.name, ...(binding.namespace ? { namespace: binding.namespace } : {}), ...optionalPlace(placeOf(binding.source)) },
      role: { kind: role.kind, name: role.name, ...(role.namespace ? { namespace: role.namespace } : {}), ...optionalPlace(placeOf(role.source)) },
      ...(written && written !== role ? { aggregatedFrom: { kind: written.kind, name: written.name } } : {}),
      ...(placeOf(rule.source) ? { rule: placeOf(rule.source) } : {}),
    };
  });
  const risks = change.risks.map((risk) => risk.label);
  if (change.kind === 'nonResource') return { verbs: valuesJson(verbs), nonResourceURLs: urls.describe(rest[0].values), risks, via };
  const [apiGroups, resources, subresources, resourceNames, namespaces] = rest.map(valuesJson);
  return { verbs: valuesJson(verbs), apiGroups, resources, subresources, resourceNames, namespaces, risks, via };
}

const optionalPlace = (place: PlaceJson | undefined) => (place ? { at: place } : {});

/**
 * Every subject's grants added and removed between two revisions, each placed in the revision that has it;
 * `fileName` turns an index's file name (a path or URI) into the one a reader is shown.
 */
export function accessChanges(base: RevisionIndex, head: RevisionIndex, fileName: (file: string) => string = (file) => file): SubjectAccessJson[] {
  const authorizers = { base: base.authorizer(), head: head.authorizer() };
  const delta = accessDelta(authorizers.base, authorizers.head);
  const placeIn = (revision: RevisionIndex) => (source: SourceLocation | undefined): PlaceJson | undefined => {
    const located = source && revision.locate(source);
    return located && { file: fileName(located.file), line: located.start.line + 1 };
  };
  return delta.subjects.map(({ subject, added, removed }) => ({
    subject,
    added: added.map((change) => grantJson(change, delta.urls, authorizers.head, placeIn(head))),
    removed: removed.map((change) => grantJson(change, delta.urls, authorizers.base, placeIn(base))),
  }));
}

const OUTSIDE: AddressEndpoint = { type: 'address', cidr: '0.0.0.0/0' };
const workloadKey = (workload: WorkloadData) => `${workload.kind}/${workload.namespace}/${workload.name}`;
/** What a workload is, as far as traffic goes (its place in the file is not). */
const workloadMeaning = (workload: WorkloadData) => JSON.stringify([workload.labels, workload.ports]);
const withoutSource = (value: unknown) => JSON.stringify(value, (key, inner: unknown) => (key === 'source' ? undefined : inner));

/**
 * Pairs of workloads present in both revisions, the outside world (0.0.0.0/0) and the address ranges the policies
 * of either revision name in ipBlocks, whose allowed ports differ. Only pairs with a workload whose own data,
 * namespace labels or namespace policies changed can differ, so only those are asked: a change in one namespace
 * costs its workloads times all, not all times all.
 */
export function reachabilityChanges(base: NetworkModel, head: NetworkModel, options: ReachOptions = DEFAULT_REACH_OPTIONS): ReachabilityChangeJson[] {
  const baseWorkloads = new Map(base.workloadsAll().map((workload) => [workloadKey(workload), workload]));
  const shared = head.workloadsAll().filter((workload) => baseWorkloads.has(workloadKey(workload)));
  const namespaceState = (model: NetworkModel, namespace: string) =>
    withoutSource([model.policies.filter((policy) => policy.namespace === namespace), model.namespaces.find((item) => item.name === namespace)?.labels ?? {}]);
  const changedNamespaces = new Set(
    [...new Set([...base.workloadsAll(), ...head.workloadsAll()].map((workload) => workload.namespace)), ...[...base.policies, ...head.policies].map((policy) => policy.namespace)].filter(
      (namespace) => namespaceState(base, namespace) !== namespaceState(head, namespace),
    ),
  );
  // A namespace's labels are read by selectors in every other namespace's policies.
  const labelsMoved = [...changedNamespaces].some((namespace) => withoutSource(base.namespaces.find((item) => item.name === namespace)?.labels ?? {}) !== withoutSource(head.namespaces.find((item) => item.name === namespace)?.labels ?? {}));
  const touched = new Set(
    shared.filter((workload) => labelsMoved || changedNamespaces.has(workload.namespace) || workloadMeaning(workload) !== workloadMeaning(baseWorkloads.get(workloadKey(workload))!)),
  );
  const ranges = new Set([...base.policies, ...head.policies].flatMap((policy) => [...policy.ingress, ...policy.egress].flatMap((rule) => rule.peers.flatMap((peer) => (peer.ipBlock ? [peer.ipBlock.cidr] : [])))));
  ranges.delete(OUTSIDE.cidr);
  const endpoints: Endpoint[] = [...shared, OUTSIDE, ...[...ranges].sort().map((cidr): Endpoint => ({ type: 'address', cidr }))];
  const inBase = (endpoint: Endpoint): Endpoint => (endpoint.type === 'address' ? endpoint : baseWorkloads.get(workloadKey(endpoint))!);
  const changes: ReachabilityChangeJson[] = [];
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from === to || !((from.type === 'workload' && touched.has(from)) || (to.type === 'workload' && touched.has(to)))) continue;
      const before = base.reach(inBase(from), inBase(to), undefined, options);
      const after = head.reach(from, to, undefined, options);
      if (before.answer === after.answer && before.ports.equals(after.ports)) continue;
      changes.push({
        from: describeEndpoint(from),
        to: describeEndpoint(to),
        before: { answer: before.answer, ports: before.ports.describe() },
        after: { answer: after.answer, ports: after.ports.describe() },
        added: after.ports.minus(before.ports).describe(),
        removed: before.ports.minus(after.ports).describe(),
      });
    }
  }
  return changes;
}
