/**
 * Flags requester identity written into a CertificateSigningRequest: `spec.username`, `uid`, `groups` and `extra`
 * are filled in by the API server from whoever creates the request, so values written here are replaced. They
 * often show a belief that the certificate will carry these groups; it carries only what the request's subject says.
 */
import { closest } from '../../analysis/spelling';
import { csrOf } from '../../model/views/csr';
import { defineRule } from '../define-rule';

/** Groups Kubernetes itself assigns; a near miss of one of these is almost certainly a typo. */
const SYSTEM_GROUPS = ['system:authenticated', 'system:unauthenticated', 'system:masters', 'system:nodes', 'system:serviceaccounts', 'system:bootstrappers'];

export default defineRule({
  id: 'csr/user-set-groups',
  meta: {
    summary: 'Requester identity written into a CertificateSigningRequest, where the API server overwrites it.',
    why: 'The API server records who created a request in spec.username, uid, groups and extra, replacing anything written there; the certificate\'s identity comes from the subject of spec.request, not from these fields.',
    severity: 'warning',
    scope: 'kubernetes',
    messages: {
      setByServer: 'spec.{field} is set by the API server to the identity of whoever creates the request; the value written here is ignored.',
      groupTypo: 'Group "{group}" looks like a misspelling of "{suggestion}" (and spec.groups is ignored on create anyway).',
    },
  },
  check(doc, context) {
    const csr = csrOf(doc);
    if (!csr) return;
    for (const field of csr.requesterFields) context.report({ at: field.key, messageId: 'setByServer', data: { field: field.name } });
    for (const group of csr.groups) {
      if (SYSTEM_GROUPS.includes(group.value) || !group.value.startsWith('system:')) continue;
      const suggestion = closest(group.value, SYSTEM_GROUPS);
      if (suggestion) context.report({ at: group.node, messageId: 'groupTypo', data: { group: group.value, suggestion } });
    }
  },
});
