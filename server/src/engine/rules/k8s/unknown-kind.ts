/**
 * Flags a kind that the named built-in apiVersion does not serve, usually a wrong case (`Clusterrole`,
 * `networkpolicy`) or a typo. Kinds are case-sensitive, so the API server rejects these objects.
 */
import { classifyType } from '../../analysis/api-types';
import { replaceScalar } from '../../edits';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/unknown-kind',
  meta: {
    summary: 'kind is not served by its apiVersion.',
    why: 'Kinds are case-sensitive and belong to one API group; the API server rejects an object whose kind its apiVersion does not serve.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownKind: 'Unknown kind "{kind}" in {apiVersion}; did you mean "{suggestion}"?',
      unknownKindInOtherApiVersion: 'Unknown kind "{kind}" in {apiVersion}; did you mean "{suggestion}" of {suggestionApiVersion}?',
      unknownKindNoSuggestion: '"{apiVersion}" serves no kind "{kind}".',
      replaceKind: 'Change kind to "{suggestion}"',
      replaceKindAndApiVersion: 'Change kind to "{suggestion}" and apiVersion to "{suggestionApiVersion}"',
    },
  },
  check(doc, context) {
    const { apiVersion, kind } = doc;
    if (!apiVersion || !kind) return;
    const verdict = classifyType(apiVersion.value, kind.value, context.config.kubernetesVersion);
    if (verdict.status !== 'unknown-kind') return;
    const data = { apiVersion: apiVersion.value, kind: kind.value };
    const { suggestion, suggestionApiVersion } = verdict;
    if (!suggestion) {
      context.report({ at: kind.node, messageId: 'unknownKindNoSuggestion', data });
      return;
    }
    const sameApiVersion = !suggestionApiVersion || suggestionApiVersion === apiVersion.value;
    context.report({
      at: kind.node,
      ...(sameApiVersion
        ? { messageId: 'unknownKind' as const, data: { ...data, suggestion } }
        : { messageId: 'unknownKindInOtherApiVersion' as const, data: { ...data, suggestion, suggestionApiVersion } }),
      fixes: [
        sameApiVersion
          ? { messageId: 'replaceKind', data: { suggestion }, edits: [replaceScalar(kind.node, suggestion)] }
          : {
              messageId: 'replaceKindAndApiVersion',
              data: { suggestion, suggestionApiVersion },
              edits: [replaceScalar(apiVersion.node, suggestionApiVersion), replaceScalar(kind.node, suggestion)],
            },
      ],
    });
  },
});
