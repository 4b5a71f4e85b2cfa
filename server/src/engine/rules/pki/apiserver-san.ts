/**
 * kube-apiserver's serving certificate (kubeadm's apiserver.crt, the file a static pod's --tls-cert-file names, or a
 * certificate for CN kube-apiserver that may serve) must name every host name and address clients reach the API server by, checked as Go's TLS clients check
 * it: the kubernetes.default names in the cluster's domain, the first address of the service range, and the
 * control-plane endpoint, certSANs and advertise address the workspace's kubeadm configuration or static pod give.
 */
import { beginLine } from '../../analysis/pki/blocks';
import { certificateNames, isApiserverServing, requiredApiserverNames } from '../../analysis/pki/apiserver-names';
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
    const facts = context.workspace?.apiserverNames?.all() ?? [];
    const pemFiles = new Set((context.workspace?.pki?.all() ?? []).map((fact) => fact.file));
    if (!presented || !isApiserverServing(file.path, presented.certificate, facts, pemFiles)) return;
    const missing = requiredApiserverNames(facts, presented.certificate).filter((name) => !certificateNames(presented.certificate, name));
    if (missing.length > 0) context.report({ at: beginLine(file, presented), messageId: 'missingNames', data: { names: missing.join(', '), them: missing.length === 1 ? 'it' : 'them' } });
  },
});
