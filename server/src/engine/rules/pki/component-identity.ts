/**
 * The identity and usages a component's certificate must carry, for the files kubeadm and the kubelet name by
 * role: the kubelet's client certificate must be a node to the Node authorizer (user system:node:<name> in group
 * system:nodes), a certificate must allow the TLS role it is used in (a peer refuses a client certificate whose
 * extended key usage leaves out clientAuth, a serving one without serverAuth), and a certificate in system:masters
 * grants what no RBAC rule can take back.
 */
import { beginLine } from '../../analysis/pki/blocks';
import { componentRoleOf, missingUsages, nodeIdentityProblem } from '../../analysis/pki/component-identities';
import { defineRule } from '../define-rule';
import { MASTERS_GROUP } from '../../reference/system-identities';

export default defineRule({
  id: 'pki/component-identity',
  meta: {
    summary: "Component certificate whose subject or usages do not fit its role, or a client certificate in system:masters.",
    why: 'Components authenticate to each other with certificates: the API server takes the user from the CN and the groups from O, the Node authorizer gives a kubelet only what its node needs when it is system:node:<name> in system:nodes, and TLS peers check the extended key usage. A certificate in system:masters passes every authorizer and stays valid until it expires.',
    severity: 'error',
    messageSeverity: { unexpectedName: 'warning', mastersCertificate: 'warning' },
    scope: 'pki',
    messages: {
      notANode: 'This is {role}, but the Node authorizer does not take it for a node: {problem}, so the kubelet is denied what its node needs.',
      missingUsage: 'This is {role}, but its extended key usage leaves out {usages}: TLS peers refuse it in that role.',
      unexpectedName: 'This is {role}; kubeadm and the components expect CN={expected}, not {actual}.',
      mastersCertificate: 'This client certificate is in group system:masters: it passes every authorizer, and RBAC cannot take that back until it expires ({date}).',
    },
  },
  checkFile(file, context) {
    if (file.format !== 'pki') return;
    const role = componentRoleOf(file.path);
    const presented = file.certificates[0];
    if (role && presented) {
      const { certificate } = presented;
      const at = beginLine(file, presented);
      const problem = role.node ? nodeIdentityProblem(certificate.subject) : undefined;
      if (problem) context.report({ at, messageId: 'notANode', data: { role: role.role, problem } });
      if (role.commonName && certificate.subject.commonName !== role.commonName) {
        context.report({ at, messageId: 'unexpectedName', data: { role: role.role, expected: role.commonName, actual: certificate.subject.commonName ? `CN=${certificate.subject.commonName}` : 'no CN' } });
      }
      const missing = missingUsages(certificate, role);
      if (missing.length > 0) context.report({ at, messageId: 'missingUsage', data: { role: role.role, usages: missing.join(' and ') } });
    }
    for (const item of file.certificates) {
      const { certificate } = item;
      const clientUsable = !certificate.extendedKeyUsages || certificate.extendedKeyUsages.some((usage) => usage === 'client auth' || usage === 'any');
      if (!certificate.isCA && clientUsable && certificate.subject.organizations.includes(MASTERS_GROUP)) {
        context.report({ at: beginLine(file, item), messageId: 'mastersCertificate', data: { date: certificate.notAfter.toISOString().slice(0, 10) } });
      }
    }
  },
});
