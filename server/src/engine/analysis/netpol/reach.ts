/**
 * Who can reach whom under a set of NetworkPolicies (SEMANTICS §6): a pod is isolated in a direction when some
 * policy in its namespace selects it for that direction, isolated pods accept only what some rule allows (allows
 * add up, nothing denies), and traffic needs egress allowed at the source AND ingress allowed at the destination,
 * on the same port: named ports resolve against the destination pod by name and protocol, and without a port in
 * the question the ports each side allows must meet. Addresses outside the cluster are never isolated; ipBlock
 * peers match them by containment. Whether they match pods is up to the network plugin (ReachOptions), and the
 * answer is `depends` where that, a pod's address or the part of a range decides.
 */
import type { IpBlockMatchesPods } from '../../config';
import { NAMESPACE_NAME_LABEL } from '../../model/views/workload';
import type { NamespaceData, WorkloadData } from './inventory';
import { parseRange, rangeContains, rangesOverlap } from './ip';
import { PortSet } from './ports';
import type { NetworkPolicyData, PeerData, PolicyType, PortData, RuleData } from './policy';
import { selectorMatches } from '../label-selector';

/** An IP address or CIDR range, as one end of traffic. */
export interface AddressEndpoint {
  type: 'address';
  cidr: string;
}

export type Endpoint = WorkloadData | AddressEndpoint;

/** A concrete port to ask about; a named port is resolved against the destination first (`resolveNamedPort`). */
export interface PortQuery {
  port: number;
  protocol: string;
}

/** What the policies say of some traffic; `depends` when it turns on something manifests do not know. */
export type Answer = 'allowed' | 'denied' | 'depends';

export interface ReachOptions {
  ipBlockMatchesPods: IpBlockMatchesPods;
}

export const DEFAULT_REACH_OPTIONS: ReachOptions = { ipBlockMatchesPods: 'unknown' };

/** One rule that lets the traffic through, with the peer and port entries that matched (none when the list is empty). */
export interface RuleMatch {
  policy: NetworkPolicyData;
  rule: RuleData;
  peer?: PeerData;
  port?: PortData;
  /** Whether the peer surely matches; false when that depends on something manifests do not say. */
  certain: boolean;
}

export interface Verdict {
  direction: PolicyType;
  /** Whether some policy selects the pod for this direction; a pod that is not isolated allows everything. */
  isolated: boolean;
  /** The policies that isolate the pod in this direction. */
  isolatedBy: NetworkPolicyData[];
  answer: Answer;
  /** Whether the answer is surely `allowed`. */
  allowed: boolean;
  /** Every rule that allows (or may allow) the traffic, across all isolating policies. */
  allowedBy: RuleMatch[];
  /** The ports this direction surely allows for this pair, and those it may allow. */
  ports: PortSet;
  possiblePorts: PortSet;
}

export interface Reachability {
  answer: Answer;
  allowed: boolean;
  egress: Verdict;
  ingress: Verdict;
  /** The ports both directions allow (without a port in the question: where egress and ingress meet). */
  ports: PortSet;
  /** What a `depends` answer turns on, in words. */
  dependsOn: string[];
}

export class NetworkModel {
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  constructor(
    readonly policies: readonly NetworkPolicyData[],
    readonly workloads: readonly WorkloadData[],
    readonly namespaces: readonly NamespaceData[],
  ) {
    for (const namespace of namespaces) this.namespaceLabels.set(namespace.name, namespace.labels);
  }

  /**
   * Whether traffic from `from` to `to` is allowed on `port`; without a port, whether some port is allowed by both
   * the source's egress and the destination's ingress (each side's ports resolved against the destination).
   */
  reach(from: Endpoint, to: Endpoint, port?: PortQuery, options: ReachOptions = DEFAULT_REACH_OPTIONS): Reachability {
    const reasons = new Set<string>();
    const egress = this.verdict('Egress', from, to, to, port, options, reasons);
    const ingress = this.verdict('Ingress', to, from, to, port, options, reasons);
    const sure = egress.ports.intersect(ingress.ports);
    const possible = egress.possiblePorts.intersect(ingress.possiblePorts);
    const answer: Answer = !sure.isEmpty() ? 'allowed' : !possible.isEmpty() ? 'depends' : 'denied';
    return { answer, allowed: answer === 'allowed', egress, ingress, ports: answer === 'depends' ? possible : sure, dependsOn: answer === 'depends' ? [...reasons] : [] };
  }

