/**
 * Flags label keys and values, annotation keys and label selectors the API server refuses: keys that are not
 * qualified names, values that are not label values, selector requirements with an unknown operator or with
 * values that do not fit it. The API server rejects the whole object.
 */
import { validationFindings } from '../../validation/index';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/invalid-label',
  meta: {
    summary: 'Label, annotation key or label selector that the API server does not accept.',
    why: 'Labels are matched by selectors across the cluster, so their keys and values have a strict syntax; an object with a malformed label, annotation key or selector requirement is rejected.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      invalidLabel: '{field}: {detail}.',
    },
  },
  check(doc, context) {
    for (const { at, field, detail } of validationFindings(doc, 'k8s/invalid-label')) {
      context.report({ at, messageId: 'invalidLabel', data: { field, detail } });
    }
  },
});
