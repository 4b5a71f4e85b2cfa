/**
 * NetworkPolicies in plain English, for hovers and `kubeward netpol explain`. The sentences say AND and OR out
 * loud wherever YAML indentation decides between them, since that is where policies most often mean something
 * other than what their authors thought.
 */
import type { LabelSelectorData } from '../../reference/policy-data';
import type { NetworkPolicyData, PeerData, PolicyType, PortData, RuleData } from './policy';
import type { Endpoint } from './reach';
import { selectsAll } from '../label-selector';

/** The whole policy: which pods, then what each direction accepts. */
export function explainPolicy(policy: NetworkPolicyData): string {
  const pods = selectsAll(policy.podSelector)
    ? `All pods in namespace ${policy.namespace}`
    : `Pods with ${describeSelector(policy.podSelector)} in namespace ${policy.namespace}`;
  const ingress = explainDirection(policy, 'Ingress');
  const egress = explainDirection(policy, 'Egress');
  return `${pods}: ${ingress} ${egress.charAt(0).toUpperCase()}${egress.slice(1)}`;
}

/** One direction of a policy: not restricted, isolated with nothing allowed, or isolated with its rules ORed. */
export function explainDirection(policy: NetworkPolicyData, direction: PolicyType): string {
  const name = direction.toLowerCase();
  if (!policy.policyTypes.includes(direction)) return `${name} not restricted.`;
  const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
  if (rules.length === 0) return `${name} isolated; ${direction === 'Ingress' ? 'accept' : 'allow'} nothing.`;
  return `${name} isolated; ${rules.map((rule) => explainRule(policy, rule, direction)).join('; or ')}.`;
}

/** One rule: its ports AND its peers, each list ORed within. */
export function explainRule(policy: NetworkPolicyData, rule: RuleData, direction: PolicyType): string {
  const verb = direction === 'Ingress' ? 'accept' : 'allow';
  const preposition = direction === 'Ingress' ? 'from' : 'to';
  const ports = rule.ports.length === 0 ? 'any port' : rule.ports.map(explainPort).join(' or ');
  if (rule.peers.length === 0) return `${verb} ${ports} ${preposition} anywhere`;
  const peers = rule.peers.map((peer) => explainPeer(policy, peer));
  return `${verb} ${ports} ${preposition} ${peers.join(', or ')}${peers.length > 1 ? ' (any one is enough)' : ''}`;
}

/** One element of `from`/`to`, saying whether its selectors are combined (AND) or stand alone. */
export function explainPeer(policy: Pick<NetworkPolicyData, 'namespace'>, peer: PeerData): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : '';
    return `addresses in ${peer.ipBlock.cidr}${except}`;
  }
  const { podSelector, namespaceSelector } = peer;
  if (!podSelector && !namespaceSelector) return 'nothing (the peer names no selector or ipBlock)';
  const pods = !podSelector || selectsAll(podSelector) ? 'all pods' : `pods with ${describeSelector(podSelector)}`;
  if (!namespaceSelector) return `${pods} in namespace ${policy.namespace}`;
  if (selectsAll(namespaceSelector)) return `${pods} in all namespaces`;
  const namespaces = `namespaces with ${describeSelector(namespaceSelector)}`;
  return podSelector && !selectsAll(podSelector) ? `${pods} in ${namespaces} (both must match)` : `${pods} in ${namespaces}`;
}

/** `TCP 443`, `TCP 8000-8080`, `TCP port named http`, or `all UDP ports`. */
export function explainPort(port: PortData): string {
  if (port.port === undefined) return `all ${port.protocol} ports`;
  if (typeof port.port === 'string') return `${port.protocol} port named ${port.port}`;
  return port.endPort !== undefined ? `${port.protocol} ${port.port}-${port.endPort}` : `${port.protocol} ${port.port}`;
}

/** `role=db, env in (prod, staging), label tier`; every part must hold. Reads after "pods with". */
export function describeSelector(selector: LabelSelectorData): string {
  const labels = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  const expressions = (selector.matchExpressions ?? []).map(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return `${key} in (${values.join(', ')})`;
      case 'NotIn':
        return `${key} not in (${values.join(', ')})`;
      case 'Exists':
        return `label ${key}`;
      case 'DoesNotExist':
        return `no label ${key}`;
      default:
        return `${key} ${operator} (${values.join(', ')}) (unknown operator, matches nothing)`;
    }
  });
  const parts = [...labels, ...expressions];
  return parts.length > 1 ? `${parts.join(', ')} (all must hold)` : (parts[0] ?? 'any labels');
}

/** `Deployment shop/api` or `address 10.0.0.0/8`. */
export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.type === 'address' ? `address ${endpoint.cidr}` : `${endpoint.kind} ${endpoint.namespace}/${endpoint.name}`;
}
