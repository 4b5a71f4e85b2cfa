/**
 * An EncryptionConfiguration, as kube-apiserver reads it from --encryption-provider-config: what makes it refuse
 * to start (errors, in its own terms, unknown fields included: its decoder is strict), and what leaves Secrets readable in etcd: no
 * entry covering them, `identity` as their first provider, `aescbc` writing them.
 */
import { readEncryptionConfiguration } from '../../analysis/controlplane/encryption-config';
import { reportAt, reportDecodeProblems } from '../../analysis/controlplane/report-at';
import { record } from '../../validation/data';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'controlplane/encryption-config',
  meta: {
    summary: 'EncryptionConfiguration that kube-apiserver refuses, or that leaves Secrets readable in etcd.',
    why: 'The encryption configuration decides whether Secrets are encrypted before they reach etcd and its backups; a mistake in it stops kube-apiserver from starting, and an identity provider first or no entry for secrets stores them in plain text.',
    severity: 'error',
    messageSeverity: { identityWrites: 'warning', secretsUncovered: 'warning', aescbcWrites: 'warning', kmsV1: 'warning', unknownResource: 'warning' },
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      refused: 'kube-apiserver refuses to start with this configuration: {field} {problem}.',
      renameField: 'Rename "{key}" to "{suggestion}"',
      identityWrites: '"identity" is the first provider for secrets: new and updated Secrets are written to etcd in plain text, and the providers after it only read.',
      secretsUncovered: 'No entry names secrets, "*." or "*.*": Secrets are written to etcd in plain text.',
      aescbcWrites: '"aescbc" writes {resources}: upstream no longer recommends it (CBC invites padding-oracle attacks); write with aesgcm (rotating keys), secretbox or kms v2, and keep aescbc after it only to read old data.',
      kmsV1: 'KMS v1 (the default when apiVersion is unset) is deprecated since Kubernetes 1.28 and refused from 1.29; use apiVersion: v2.',
      unknownResource: '"{resource}" is not a resource of the built-in API{hint}: nothing is encrypted under this name.',
    },
  },
  check(doc, context) {
    if (doc.apiVersion?.value !== 'apiserver.config.k8s.io/v1' || doc.kind?.value !== 'EncryptionConfiguration') return;
    const object = record(doc.data().data);
    if (!object) return;
    const minor = Number(context.config.kubernetesVersion.split('.')[1] ?? 0);
    const reading = readEncryptionConfiguration(object, minor);
    reportDecodeProblems(doc, context, reading.problems, { refused: 'refused', renameField: 'renameField' });
    if (reading.problems.some((problem) => problem.kind === 'refused')) return;
    for (const unknown of reading.unknownResources) {
      const hint = unknown.suggestion ? ` (did you mean "${unknown.suggestion}"?)` : '';
      reportAt(doc, context, unknown.path, { messageId: 'unknownResource', data: { resource: unknown.resource, hint } });
    }
    const secrets = reading.providersFor('', 'secrets')[0];
    if (!secrets) reportAt(doc, context, ['resources'], { messageId: 'secretsUncovered' }, { onKey: true });
    else if (secrets.kind === 'identity') reportAt(doc, context, ['resources', secrets.entry, 'providers', secrets.index, 'identity'], { messageId: 'identityWrites' }, { onKey: true });
    reading.writers('aescbc').forEach(({ entry, index, resources }) =>
      reportAt(doc, context, ['resources', entry, 'providers', index, 'aescbc'], { messageId: 'aescbcWrites', data: { resources: resources.join(', ') } }, { onKey: true }));
    if (minor < 29) {
      for (const { entry, index } of reading.kmsV1) reportAt(doc, context, ['resources', entry, 'providers', index, 'kms'], { messageId: 'kmsV1' }, { onKey: true });
    }
  },
});
