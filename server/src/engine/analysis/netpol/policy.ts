/**
 * NetworkPolicies as plain data with their effect spelled out: effective policyTypes after defaulting, and rules,
 * peers and ports with "absent" and "empty" already read the way Kubernetes reads them. Reachability and the plain
 * English explanations work on this form; each part keeps where it was written so answers can cite it.
 */
import { isScalar, type Node, type Scalar } from 'yaml';
import type { ManifestDocument } from '../../model/document';
import { networkPolicyOf, type LabelSelectorView, type NetworkPolicyView, type PeerView, type PortView, type RuleView } from '../../model/views/netpol';
import { perDocument } from '../per-document';
import type { LabelSelectorData, SourceLocation } from '../../reference/policy-data';

export type PolicyType = 'Ingress' | 'Egress';

export interface IpBlockData {
  cidr: string;
  except: string[];
}

/**
 * One element of `from`/`to`. With both selectors the pod must match both (AND); with only `podSelector` the pod
 * must be in the policy's namespace. A peer with neither selector nor ipBlock is invalid and matches nothing.
 */
export interface PeerData {
  index: number;
  podSelector?: LabelSelectorData;
  namespaceSelector?: LabelSelectorData;
  ipBlock?: IpBlockData;
  source?: SourceLocation;
}

export interface PortData {
  index: number;
  /** `TCP` when not written, as the API server defaults it. */
  protocol: string;
  /** A port number or a named container port; undefined means every port of the protocol. */
  port?: number | string;
  /** Last port of an inclusive range starting at `port`. */
  endPort?: number;
  source?: SourceLocation;
}

export interface RuleData {
  index: number;
  /** Peers, ORed. Empty when `from`/`to` is absent or `[]`: the rule then admits every peer. */
  peers: PeerData[];
  /** Ports, ORed. Empty when `ports` is absent or `[]`: the rule then admits every port. */
  ports: PortData[];
  source?: SourceLocation;
}

export interface NetworkPolicyData {
  name: string;
  /** As written, or `default`. */
  namespace: string;
  podSelector: LabelSelectorData;
  /** Effective policy types, after the API server's defaulting. */
  policyTypes: PolicyType[];
  /** Rules, ORed. Empty with Ingress in `policyTypes` means all ingress to the selected pods is denied. */
  ingress: RuleData[];
  egress: RuleData[];
  source?: SourceLocation;
}

/** The policy of a document with locations relative to it; the same object for the same document. */
export const relativeNetworkPolicy: (document: ManifestDocument) => NetworkPolicyData | undefined = perDocument((document) => {
  const view = networkPolicyOf(document);
  return view && networkPolicyData(view);
});

/** A policy's data located in `file`, with its document starting at `offset`. */
export function placeNetworkPolicy(policy: NetworkPolicyData, file: string, offset: number): NetworkPolicyData {
  const place = <T extends { source?: SourceLocation }>(item: T): T =>
    item.source ? { ...item, source: { file, start: item.source.start + offset, end: item.source.end + offset } } : item;
  const placeRule = (rule: RuleData): RuleData => place({ ...rule, peers: rule.peers.map(place), ports: rule.ports.map(place) });
  return place({ ...policy, ingress: policy.ingress.map(placeRule), egress: policy.egress.map(placeRule) });
}

/** Reads a view into policy data, applying the API server's defaults. */
export function networkPolicyData(view: NetworkPolicyView): NetworkPolicyData {
  const written = (view.policyTypes?.items ?? []).map((item) => item.value).filter((type): type is PolicyType => type === 'Ingress' || type === 'Egress');
  const egress = view.egress?.rules.map(ruleData) ?? [];
  // Upstream defaulting (SetDefaults_NetworkPolicySpec) looks at len(spec.egress): `egress: []` adds no Egress type.
  const policyTypes: PolicyType[] = written.length > 0 ? [...new Set(written)] : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    name: view.name?.value ?? '',
    namespace: view.namespace?.value || 'default',
    // Without a podSelector (or a spec) the policy selects every pod, as `podSelector: {}` does.
    podSelector: view.podSelector ? selectorData(view.podSelector) : { matchLabels: {}, matchExpressions: [] },
    policyTypes,
    ingress: view.ingress?.rules.map(ruleData) ?? [],
    egress,
    source: at(view.node),
  };
}

function ruleData(rule: RuleView): RuleData {
  return { index: rule.index, peers: rule.peers?.items.map(peerData) ?? [], ports: rule.ports?.items.map(portData) ?? [], source: at(rule.node) };
}

function peerData(peer: PeerView): PeerData {
  // `podSelector:` with no value decodes to a nil pointer, which is the same as not writing it.
  const podSelector = peer.podSelector?.node ? selectorData(peer.podSelector) : undefined;
  const namespaceSelector = peer.namespaceSelector?.node ? selectorData(peer.namespaceSelector) : undefined;
  const ipBlock = peer.ipBlock && { cidr: peer.ipBlock.cidr?.value ?? '', except: peer.ipBlock.except.map((item) => item.value) };
  return { index: peer.index, ...(podSelector ? { podSelector } : {}), ...(namespaceSelector ? { namespaceSelector } : {}), ...(ipBlock ? { ipBlock } : {}), source: at(peer.node) };
}

function portData(port: PortView): PortData {
  const number = (scalar: Scalar | undefined) => (typeof scalar?.value === 'number' ? scalar.value : undefined);
  const value = isScalar(port.port) && (typeof port.port.value === 'number' || typeof port.port.value === 'string') ? port.port.value : undefined;
  const endPort = number(port.endPort);
  return {
    index: port.index,
    protocol: port.protocol?.value ?? 'TCP',
    ...(value !== undefined ? { port: value } : {}),
    ...(endPort !== undefined ? { endPort } : {}),
    source: at(port.node),
  };
}

function selectorData(view: LabelSelectorView): LabelSelectorData {
  return {
    matchLabels: view.matchLabels,
    matchExpressions: view.matchExpressions.map(({ key, operator, values }) => ({ key, operator, values })),
  };
}

function at(node: Node): SourceLocation {
  const [start, end] = node.range ?? [0, 0];
  return { file: '', start, end };
}