  /** The number and protocol of a destination pod's port named `name` (of `protocol` when given). */
  resolveNamedPort(destination: Endpoint, name: string, protocol?: string): PortQuery | undefined {
    if (destination.type === 'address') return undefined;
    const found = destination.ports.find((candidate) => candidate.name === name && (!protocol || candidate.protocol === protocol) && candidate.containerPort !== undefined);
    return found && { port: found.containerPort as number, protocol: found.protocol };
  }

  /** The policies that select a workload's pods, in any direction. */
  policiesSelecting(workload: WorkloadData): NetworkPolicyData[] {
    return this.policies.filter((policy) => policy.namespace === workload.namespace && selectorMatches(policy.podSelector, workload.labels));
  }

  /** Every workload of the workspace. */
  workloadsAll(): readonly WorkloadData[] {
    return this.workloads;
  }

  /** The workloads of a namespace. */
  workloadsIn(namespace: string): WorkloadData[] {
    return this.workloads.filter((workload) => workload.namespace === namespace);
  }

  /** The workloads whose pods a policy selects. */
  workloadsSelectedBy(policy: NetworkPolicyData): WorkloadData[] {
    return this.workloads.filter((workload) => policy.namespace === workload.namespace && selectorMatches(policy.podSelector, workload.labels));
  }

  /** The workloads a rule's peers select (every workload when it lists none); ipBlocks are left out here. */
  workloadsMatchedBy(policy: NetworkPolicyData, rule: RuleData): WorkloadData[] {
    if (rule.peers.length === 0) return [...this.workloads];
    const never: ReachOptions = { ipBlockMatchesPods: 'no' };
    return this.workloads.filter((workload) => rule.peers.some((peer) => this.peerMatches(policy, peer, workload, never, new Set()) === 'yes'));
  }

  /** A workload by namespace and name; with several kinds of the same name, the first one indexed. */
  findWorkload(namespace: string, name: string): WorkloadData | undefined {
    return this.workloads.find((workload) => workload.namespace === namespace && workload.name === name);
  }

  /** A namespace's labels: as declared, or only its name label when no Namespace object is in the manifests. */
  labelsOfNamespace(name: string): Record<string, string> {
    return this.namespaceLabels.get(name) ?? { [NAMESPACE_NAME_LABEL]: name };
  }

  /**
   * The verdict at `subject` for traffic with `counterpart`, in `direction`. `destination` is where named ports
   * resolve: for egress too, a named port means the port of that name on the destination pod.
   */
  private verdict(direction: PolicyType, subject: Endpoint, counterpart: Endpoint, destination: Endpoint, query: PortQuery | undefined, options: ReachOptions, reasons: Set<string>): Verdict {
    const asked = query ? PortSet.of(query.protocol, query.port, query.port) : PortSet.all();
    const isolatedBy = subject.type === 'address' ? [] : this.policiesSelecting(subject).filter((policy) => policy.policyTypes.includes(direction));
    if (isolatedBy.length === 0) return { direction, isolated: false, isolatedBy, answer: 'allowed', allowed: true, allowedBy: [], ports: asked, possiblePorts: asked };
    const allowedBy: RuleMatch[] = [];
    let sure = PortSet.none();
    let possible = PortSet.none();
    for (const policy of isolatedBy) {
      for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
        const peer = rule.peers.length === 0 ? { answer: 'yes' as const } : this.bestPeer(policy, rule.peers, counterpart, options, reasons);
        if (peer.answer === 'no') continue;
        const ports = rulePorts(rule, destination).intersect(asked);
        if (ports.isEmpty()) continue;
        const certain = peer.answer === 'yes';
        if (certain) sure = sure.union(ports);
        possible = possible.union(ports);
        const portEntry = query ? rule.ports.find((entry) => entryPorts(entry, destination).has(query.protocol, query.port)) : undefined;
        allowedBy.push({ policy, rule, ...(peer.peer ? { peer: peer.peer } : {}), ...(portEntry ? { port: portEntry } : {}), certain });
      }
    }
    const answer: Answer = !sure.isEmpty() ? 'allowed' : !possible.isEmpty() ? 'depends' : 'denied';
    return { direction, isolated: true, isolatedBy, answer, allowed: answer === 'allowed', allowedBy, ports: sure, possiblePorts: possible };
  }

  /** The first peer that surely matches, else the first that may. */
  private bestPeer(policy: NetworkPolicyData, peers: readonly PeerData[], endpoint: Endpoint, options: ReachOptions, reasons: Set<string>): { answer: Match; peer?: PeerData } {
    let maybe: PeerData | undefined;
    for (const peer of peers) {
      const match = this.peerMatches(policy, peer, endpoint, options, reasons);
      if (match === 'yes') return { answer: 'yes', peer };
      if (match === 'maybe') maybe ??= peer;
    }
    return maybe ? { answer: 'maybe', peer: maybe } : { answer: 'no' };
  }

  private peerMatches(policy: NetworkPolicyData, peer: PeerData, endpoint: Endpoint, options: ReachOptions, reasons: Set<string>): Match {
    if (endpoint.type === 'address') {
      if (!peer.ipBlock) return 'no';
      const match = ipBlockAdmits(peer.ipBlock, endpoint.cidr);
      if (match === 'maybe') reasons.add(`which address of ${endpoint.cidr} it is: the ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''} covers only some of them`);
      return match;
    }
    if (peer.ipBlock) return ipBlockMatchesPod(peer.ipBlock, options, reasons);
    if (!peer.podSelector && !peer.namespaceSelector) return 'no';
    const inNamespace = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.labelsOfNamespace(endpoint.namespace))
      : endpoint.namespace === policy.namespace;
    return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector, endpoint.labels)) ? 'yes' : 'no';
  }
}

