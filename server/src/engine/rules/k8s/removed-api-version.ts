/**
 * Flags an apiVersion/kind that the target Kubernetes release no longer serves, such as
 * `rbac.authorization.k8s.io/v1beta1` or `certificates.k8s.io/v1beta1` CertificateSigningRequest.
 */
import { classifyType } from '../../analysis/api-types';
import { replaceScalar } from '../../edits';
import { addSignerName } from '../../analysis/csr-migration';
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
      migrateWithSigner: 'Change apiVersion to "{replacement}" and add signerName "{signer}"',
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
    // A v1 CertificateSigningRequest needs the signerName that v1beta1 used to default.
    const signer = kind.value === 'CertificateSigningRequest' && replacement === 'certificates.k8s.io/v1' ? addSignerName(doc) : undefined;
    context.report({
      at: apiVersion.node,
      messageId: 'removed',
      data: { ...data, replacement },
      fixes: [
        signer
          ? { messageId: 'migrateWithSigner', data: { replacement, signer: signer.signer }, edits: [replaceScalar(apiVersion.node, replacement), signer.edit] }
          : { messageId: 'migrate', data: { replacement }, edits: [replaceScalar(apiVersion.node, replacement)] },
      ],
    });
  },
});
