/**
 * Flags a certificate request asking for a privileged identity: the `system:masters` group (O), which bypasses
 * RBAC entirely, or a Kubernetes system user name (CN `system:…`). Approving such a request hands out that identity
 * for the certificate's whole lifetime, and a certificate cannot be revoked.
 */
import { inspectCredential } from '../../analysis/credentials/x509';
import { csrOf } from '../../model/views/csr';
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from '../../reference/certificate-signers';
import { defineRule } from '../define-rule';
import { fieldOf, stringValue } from '../../model/nodes';
import { MASTERS_GROUP, NODE_USER_PREFIX } from '../../reference/system-identities';

const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
/** Signers whose requests must name a node (component-identities' kubelet signer subject). */
const NODE_SIGNERS = [KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER];

export default defineRule({
  id: 'csr/privileged-subject',
  meta: {
    summary: 'Certificate request for the system:masters group or a Kubernetes system identity.',
    why: 'Kubernetes takes a client certificate\'s O as groups and CN as user name: system:masters is cluster-admin that no RBAC change can take away, and a system: user acts as a control-plane component; a certificate cannot be revoked before it expires.',
    severity: 'error',
    messageSeverity: { mastersGroup: 'warning', systemUser: 'warning' },
    scope: 'kubernetes',
    messages: {
      mastersRejected: 'The request asks for group system:masters (O): the CertificateSubjectRestriction admission plugin rejects it for signer {signer}, since the certificate would be cluster-admin.',
      mastersGroup: 'The request asks for group system:masters (O): whoever approves it hands out cluster-admin that RBAC cannot take back until the certificate expires.',
      systemUser: 'The request asks for the system identity "{name}" (CN): the certificate would act as that Kubernetes component or user.',
    },
  },
  check(doc, context) {
    const csr = csrOf(doc);
    const field = fieldOf(csr?.spec, 'request');
    const value = stringValue(field?.value);
    if (!csr || !field || !value) return;
    const request = inspectCredential(value.value).items[0]?.request;
    if (!request) return;
    const signer = csr.signerName?.value ?? '';
    if (request.subject.organizations.includes(MASTERS_GROUP)) {
      if (signer === CLIENT_SIGNER) context.report({ at: field.key, messageId: 'mastersRejected', data: { signer } });
      else context.report({ at: field.key, messageId: 'mastersGroup' });
    }
    const name = request.subject.commonName;
    if (name?.startsWith('system:') && !(NODE_SIGNERS.includes(signer) && name.startsWith(NODE_USER_PREFIX))) {
      context.report({ at: field.key, messageId: 'systemUser', data: { name } });
    }
  },
});
