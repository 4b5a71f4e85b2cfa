/**
 * Flags requests to a built-in Kubernetes signer with usages that signer does not issue, or without the usage it
 * requires, and requests to `kubernetes.io/legacy-unknown`, which certificates.k8s.io/v1 does not accept. The
 * signer refuses such a request, so the certificate is never issued however it is approved.
 * Unknown usage names are csr/unknown-usage's concern; subject checks need the decoded request and live elsewhere.
 */
import { csrOf, type CsrView } from '../../model/views/csr';
import { decodeCredential } from '../../analysis/credentials/decode';
import { isProblem, parseCertificateRequest } from '../../analysis/credentials/x509';
import { defineRule, type RuleContext } from '../define-rule';
import { isKubeletSignerSubject } from '../../analysis/pki/component-identities';
import { BUILT_IN_SIGNERS, KEY_USAGES, KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER, LEGACY_SIGNER } from '../../reference/certificate-signers';

export default defineRule({
  id: 'csr/signer-usage-mismatch',
  meta: {
    summary: 'Usages that the requested built-in signer does not issue, or a signer v1 does not accept.',
    why: 'Each built-in signer issues certificates only for its own set of key usages and refuses any other request, so such a request never yields a certificate, even once approved.',
    // The API server stores a request whatever its usages; only the signer refuses it later. That is "probably not
    // what was meant" rather than a rejection, except for the legacy signer, which v1 itself refuses.
    severity: 'warning',
    messageSeverity: { legacySigner: 'error' },
    scope: 'kubernetes',
    messages: {
      legacySigner: 'The signer "kubernetes.io/legacy-unknown" cannot be requested through certificates.k8s.io/v1.',
      usageNotAllowed: 'Signer "{signer}" does not issue certificates for "{usage}"; it allows only {allowed}.',
      usageRequired: 'Signer "{signer}" requires the usage "{usage}".',
      nodeSubject: 'Signer "{signer}" only signs requests from nodes: the subject must be CN=system:node:<name>, O=system:nodes, but it is {subject}.',
      servingNames: 'Signer "kubernetes.io/kubelet-serving" needs at least one DNS name or IP address in the request, and no email or URI names.',
      clientNames: 'Signer "kubernetes.io/kube-apiserver-client-kubelet" refuses requests that carry subject alternative names ({names}).',
    },
  },
  check(doc, context) {
    const csr = csrOf(doc);
    const signer = csr?.signerName;
    if (!csr || !signer) return;
    if (signer.value === LEGACY_SIGNER) {
      context.report({ at: signer.node, messageId: 'legacySigner' });
      return;
    }
    const rules = BUILT_IN_SIGNERS[signer.value];
    // Without usages the request is k8s/missing-field's finding.
    if (!rules || !csr.usages) return;
    const allowed = rules.allowed.map((usage) => `"${usage}"`).join(', ');
    for (const usage of csr.usages.items) {
      if (!(KEY_USAGES as readonly string[]).includes(usage.value) || rules.allowed.includes(usage.value)) continue;
      context.report({ at: usage.node, messageId: 'usageNotAllowed', data: { signer: signer.value, usage: usage.value, allowed } });
    }
    const written = new Set(csr.usages.items.map((usage) => usage.value));
    // A list that is not written as a list is k8s/invalid-value's finding, not a missing usage.
    if (csr.usages.node) {
      for (const usage of rules.required) {
        if (!written.has(usage)) context.report({ at: csr.usages.key, messageId: 'usageRequired', data: { signer: signer.value, usage } });
      }
    }
    checkNodeSubject(csr, signer.value, context);
  },
});

/** The kubelet signers sign for nodes only, and kubelet-serving only for the node's own addresses. */
function checkNodeSubject(csr: CsrView, signer: string, context: RuleContext<'nodeSubject' | 'servingNames' | 'clientNames'>): void {
  if (signer !== KUBELET_CLIENT_SIGNER && signer !== KUBELET_SERVING_SIGNER) return;
  const request = csr.request;
  if (!request) return;
  const block = decodeCredential(request.value).blocks.find((candidate) => candidate.kind === 'request');
  const parsed = block && parseCertificateRequest(block.der);
  // A request that cannot be read is csr/invalid-request's finding.
  if (!parsed || isProblem(parsed)) return;
  const { subject, sans } = parsed;
  if (!isKubeletSignerSubject(subject)) {
    context.report({ at: request.key, messageId: 'nodeSubject', data: { signer, subject: subject.text || 'empty' } });
  }
  if (signer === KUBELET_SERVING_SIGNER) {
    const addresses = sans.filter((name) => name.startsWith('DNS:') || name.startsWith('IP:'));
    if (addresses.length === 0 || addresses.length !== sans.length) context.report({ at: request.key, messageId: 'servingNames' });
  } else if (sans.length > 0) {
    context.report({ at: request.key, messageId: 'clientNames', data: { names: sans.join(', ') } });
  }
}
