/**
 * Flags a field that the object's schema requires but the manifest leaves out, such as a binding's `roleRef`, a
 * rule's `verbs` or a v1 CertificateSigningRequest's `signerName`, and what kube-apiserver's validation requires
 * beyond the schema: a name, a list that must not be empty (`verbs: []`), the keys a Secret's type needs. A missing `spec` counts when the spec has
 * required fields: the API server's types hold spec as a value, so an absent spec is validated as an empty one.
 */
import { isMap, isScalar } from 'yaml';
import { formatPath, schemaIssues } from '../../analysis/schema-issues';
import { schemaAtPath } from '../../schema/navigator';
import { objectAnchor } from '../../edits';
import { findPair, nodeAtPath } from '../../model/nodes';
import { validationFindings } from '../../validation/index';
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
      nullField: 'Required field "{field}" of {parent} has no value: the API server reads it as missing.',
      missingSpec: '"spec" is missing: the API server checks an absent spec as an empty one, and requires {fields} in it.',
      required: '{field} {detail}.',
    },
  },
  check(doc, context) {
    for (const { at, field, detail } of validationFindings(doc, 'k8s/missing-field')) {
      context.report({ at, messageId: 'required', data: { field, detail } });
    }
    const root = doc.root;
    // `spec:` with no value is as absent as no spec at all; the finding then points at the key.
    const specPair = isMap(root) ? findPair(root, 'spec') : undefined;
    const specMissing = isMap(root) && (!specPair || specPair.value === null || (isScalar(specPair.value) && specPair.value.value === null));
    const required = doc.typeKey && specMissing ? schemaAtPath(doc.typeKey, ['spec'])?.schema.required : undefined;
    const specAt = specPair && isScalar(specPair.key) ? specPair.key : doc.kind?.node;
    if (required?.length && specAt) context.report({ at: specAt, messageId: 'missingSpec', data: { fields: required.join(', ') } });
    for (const issue of schemaIssues(doc)) {
      if (issue.kind !== 'missing-field') continue;
      const parent = issue.path.length === 0 ? 'the document' : formatPath(issue.path);
      // Written with no value, the field is as good as absent to the API server, which names it: so does the finding.
      const writtenKey = nodeAtPath(doc.root, [...issue.path, issue.field])?.key;
      if (writtenKey) {
        context.report({ at: writtenKey, messageId: 'nullField', data: { field: issue.field, parent } });
        continue;
      }
      // A field missing at the top is pointed at through the kind, which names what is incomplete.
      const at = issue.path.length === 0 && doc.kind ? doc.kind.node : objectAnchor(doc.root, issue.path);
      if (!at) continue;
      context.report({ at, messageId: 'missingField', data: { field: issue.field, parent } });
    }
  },
});
