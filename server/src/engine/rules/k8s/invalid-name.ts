/**
 * Flags names the API server refuses: an object's name or generateName that breaks its kind's naming rule (DNS
 * subdomains for most kinds, DNS labels for Namespaces, URL path segments for RBAC objects), a namespace that is
 * not a DNS label, and names of other objects written where the API server checks their format (a roleRef, a
 * ServiceAccount subject). Such an object is rejected, so nothing in it takes effect.
 */
import { validationFindings } from '../../validation/index';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/invalid-name',
  meta: {
    summary: 'Name that the API server does not accept for this kind or field.',
    why: 'Names end up in URLs and DNS records, so each kind has a naming rule the API server enforces; an object whose name breaks it is rejected outright.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      invalidName: '{field} {detail}.',
    },
  },
  check(doc, context) {
    for (const { at, field, detail } of validationFindings(doc, 'k8s/invalid-name')) {
      context.report({ at, messageId: 'invalidName', data: { field, detail } });
    }
  },
});
