/**
 * Flags role rules that let their holder gain permissions beyond their own: escalate and bind on roles, which
 * switch off RBAC's escalation check; impersonation of users, groups, service accounts or nodes; and writing
 * roles and bindings, which passes permissions on to anyone.
 */
import {
  describeGrants,
  grantsOf,
  impersonationGrants,
  namedOr,
  orList,
  resourceAnchor,
  roleRules,
  verbAnchor,
  type RoleRule,
} from '../../analysis/rbac/capabilities';
import { BIND, ESCALATE, WRITE_RBAC } from '../../analysis/rbac/risks';
import { defineRule, type RuleContext } from '../define-rule';


/** Impersonating only a UID or extra attributes does nothing without impersonating a user as well. */
const IDENTITIES: Record<string, string> = { users: 'user', groups: 'group', serviceaccounts: 'service account', nodes: 'node' };

type MessageId = 'escalate' | 'bind' | 'escalateBind' | 'impersonate' | 'writeRbac';

export default defineRule({
  id: 'rbac/privilege-escalation',
  meta: {
    summary: 'Role can grant itself or others more permissions.',
    why: 'RBAC stops users from granting permissions they do not hold, unless they have escalate or bind; impersonation lends them another identity\'s permissions outright; and write access to roles and bindings lets them pass permissions on to anyone. Each is a path from the role to more access than it lists.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      escalate: 'Grants {grants}: whoever holds it can write roles with permissions it does not have, past the check that normally stops this.',
      bind: 'Grants {grants}: whoever holds it can bind {roles} to any user or service account, itself included, even without the permissions they grant.',
      escalateBind: 'Grants {grants}: whoever holds it can write and bind roles with permissions it does not have, getting around RBAC\'s escalation checks entirely.',
      impersonate: 'Grants {grants}: whoever holds it can send requests as {identities} and use every permission they have.',
      writeRbac: 'Grants {grants}: whoever holds it can pass every permission it holds on to any user, group or service account, and more if it also has bind or escalate.',
    },
  },
  check(doc, context) {
    for (const target of roleRules(doc)) {
      const reportedEscalation = checkEscalateBind(target, context);
      checkImpersonation(target, context);
      // escalate and bind already say the role can hand out anything; the write grant beside them adds nothing.
      if (reportedEscalation) continue;
      const writes = grantsOf(target, WRITE_RBAC);
      if (writes.length > 0) context.report({ at: resourceAnchor(writes).node, messageId: 'writeRbac', data: { grants: describeGrants(writes) } });
    }
  },
});

function checkEscalateBind(target: RoleRule, context: RuleContext<MessageId>): boolean {
  const escalate = grantsOf(target, ESCALATE);
  const bind = grantsOf(target, BIND);
  if (escalate.length === 0 && bind.length === 0) return false;
  const grants = [...escalate, ...bind];
  const data = { grants: describeGrants(grants) };
  if (escalate.length > 0 && bind.length > 0) context.report({ at: verbAnchor(grants).node, messageId: 'escalateBind', data });
  else if (escalate.length > 0) context.report({ at: verbAnchor(grants).node, messageId: 'escalate', data });
  else {
    const roles = namedOr(target.data, 'the role', 'the roles', 'any role');
    context.report({ at: verbAnchor(grants).node, messageId: 'bind', data: { ...data, roles } });
  }
  return true;
}

function checkImpersonation(target: RoleRule, context: RuleContext<MessageId>): void {
  const grants = impersonationGrants(target);
  const kinds = [...new Set(grants.flatMap((grant) => (IDENTITIES[grant.resource] ? [IDENTITIES[grant.resource]] : [])))];
  if (kinds.length === 0) return;
  const named = kinds.length === 1 ? kinds[0] : 'identity';
  const identities = namedOr(target.data, `the ${named}`, `the ${named === 'identity' ? 'identities' : `${named}s`}`, `any ${orList(kinds)} in scope`);
  context.report({ at: verbAnchor(grants).node, messageId: 'impersonate', data: { grants: describeGrants(grants), identities } });
}
