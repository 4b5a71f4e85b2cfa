/**
 * Flags roles that can approve certificate signing requests. Approval is what stands between anyone who may
 * create a request and a signed certificate; for the kube-apiserver-client signer, that certificate logs in to
 * the cluster as whatever user and groups the request names.
 */
import { grantsOf, roleRules, verbAnchor } from '../../analysis/rbac/capabilities';
import { APPROVE, UPDATE_APPROVAL } from '../../analysis/rbac/risks';
import { defineRule } from '../define-rule';
import type { StringValue } from '../../model/nodes';

const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

/**
 * The API server checks approve on the signer's own name, then on `<domain>/*`; resourceNames have no other
 * wildcard, so a literal `*` name matches no signer.
 */
const CLIENT_SIGNER_NAMES = [CLIENT_SIGNER, 'kubernetes.io/*'];

export default defineRule({
  id: 'rbac/csr-approval',
  meta: {
    summary: 'Role can approve certificate signing requests.',
    why: 'An approved request for the kube-apiserver-client signer becomes a client certificate for any user and groups the requester chose, which authenticates until it expires and cannot be revoked; approving for other signers issues whatever those signers vouch for.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      clientSignerApproval: 'Grants approve on {signers} with update on certificatesigningrequests/approval: whoever holds it can approve client certificates that log in as any user or group, and they cannot be revoked.',
      clientSigner: 'Grants approve on {signers}: together with update on certificatesigningrequests/approval, from this or another role, whoever holds it can approve client certificates that log in as any user or group.',
      signerApproval: 'Grants approve on {signers} with update on certificatesigningrequests/approval: whoever holds it can approve any request to those signers and so obtain every kind of certificate they issue.',
    },
  },
  check(doc, context) {
    const rules = roleRules(doc);
    for (const target of rules) {
      const approve = grantsOf(target, APPROVE);
      if (approve.length === 0) continue;
      // A signer name always has a domain and a path, so a name without a slash (such as "*") matches no signer.
      const names = (target.rule.resourceNames?.items ?? []).filter((name) => name.value.includes('/'));
      const anySigner = target.data.resourceNames.length === 0;
      if (!anySigner && names.length === 0) continue;
      const clientSignerName = names.find((name) => CLIENT_SIGNER_NAMES.includes(name.value));
      const signers = anySigner ? 'every signer' : `signers ${names.map((name) => name.value).join(', ')}`;
      const approval = rules.some((other) => other.role === target.role && grantsOf(other, UPDATE_APPROVAL).length > 0);
      const anchor: StringValue = clientSignerName ?? verbAnchor(approve);
      if (anySigner || clientSignerName) {
        context.report({ at: anchor.node, messageId: approval ? 'clientSignerApproval' : 'clientSigner', data: { signers } });
      } else if (approval) {
        context.report({ at: anchor.node, messageId: 'signerApproval', data: { signers } });
      }
    }
  },
});
