/**
 * Flags fields that the object's schema does not define, such as `resource:` in an RBAC rule or `matchlabels:`
 * in a selector. With strict field validation (kubectl's default) the API server rejects the object; with it
 * off, the field is silently dropped and what it was meant to say never takes effect.
 */
import { schemaIssues } from '../../analysis/schema-issues';
import { locate } from '../../edits';
import { findPair } from '../../model/nodes';
import { podSpecOf, securityContextMap } from '../../model/views/workload';
import { isMap } from 'yaml';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/unknown-field',
  meta: {
    summary: 'Field is not part of the object schema.',
    why: 'An unknown field is rejected by strict field validation, and where validation is lax it is dropped silently, so the setting it was meant to carry never takes effect.',
    severity: 'error',
    scope: 'manifests',
    fix: 'safe',
    messages: {
      unknownField: 'Unknown field "{field}"; did you mean "{suggestion}"?',
      unknownFieldNoSuggestion: 'Unknown field "{field}".',
      rename: 'Rename "{field}" to "{suggestion}"',
    },
  },
  check(doc, context) {
    for (const issue of schemaIssues(doc)) {
      if (issue.kind !== 'unknown-field') continue;
      const target = locate(doc.root, issue.path);
      if (!target.exact || !target.key) continue;
      // pod/capabilities-at-pod-level explains this one key better: where it belongs, and that it is never applied.
      if (target.key === podCapabilitiesKey(doc)) continue;
      const { field, suggestion } = issue;
      const parent = locate(doc.root, issue.path.slice(0, -1)).value;
      // Renaming onto a key that already exists would create a duplicate, so offer the fix only when it is free.
      const canRename = suggestion !== undefined && !(isMap(parent) && findPair(parent, suggestion));
      if (!suggestion) {
        context.report({ at: target.key, messageId: 'unknownFieldNoSuggestion', data: { field } });
        continue;
      }
      context.report({
        at: target.key,
        messageId: 'unknownField',
        data: { field, suggestion },
        fixes: canRename
          ? [{ messageId: 'rename', data: { field, suggestion }, edits: [{ start: target.key.range![0], end: target.key.range![1], newText: suggestion }] }]
          : [],
      });
    }
  },
});

function podCapabilitiesKey(doc: Parameters<typeof podSpecOf>[0]): unknown {
  const podContext = securityContextMap(podSpecOf(doc)?.securityContext);
  return podContext && findPair(podContext, 'capabilities')?.key;
}
