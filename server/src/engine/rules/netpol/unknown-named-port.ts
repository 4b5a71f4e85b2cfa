/**
 * Flags a named port in a NetworkPolicy rule that none of the pods it can apply to defines with that protocol. A
 * named port means a container port of the destination pod (the selected pods for ingress, the rule's peers for
 * egress) with that name and protocol; where no such pod has one, the entry allows nothing. Reported only when the
 * workspace defines some of those pods, since the others may be deployed from elsewhere.
 */
import { relativeNetworkPolicy, type PolicyType, type RuleData } from '../../analysis/netpol/policy';
import type { WorkloadData } from '../../analysis/netpol/inventory';
import { POLICY_PROTOCOLS } from '../../analysis/netpol/ports';
import { networkPolicyOf, type DirectionView } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/unknown-named-port',
  meta: {
    summary: 'Named port that no pod the rule applies to defines.',
    why: 'A named port stands for the destination pod\'s container port of that name and protocol; when no such pod defines it, the entry matches no traffic, and the connections it was written for stay blocked.',
    severity: 'warning',
    scope: 'kubernetes',
    crossDocument: true,
    messages: {
      unknownName: 'No workload this {direction} rule applies to in the workspace defines a {protocol} port named "{name}", so this entry allows nothing.',
      otherProtocol: 'The workloads this {direction} rule applies to name "{name}" a {other} port, not a {protocol} one, so this entry allows nothing; write protocol: {other}.',
    },
  },
  check(doc, context) {
    const view = networkPolicyOf(doc);
    const policy = relativeNetworkPolicy(doc);
    if (!context.workspace || !view || !policy) return;
    const model = context.workspace.network.model();
    const sections: [PolicyType, DirectionView | undefined, RuleData[]][] = [['Ingress', view.ingress, policy.ingress], ['Egress', view.egress, policy.egress]];
    for (const [direction, section, rules] of sections) {
      // Rules of a direction that policyTypes leaves out are never enforced (netpol/policy-types-mismatch).
      if (!section || !policy.policyTypes.includes(direction)) continue;
      rules.forEach((rule, position) => {
        const destinations: WorkloadData[] = direction === 'Ingress' ? model.workloadsSelectedBy(policy) : model.workloadsMatchedBy(policy, rule);
        if (destinations.length === 0) return;
        for (const entry of rule.ports) {
          // An unknown protocol is k8s/invalid-value's finding.
          if (typeof entry.port !== 'string' || !POLICY_PROTOCOLS.includes(entry.protocol as (typeof POLICY_PROTOCOLS)[number])) continue;
          const name = entry.port;
          const defined = destinations.flatMap((workload) => workload.ports.filter((port) => port.name === name));
          if (defined.some((port) => port.protocol === entry.protocol)) continue;
          const node = section.rules[position]?.ports?.items[entry.index]?.port;
          if (!node) continue;
          const other = defined[0]?.protocol;
          const data = { direction: direction.toLowerCase(), protocol: entry.protocol, name, ...(other ? { other } : {}) };
          context.report({ at: node, messageId: other ? 'otherProtocol' : 'unknownName', data });
        }
      });
    }
  },
});
