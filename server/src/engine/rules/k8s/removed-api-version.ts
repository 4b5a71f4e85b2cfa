/**
 * Flags an apiVersion/kind that the target Kubernetes release no longer serves, such as
 * `rbac.authorization.k8s.io/v1beta1` or `certificates.k8s.io/v1beta1` CertificateSigningRequest.
 */
import { classifyType } from '../../analysis/api-types';
import { replaceScalar } from '../../edits';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'k8s/removed-api-version',
  meta: {
    summary: 'apiVersion was removed from Kubernetes.',
    why: 'Once an API version is removed, the API server rejects every object written against it; the object has to move to the replacement version, whose fields may differ.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      removed: '{apiVersion} {kind} was removed in Kubernetes {removed} (target is {target}); use {replacement}.',
      removedNoReplacement: '{apiVersion} {kind} was removed in Kubernetes {removed} (target is {target}) and has no replacement.',
      migrate: 'Change apiVersion to "{replacement}" (check the fields that changed)',
    },
  },
  check(doc, context) {
    const { apiVersion, kind } = doc;
    if (!apiVersion || !kind) return;
    const target = context.config.kubernetesVersion;
    const verdict = classifyType(apiVersion.value, kind.value, target);
    if (verdict.status !== 'removed') return;
    const data = { apiVersion: apiVersion.value, kind: kind.value, removed: verdict.entry.removed, target };
    const replacement = verdict.replacementApiVersion;
    if (!replacement) {
      context.report({ at: apiVersion.node, messageId: 'removedNoReplacement', data });
      return;
    }
    context.report({
      at: apiVersion.node,
      messageId: 'removed',
      data: { ...data, replacement },
      fixes: [{ messageId: 'migrate', data: { replacement }, edits: [replaceScalar(apiVersion.node, replacement)] }],
    });
  },
});
