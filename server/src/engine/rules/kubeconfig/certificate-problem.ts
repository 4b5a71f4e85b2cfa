/**
 * Flags certificates embedded in a kubeconfig that cannot work: a client or CA certificate that has expired or is
 * not valid yet, a certificate-authority-data certificate that is not a CA, or a client-key-data that is not the key
 * of client-certificate-data. A certificate that expires within 30 days is pointed out before it breaks.
 * Validity is judged at `host.now`; without it those checks are skipped. The kubeconfigs kubeadm writes for
 * components (controller-manager.conf, scheduler.conf, kubelet.conf) must carry the identity of their component.
 * No message shows key material.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Scalar, YAMLMap } from 'yaml';
import { inspectCredential, publicKeyOfPrivate, validityAt, type CertificateInfo, type CredentialItem } from '../../analysis/credentials/x509';
import { clustersOf, kubeconfigOf, usersOf } from '../../model/views/kubeconfig';
import { kubeconfigRoleOf, missingUsages, nodeIdentityProblem } from '../../analysis/pki/component-identities';
import { defineRule, type RuleContext } from '../define-rule';
import { fieldOf, type StringValue, stringValue } from '../../model/nodes';

const SOON_DAYS = 30;

type MessageId = 'expired' | 'notYetValid' | 'expiringSoon' | 'notCA' | 'keyMismatch' | 'notANode' | 'wrongIdentity' | 'missingUsage';

export default defineRule<MessageId>({
  id: 'kubeconfig/certificate-problem',
  meta: {
    summary: 'Embedded certificate expired, not yet valid, not a CA where one is needed, or not matching its key.',
    why: 'kubectl sends client-certificate-data with client-key-data and checks the server against certificate-authority-data; an expired certificate, a leaf certificate in place of the CA or a key of another certificate makes every connection fail.',
    severity: 'error',
    messageSeverity: { expiringSoon: 'warning' },
    scope: 'manifests',
    messages: {
      expired: 'The {what} of {owner} expired on {date}: every connection with it fails.',
      notYetValid: 'The {what} of {owner} is not valid before {date}: connections with it fail until then.',
      expiringSoon: 'The {what} of {owner} expires on {date}, in {days} days: renew it before it breaks.',
      notCA: 'The certificate in certificate-authority-data of {owner} ("{subject}") is not a CA certificate, so it cannot vouch for the server\'s certificate. Put the cluster\'s CA certificate here.',
      keyMismatch: 'client-key-data of {owner} is not the private key of its client-certificate-data: the TLS handshake fails. Put the key the certificate was issued for.',
      notANode: 'This is {role}, but the Node authorizer does not take the client certificate of {owner} for a node: {problem}, so the kubelet is denied what its node needs.',
      wrongIdentity: 'This is {role}: its client certificate must be for user {expected} (the built-in bindings grant that user what the component needs), not {actual}.',
      missingUsage: 'This is {role}, but the extended key usage of the client certificate of {owner} leaves out {usages}: the API server refuses it.',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    for (const entry of clustersOf(config)) {
      const owner = `cluster "${entry.name?.value ?? `#${entry.index + 1}`}"`;
      const value = dataOf(entry.body, 'certificate-authority-data');
      if (!value) continue;
      for (const item of inspectCredential(value.value).items) {
        const certificate = item.certificate;
        if (!certificate) continue;
        checkValidity(context, value, certificate, 'CA certificate', owner);
        // A self-signed leaf is a pinned server certificate, which clients accept as it is.
        if (!certificate.isCA && !certificate.selfSigned) context.report({ at: value.key, messageId: 'notCA', data: { owner, subject: certificate.subject.text } });
      }
    }
    for (const entry of usersOf(config)) {
      const owner = `user "${entry.name?.value ?? `#${entry.index + 1}`}"`;
      const value = dataOf(entry.body, 'client-certificate-data');
      if (!value) continue;
      const item = inspectCredential(value.value).items.find((candidate) => candidate.certificate);
      if (!item?.certificate) continue;
      checkValidity(context, value, item.certificate, 'client certificate', owner);
      checkIdentity(context, value, item.certificate, owner);
      const keyField = fieldOf(entry.body, 'client-key-data');
      const key = stringValue(keyField?.value);
      if (!keyField || !key) continue;
      const keyItem = inspectCredential(key.value).items.find((candidate) => candidate.privateKey);
      const certificateKey = certificatePublicKey(item);
      const privateKey = keyItem ? publicKeyOfPrivateItem(keyItem) : undefined;
      if (certificateKey && privateKey && !certificateKey.equals(privateKey)) context.report({ at: keyField.key, messageId: 'keyMismatch', data: { owner } });
    }
  },
});

/** A `*-data` field written as a non-empty string; findings point at its key, since the value is long. */
function dataOf(body: YAMLMap, name: string): (StringValue & { key: Scalar }) | undefined {
  const field = fieldOf(body, name);
  const value = stringValue(field?.value);
  return field && value && value.value.trim() !== '' ? { ...value, key: field.key } : undefined;
}

function checkValidity(context: RuleContext<MessageId>, value: StringValue & { key: Scalar }, certificate: CertificateInfo, what: string, owner: string): void {
  const now = context.host?.now;
  if (!now) return;
  const { state, days } = validityAt(certificate, now);
  if (state === 'expired') context.report({ at: value.key, messageId: 'expired', data: { what, owner, date: day(certificate.notAfter) } });
  else if (state === 'not-yet-valid') context.report({ at: value.key, messageId: 'notYetValid', data: { what, owner, date: day(certificate.notBefore) } });
  else if (days < SOON_DAYS) context.report({ at: value.key, messageId: 'expiringSoon', data: { what, owner, date: day(certificate.notAfter), days } });
}

/** For the kubeconfigs kubeadm writes for components (by file name), the identity their certificate must present. */
function checkIdentity(context: RuleContext<MessageId>, value: StringValue & { key: Scalar }, certificate: CertificateInfo, owner: string): void {
  const role = context.host?.documentPath ? kubeconfigRoleOf(context.host.documentPath) : undefined;
  if (!role) return;
  const problem = role.node ? nodeIdentityProblem(certificate.subject) : undefined;
  if (problem) context.report({ at: value.key, messageId: 'notANode', data: { role: role.role, owner, problem } });
  if (role.commonName && certificate.subject.commonName !== role.commonName) {
    context.report({ at: value.key, messageId: 'wrongIdentity', data: { role: role.role, expected: role.commonName, actual: certificate.subject.commonName ?? 'no user' } });
  }
  const missing = missingUsages(certificate, role);
  if (missing.length > 0) context.report({ at: value.key, messageId: 'missingUsage', data: { role: role.role, owner, usages: missing.join(' and ') } });
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The certificate's public key as SPKI DER, for comparison only. */
function certificatePublicKey(item: CredentialItem): Buffer | undefined {
  if (!item.block) return undefined;
  try {
    return spki(new X509Certificate(Buffer.from(item.block.der)).publicKey);
  } catch {
    return undefined;
  }
}

/** The public half of a private key block as SPKI DER. */
function publicKeyOfPrivateItem(item: CredentialItem): Buffer | undefined {
  const key = item.block && publicKeyOfPrivate(item.block);
  return key && spki(key);
}

function spki(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' });
}
