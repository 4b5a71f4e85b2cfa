/**
 * Flags ingress or egress rules that policyTypes leaves out. Only the listed directions are enforced, so such rules
 * are ignored by every network plugin: a deny-by-default that the author wrote for that direction never happens.
 * It also explains the opposite case, a direction listed without rules beside one with rules, which denies all of
 * that traffic, often by oversight (egress listed to restrict one destination also cuts DNS).
 */
import { networkPolicyOf, type DirectionView } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/policy-types-mismatch',
  meta: {
    summary: 'Ingress or egress rules for a direction that policyTypes leaves out.',
    why: 'Only the directions listed in policyTypes are enforced: rules written for a direction left out are ignored, so that traffic stays unrestricted by the policy.',
    severity: 'error',
    ineffective: true,
    scope: 'kubernetes',
    messageSeverity: { deniesAll: 'information' },
    messages: {
      ignored: 'The {section} section is ignored: policyTypes lists only {listed}, so {traffic} of the selected pods is not restricted by this policy.',
      deniesAll: 'policyTypes lists {direction} but the policy has no {section} rules: all {traffic} of the selected pods is denied, unless another policy allows it.',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    const types = policy?.policyTypes;
    // Without policyTypes (or with an empty list) the API server derives them from the sections present.
    if (!policy || !types || types.items.length === 0) return;
    const listed = new Set(types.items.map((item) => item.value));
    const listedText = types.items.map((item) => item.value).join(' and ');
    const check = (section: DirectionView | undefined, direction: 'Ingress' | 'Egress') => {
      if (!section || listed.has(direction)) return;
      context.report({
        at: section.key,
        messageId: 'ignored',
        data: { section: direction.toLowerCase(), listed: listedText, traffic: direction === 'Ingress' ? 'incoming traffic' : 'outgoing traffic' },
      });
    };
    check(policy.ingress, 'Ingress');
    check(policy.egress, 'Egress');
    // A listed direction without rules isolates the pods for it; say so where the direction is listed. A policy
    // with no rules at all is a default deny, which says exactly that on its face: nothing to explain there.
    const hasRules = (policy.ingress?.rules.length ?? 0) > 0 || (policy.egress?.rules.length ?? 0) > 0;
    if (!hasRules) return;
    for (const item of types.items) {
      if (item.value !== 'Ingress' && item.value !== 'Egress') continue;
      const section = item.value === 'Ingress' ? policy.ingress : policy.egress;
      if (section && section.rules.length > 0) continue;
      context.report({
        at: item.node,
        messageId: 'deniesAll',
        data: { direction: item.value, section: item.value.toLowerCase(), traffic: item.value === 'Ingress' ? 'incoming traffic' : 'outgoing traffic' },
      });
    }
  },
});
