/**
 * Flags ingress or egress rules that policyTypes leaves out. Only the listed directions are enforced, so such rules
 * are ignored by every network plugin: a deny-by-default that the author wrote for that direction never happens.
 */
import { networkPolicyOf, type DirectionView } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/policy-types-mismatch',
  meta: {
    summary: 'Ingress or egress rules for a direction that policyTypes leaves out.',
    why: 'Only the directions listed in policyTypes are enforced: rules written for a direction left out are ignored, so that traffic stays unrestricted by the policy.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      ignored: 'The {section} section is ignored: policyTypes lists only {listed}, so {traffic} of the selected pods is not restricted by this policy.',
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
  },
});
