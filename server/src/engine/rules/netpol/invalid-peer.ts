/**
 * Flags NetworkPolicy peers the API server refuses: a peer that names nothing (`- {}`, or `- podSelector:` with
 * nothing under it, whose null selector counts as absent) and a peer that puts ipBlock beside a selector. The
 * policy is rejected, so none of its isolation applies.
 */
import { validationFindings } from '../../validation/index';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/invalid-peer',
  meta: {
    summary: 'NetworkPolicy peer with no selector or ipBlock, or with ipBlock beside a selector.',
    why: 'Each element of from or to must name pods, namespaces or an address block, and ipBlock cannot be combined with a selector; the API server rejects a policy with such a peer, so it is never enforced.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      invalidPeer: '{field} {detail}.',
    },
  },
  check(doc, context) {
    for (const { at, field, detail } of validationFindings(doc, 'netpol/invalid-peer')) {
      context.report({ at, messageId: 'invalidPeer', data: { field, detail } });
    }
  },
});
