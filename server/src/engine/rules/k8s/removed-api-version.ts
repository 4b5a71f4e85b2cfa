/**
 * Flags an apiVersion/kind that the target Kubernetes release no longer serves, such as
 * `rbac.authorization.k8s.io/v1beta1` or `certificates.k8s.io/v1beta1` CertificateSigningRequest.
 */
import { classifyType } from '../../analysis/api-types';
import { replaceScalar } from '../../edits';
import { signerNameChoices } from '../../analysis/csr-migration';
import { currentApiVersion } from '../../model/legacy-versions';
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
      migrateSameFields: 'Change apiVersion to "{replacement}" (its fields are the same)',
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
    // A v1 CertificateSigningRequest needs the signerName that v1beta1 used to default: one fix per built-in signer.
    const signers = kind.value === 'CertificateSigningRequest' && replacement === 'certificates.k8s.io/v1' ? signerNameChoices(doc) : [];
    const migrate = replaceScalar(apiVersion.node, replacement);
    context.report({
      at: apiVersion.node,
      messageId: 'removed',
      data: { ...data, replacement },
      fixes:
        signers.length > 0
          ? signers.map(({ signer, edit }) => ({ messageId: 'migrateWithSigner', data: { replacement, signer }, edits: [migrate, edit] }))
          : [{ messageId: currentApiVersion(apiVersion.value, kind.value) === replacement ? 'migrateSameFields' : 'migrate', data: { replacement }, edits: [migrate] }],
    });
  },
});
