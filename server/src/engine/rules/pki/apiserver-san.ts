/**
 * kube-apiserver's serving certificate (kubeadm's apiserver.crt, or a certificate for CN kube-apiserver that may
 * serve) must name every host name and address clients reach the API server by, checked as Go's TLS clients check
 * it: the kubernetes.default names in the cluster's domain, the first address of the service range, and the
 * control-plane endpoint, certSANs and advertise address the workspace's kubeadm configuration or static pod give.
 */
import { beginLine } from '../../analysis/pki/blocks';
import { certificateNames, requiredApiserverNames } from '../../analysis/pki/apiserver-names';
import type { CertificateInfo } from '../../analysis/credentials/x509';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pki/apiserver-san',
  meta: {
    summary: "kube-apiserver's serving certificate without a name clients reach it by.",
    why: 'Pods reach the API server as kubernetes.default.svc at the service address, kubectl and kubelets at the control-plane endpoint or advertise address; Go clients check that the certificate names the host they dialled, so each missing name is a client that cannot connect.',
    severity: 'error',
    scope: 'pki',
    crossDocument: true,
    messages: {
      missingNames: "This kube-apiserver serving certificate does not name {names}: clients that reach the API server by {them} refuse its certificate.",
    },
  },
  checkFile(file, context) {
    if (file.format !== 'pki') return;
    const presented = file.certificates[0];
    if (!presented || !isApiserverServing(file.path, presented.certificate)) return;
    const facts = context.workspace?.apiserverNames?.all() ?? [];
    const missing = requiredApiserverNames(facts, presented.certificate).filter((name) => !certificateNames(presented.certificate, name));
    if (missing.length > 0) context.report({ at: beginLine(file, presented), messageId: 'missingNames', data: { names: missing.join(', '), them: missing.length === 1 ? 'it' : 'them' } });
  },
});

function isApiserverServing(path: string, certificate: CertificateInfo): boolean {
  if (/(^|\/)apiserver\.crt$/.test(path)) return true;
  const serves = !certificate.extendedKeyUsages || certificate.extendedKeyUsages.some((usage) => usage === 'server auth' || usage === 'any');
  return !certificate.isCA && serves && certificate.subject.commonName === 'kube-apiserver';
}
