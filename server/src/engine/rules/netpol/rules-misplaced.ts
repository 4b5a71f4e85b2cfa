/**
 * Flags NetworkPolicy sections written at the wrong level: ingress or egress beside spec instead of under it, ports
 * or from/to directly under spec, `to` in an ingress rule or `from` in an egress rule, and an egress section nested
 * in an ingress rule. Each is an unknown field where it stands: strict validation rejects the policy, and without
 * it the field is dropped, which usually makes the policy allow more (a rule without peers allows every peer).
 */
import type { Scalar, YAMLMap } from 'yaml';
import { keyName } from '../../model/nodes';
import { networkPolicyOf } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/rules-misplaced',
  meta: {
    summary: 'ingress, egress, from, to or ports written at the wrong level.',
    why: 'A NetworkPolicy field at the wrong level is unknown there: strict validation rejects the policy, and where it is dropped, the rules it held are not part of the policy, which often leaves it allowing every peer.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      topLevel: '"{field}" belongs under spec: beside spec it is not part of the policy.',
      specPorts: '"ports" belongs inside each ingress or egress rule, beside from or to: directly under spec it restricts no rule.',
      specPeers: '"{field}" belongs inside a rule of {section}: directly under spec these peers are not part of any rule.',
      peersAlone: '"{field}" is for {other} rules: this {direction} rule takes its peers from "{expected}"; where the field is dropped, the rule has no peers and allows {traffic} every peer.',
      peersExtra: '"{field}" is for {other} rules: this {direction} rule takes its peers from "{expected}", and these peers are not part of it.',
      nestedSection: '"{field}" belongs under spec, not inside an {direction} rule: these {field} rules are not part of the policy.',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    if (!policy) return;
    for (const pair of policy.node.items) {
      const field = keyName(pair);
      if (field && ['ingress', 'egress', 'podSelector', 'policyTypes'].includes(field)) {
        context.report({ at: pair.key as Scalar, messageId: 'topLevel', data: { field } });
      }
    }
    if (policy.spec) {
      for (const pair of policy.spec.items) {
        const field = keyName(pair);
        if (field === 'ports') context.report({ at: pair.key as Scalar, messageId: 'specPorts' });
        if (field === 'from' || field === 'to') {
          context.report({ at: pair.key as Scalar, messageId: 'specPeers', data: { field, section: field === 'from' ? 'ingress' : 'egress' } });
        }
      }
    }
    for (const [direction, section] of [['ingress', policy.ingress], ['egress', policy.egress]] as const) {
      const expected = direction === 'ingress' ? 'from' : 'to';
      const wrong = direction === 'ingress' ? 'to' : 'from';
      const other = direction === 'ingress' ? 'egress' : 'ingress';
      for (const rule of section?.rules ?? []) {
        const node: YAMLMap = rule.node;
        for (const pair of node.items) {
          const field = keyName(pair);
          if (field === wrong) {
            context.report({
              at: pair.key as Scalar,
              messageId: rule.peers ? 'peersExtra' : 'peersAlone',
              data: { field, other, direction, expected, ...(rule.peers ? {} : { traffic: direction === 'ingress' ? 'traffic from' : 'traffic to' }) },
            });
          } else if (field === 'ingress' || field === 'egress') {
            context.report({ at: pair.key as Scalar, messageId: 'nestedSection', data: { field, direction } });
          }
        }
      }
    }
  },
});
