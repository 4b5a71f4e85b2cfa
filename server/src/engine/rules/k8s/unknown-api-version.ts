/**
 * Flags an apiVersion that the API server does not serve although it is meant to be a built-in one: a misspelt
 * group (`rbac.authorisation.k8s.io/v1`), a version the group never had, or a kind placed in the wrong group.
 */
import { classifyType } from '../../analysis/api-types';
import { replaceScalar } from '../../edits';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/unknown-api-version',
  meta: {
    summary: 'apiVersion is not served by Kubernetes.',
    why: 'The API server rejects an object whose apiVersion it does not serve, so the manifest never applies.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownApiVersion: 'Unknown apiVersion "{apiVersion}"; did you mean "{suggestion}"?',
      unknownApiVersionNoSuggestion: 'Unknown apiVersion "{apiVersion}".',
      kindInOtherApiVersion: '{kind} is not served by "{apiVersion}"; it belongs to "{suggestion}".',
      replaceWith: 'Change apiVersion to "{suggestion}"',
    },
  },
  check(doc, context) {
    const { apiVersion, kind } = doc;
    if (!apiVersion || !kind) return;
    const verdict = classifyType(apiVersion.value, kind.value, context.config.kubernetesVersion);
    if (verdict.status !== 'unknown-api-version') return;
    const data = { apiVersion: apiVersion.value, kind: kind.value };
    if (!verdict.suggestion) {
      context.report({ at: apiVersion.node, messageId: 'unknownApiVersionNoSuggestion', data });
      return;
    }
    const suggestion = verdict.suggestion;
    context.report({
      at: apiVersion.node,
      messageId: verdict.kindServedElsewhere ? 'kindInOtherApiVersion' : 'unknownApiVersion',
      data: { ...data, suggestion },
      fixes: [{ messageId: 'replaceWith', data: { suggestion }, edits: [replaceScalar(apiVersion.node, suggestion)] }],
    });
  },
});
