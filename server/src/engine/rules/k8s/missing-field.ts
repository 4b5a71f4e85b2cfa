/**
 * Flags a field that the object's schema requires but the manifest leaves out, such as a binding's `roleRef`, a
 * rule's `verbs` or a v1 CertificateSigningRequest's `signerName`. A missing `spec` counts when the spec has
 * required fields: the API server's types hold spec as a value, so an absent spec is validated as an empty one.
 */
import { isMap } from 'yaml';
import { formatPath, schemaIssues } from '../../analysis/schema-issues';
import { schemaAtPath } from '../../schema/navigator';
import { objectAnchor } from '../../edits';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/missing-field',
  meta: {
    summary: 'Required field is missing.',
    why: 'The API server refuses an object that lacks a required field, so nothing in the manifest takes effect until it is added.',
    severity: 'error',
    scope: 'manifests',
    messages: {
      missingField: 'Required field "{field}" is missing from {parent}.',
      missingSpec: '"spec" is missing: the API server checks an absent spec as an empty one, and requires {fields} in it.',
    },
  },
  check(doc, context) {
    const root = doc.root;
    const required = doc.typeKey && isMap(root) && !root.has('spec') ? schemaAtPath(doc.typeKey, ['spec'])?.schema.required : undefined;
    if (required?.length && doc.kind) context.report({ at: doc.kind.node, messageId: 'missingSpec', data: { fields: required.join(', ') } });
    for (const issue of schemaIssues(doc)) {
      if (issue.kind !== 'missing-field') continue;
      // A field missing at the top is pointed at through the kind, which names what is incomplete.
      const at = issue.path.length === 0 && doc.kind ? doc.kind.node : objectAnchor(doc.root, issue.path);
      if (!at) continue;
      context.report({
        at,
        messageId: 'missingField',
        data: { field: issue.field, parent: issue.path.length === 0 ? 'the document' : formatPath(issue.path) },
      });
    }
  },
});
