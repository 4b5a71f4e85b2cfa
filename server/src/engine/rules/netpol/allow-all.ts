/**
 * Flags NetworkPolicy rules and peers that admit all traffic: a rule with no peers and no ports, a
 * `namespaceSelector: {}` peer (every pod of every namespace), and an ipBlock of 0.0.0.0/0 or ::/0 with no
 * exceptions. Policies are additive, so one such rule cancels the isolation that every other rule builds.
 * `podSelector: {}` alone is the common "same namespace" peer and is not reported.
 */
import { isScalar, type Node } from 'yaml';
import { networkPolicyOf, type DirectionView, type RuleView } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/allow-all',
  meta: {
    summary: 'NetworkPolicy rule or peer that allows all traffic.',
    why: 'NetworkPolicies only add allowances, so a rule or peer that matches everything undoes the isolation the policy exists for, for every pod it selects.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    // An empty rule is written on purpose far more often than not; it is worth seeing, not worth a warning.
    messageSeverity: { rule: 'information' },
    messages: {
      rule: 'This {direction} rule has no {peers} and no ports, so it allows all {traffic} the selected pods.',
      anyNamespace: 'An empty namespaceSelector {with} matches every pod in every namespace: this peer allows {traffic} any pod of the cluster.',
      anyAddress: 'ipBlock {cidr} without except matches every {family} address: this peer allows {traffic} any address outside the cluster, and every pod too where the network plugin matches pod addresses against ipBlocks (Calico and Antrea do, Cilium does not).',
      anyAddressAndPods: 'ipBlock {cidr} without except matches every {family} address: this peer allows {traffic} any address outside the cluster and, as your network plugin matches pod addresses against ipBlocks, every pod.',
      anyAddressOutside: 'ipBlock {cidr} without except matches every {family} address: this peer allows {traffic} any address outside the cluster (your network plugin does not match pods against ipBlocks).',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    if (!policy) return;
    const types = policy.policyTypes?.items.length ? new Set(policy.policyTypes.items.map((item) => item.value)) : undefined;
    const enforced = (direction: 'Ingress' | 'Egress', section: DirectionView | undefined) =>
      section !== undefined && (!types || types.has(direction));
    for (const [direction, section] of [['Ingress', policy.ingress], ['Egress', policy.egress]] as const) {
      // A section that policyTypes leaves out is never enforced (netpol/policy-types-mismatch says so).
      if (!enforced(direction, section)) continue;
      const ingress = direction === 'Ingress';
      const traffic = ingress ? 'incoming traffic to' : 'outgoing traffic from';
      for (const rule of section!.rules) {
        if (matchesEverything(rule, ingress ? 'from' : 'to')) {
          context.report({
            at: anchor(rule),
            messageId: 'rule',
            data: { direction: ingress ? 'ingress' : 'egress', peers: ingress ? 'from' : 'to', traffic },
          });
          continue;
        }
        for (const peer of rule.peers?.items ?? []) {
          // A label query beside the selector instead of under it is netpol/misindented-selector's to explain.
          if (peer.node.items.some((pair) => isScalar(pair.key) && (pair.key.value === 'matchLabels' || pair.key.value === 'matchExpressions'))) continue;
          if (peer.namespaceSelector?.empty && !peer.ipBlock && (!peer.podSelector || peer.podSelector.empty)) {
            context.report({
              at: peer.namespaceSelector.key,
              messageId: 'anyNamespace',
              data: { with: peer.podSelector ? 'with an empty podSelector' : 'without podSelector', traffic: ingress ? 'traffic from' : 'traffic to' },
            });
          }
          const cidr = peer.ipBlock?.cidr;
          if (cidr && peer.ipBlock!.except.length === 0 && /\/0+$/.test(cidr.value.trim())) {
            context.report({
              at: cidr.node,
              messageId: ADDRESS_MESSAGES[context.config.networkPolicy.ipBlockMatchesPods],
              data: { cidr: cidr.value, family: cidr.value.includes(':') ? 'IPv6' : 'IPv4', traffic: ingress ? 'traffic from' : 'traffic to' },
            });
          }
        }
      }
    }
  },
});

/** The anyAddress message for each setting of networkPolicy.ipBlockMatchesPods. */
const ADDRESS_MESSAGES = { unknown: 'anyAddress', yes: 'anyAddressAndPods', no: 'anyAddressOutside' } as const;

function isEmptyList(list: RuleView['peers']): boolean {
  if (!list) return true;
  const node = list.node as { items?: unknown[]; value?: unknown } | null;
  return node === null || (Array.isArray(node.items) && node.items.length === 0) || node.value === null;
}

/** A rule with other keys (such as `to` in an ingress rule) is netpol/rules-misplaced's to explain. */
function matchesEverything(rule: RuleView, peersKey: string): boolean {
  if (rule.node.items.some((pair) => !isScalar(pair.key) || (pair.key.value !== peersKey && pair.key.value !== 'ports'))) return false;
  return isEmptyList(rule.peers) && isEmptyList(rule.ports);
}

function anchor(rule: RuleView): Node {
  const first = rule.node.items[0]?.key as Node | undefined;
  return rule.node.items.length === 0 || !first ? rule.node : first;
}
