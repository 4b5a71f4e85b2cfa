/**
 * Flags role rules that let their holder read Secrets. Secrets carry service account tokens, TLS keys and
 * passwords, so reading them usually means gaining whatever they unlock.
 */
import { describeGrants, grantsOf, resourceAnchor, roleRules } from '../../analysis/rbac/capabilities';
import { SECRETS_READ as READ } from '../../analysis/rbac/risks';
import { defineRule } from '../define-rule';


export default defineRule({
  id: 'rbac/secrets-access',
  meta: {
    summary: 'Role can read Secrets.',
    why: 'Secrets hold service account tokens, TLS keys and passwords, so whoever can read them can use what they unlock; list and watch return every Secret with its contents, not only the names.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      get: 'Grants {grants}: whoever holds it can read any Secret in scope whose name they know, including service account tokens and TLS keys.',
      list: 'Grants {grants}: whoever holds it can read every Secret in scope, because list and watch return their full contents, including service account tokens and TLS keys.',
    },
  },
  check(doc, context) {
    for (const target of roleRules(doc)) {
      // Reading Secrets listed by name is the narrow grant good practice recommends; it is not reported.
      if (target.data.resourceNames.length > 0) continue;
      const grants = grantsOf(target, READ);
      if (grants.length === 0) continue;
      const listing = grants.some((grant) => grant.verb !== 'get');
      context.report({ at: resourceAnchor(grants).node, messageId: listing ? 'list' : 'get', data: { grants: describeGrants(grants) } });
    }
  },
});