type Match = 'yes' | 'no' | 'maybe';

/**
 * Whether an ipBlock peer matches a pod. With plugins that compare pod addresses, a block of every address (a /0
 * without exceptions) matches every pod; any other block matches the pods whose addresses it holds, which manifests
 * do not know.
 */
function ipBlockMatchesPod(block: { cidr: string; except: string[] }, options: ReachOptions, reasons: Set<string>): Match {
  if (options.ipBlockMatchesPods === 'no') return 'no';
  const range = parseRange(block.cidr);
  const everything = range !== undefined && range.prefix === 0 && block.except.length === 0;
  if (options.ipBlockMatchesPods === 'yes') {
    if (everything) return 'yes';
    reasons.add(`the pod's address: the ipBlock ${block.cidr} matches only the pods whose addresses it holds`);
    return 'maybe';
  }
  reasons.add(`the network plugin: whether the ipBlock ${block.cidr} matches pods is left to it (Calico and Antrea match pod addresses, Cilium does not); set kubeward.networkPolicy.ipBlockMatchesPods to decide`);
  return 'maybe';
}

/** Whether the addresses of `cidr` are in the block: all of them (yes), none (no), or only some (maybe). */
function ipBlockAdmits(block: { cidr: string; except: string[] }, cidr: string): Match {
  const range = parseRange(cidr);
  const outer = parseRange(block.cidr);
  if (!range || !outer || !rangesOverlap(outer, range)) return 'no';
  const excepts = block.except.flatMap((text) => parseRange(text) ?? []);
  if (excepts.some((excluded) => rangeContains(excluded, range))) return 'no';
  return rangeContains(outer, range) && !excepts.some((excluded) => rangesOverlap(excluded, range)) ? 'yes' : 'maybe';
}

/** The ports a rule allows towards `destination`: every port when it lists none. */
function rulePorts(rule: RuleData, destination: Endpoint): PortSet {
  if (rule.ports.length === 0) return PortSet.all();
  return rule.ports.reduce((set, entry) => set.union(entryPorts(entry, destination)), PortSet.none());
}

/** One `ports` entry: a named port means the destination pod's port of that name and protocol, if it has one. */
export function entryPorts(entry: PortData, destination: Endpoint): PortSet {
  if (entry.port === undefined) return PortSet.of(entry.protocol);
  if (typeof entry.port === 'number') return PortSet.of(entry.protocol, entry.port, entry.endPort ?? entry.port);
  const named = destination.type === 'workload' ? destination.ports.find((port) => port.name === entry.port && port.protocol === entry.protocol) : undefined;
  return named?.containerPort !== undefined ? PortSet.of(entry.protocol, named.containerPort, named.containerPort) : PortSet.none();
}
