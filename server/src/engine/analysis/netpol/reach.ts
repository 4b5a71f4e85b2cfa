/**
 * Who can reach whom under a set of NetworkPolicies (SEMANTICS §6): a pod is isolated in a direction when some
 * policy in its namespace selects it for that direction, isolated pods accept only what some rule allows (allows
 * add up, nothing denies), and traffic needs egress allowed at the source AND ingress allowed at the destination.
 * Addresses outside the cluster are never isolated; ipBlock peers match them by containment, and never match pods,
 * whose IPs manifests do not know.
 */
import { NAMESPACE_NAME_LABEL } from '../../model/views/workload';
import type { NamespaceData, WorkloadData } from './inventory';
import { parseRange, rangeContains, rangesOverlap } from './ip';
import type { NetworkPolicyData, PeerData, PolicyType, PortData, RuleData } from './policy';
import { selectorMatches } from '../label-selector';

/** An IP address or CIDR range, as one end of traffic. */
export interface AddressEndpoint {
  type: 'address';
  cidr: string;
}

export type Endpoint = WorkloadData | AddressEndpoint;

/** A port to ask about: a number, or a name resolved against the destination's container ports. */
export interface PortQuery {
  port: number | string;
  protocol: string;
}

/** One rule that lets the traffic through, with the peer and port entries that matched (none when the list is empty). */
export interface RuleMatch {
  policy: NetworkPolicyData;
  rule: RuleData;
  peer?: PeerData;
  port?: PortData;
}

export interface Verdict {
  direction: PolicyType;
  /** Whether some policy selects the pod for this direction; a pod that is not isolated allows everything. */
  isolated: boolean;
  /** The policies that isolate the pod in this direction. */
  isolatedBy: NetworkPolicyData[];
  allowed: boolean;
  /** Every rule that allows the traffic, across all isolating policies. */
  allowedBy: RuleMatch[];
}

export interface Reachability {
  allowed: boolean;
  egress: Verdict;
  ingress: Verdict;
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

  /** Whether traffic from `from` to `to` is allowed; without a port, whether any port is. */
  reach(from: Endpoint, to: Endpoint, port?: PortQuery): Reachability {
    const egress = this.verdict('Egress', from, to, to, port);
    const ingress = this.verdict('Ingress', to, from, to, port);
    return { allowed: egress.allowed && ingress.allowed, egress, ingress };
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
  private verdict(direction: PolicyType, subject: Endpoint, counterpart: Endpoint, destination: Endpoint, port: PortQuery | undefined): Verdict {
    if (subject.type === 'address') return { direction, isolated: false, isolatedBy: [], allowed: true, allowedBy: [] };
    const isolatedBy = this.policiesSelecting(subject).filter((policy) => policy.policyTypes.includes(direction));
    const allowedBy: RuleMatch[] = [];
    for (const policy of isolatedBy) {
      for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
        // null: the list is empty, so it admits everything; undefined: no entry of the list matched.
        const peer = rule.peers.length === 0 ? null : rule.peers.find((candidate) => this.peerMatches(policy, candidate, counterpart));
        const portEntry = rule.ports.length === 0 ? null : rule.ports.find((candidate) => portMatches(candidate, port, destination));
        if (peer === undefined || portEntry === undefined) continue;
        allowedBy.push({ policy, rule, ...(peer ? { peer } : {}), ...(portEntry ? { port: portEntry } : {}) });
      }
    }
    return { direction, isolated: isolatedBy.length > 0, isolatedBy, allowed: isolatedBy.length === 0 || allowedBy.length > 0, allowedBy };
  }

  private peerMatches(policy: NetworkPolicyData, peer: PeerData, endpoint: Endpoint): boolean {
    if (endpoint.type === 'address') return peer.ipBlock !== undefined && ipBlockAdmits(peer.ipBlock, endpoint.cidr);
    if (peer.ipBlock) return false;
    if (!peer.podSelector && !peer.namespaceSelector) return false;
    const inNamespace = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.labelsOfNamespace(endpoint.namespace))
      : endpoint.namespace === policy.namespace;
    return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector, endpoint.labels));
  }
}

/** Every address of `cidr` is in the block's range and outside all its exceptions. */
function ipBlockAdmits(block: { cidr: string; except: string[] }, cidr: string): boolean {
  const range = parseRange(cidr);
  const outer = parseRange(block.cidr);
  if (!range || !outer || !rangeContains(outer, range)) return false;
  return !block.except.some((text) => {
    const excluded = parseRange(text);
    return excluded !== undefined && rangesOverlap(excluded, range);
  });
}

function portMatches(entry: PortData, query: PortQuery | undefined, destination: Endpoint): boolean {
  if (!query) return true;
  if (entry.protocol !== query.protocol) return false;
  if (entry.port === undefined) return true;
  const wanted = typeof query.port === 'number' ? query.port : namedPort(destination, query.port, query.protocol);
  if (typeof entry.port === 'string') return entry.port === query.port || (wanted !== undefined && namedPort(destination, entry.port, entry.protocol) === wanted);
  return wanted !== undefined && wanted >= entry.port && wanted <= (entry.endPort ?? entry.port);
}

/** The number of a destination pod's named container port; addresses outside the cluster have none. */
function namedPort(endpoint: Endpoint, name: string, protocol: string): number | undefined {
  if (endpoint.type === 'address') return undefined;
  return endpoint.ports.find((port) => port.name === name && port.protocol === protocol)?.containerPort;
}
