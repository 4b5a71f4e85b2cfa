/**
 * Flags role rules that let their holder request tokens for service accounts. A TokenRequest returns a working
 * credential for the account, so the holder gains every permission that account has.
 */
import { describeGrants, grantsOf, resourceAnchor, roleRules } from '../../analysis/rbac/capabilities';
import { CREATE_TOKEN } from '../../analysis/rbac/risks';
import { defineRule } from '../define-rule';


export default defineRule({
  id: 'rbac/token-creation',
  meta: {
    summary: 'Role can create service account tokens.',
    why: 'Creating serviceaccounts/token issues a bearer token for the service account, so the holder can act as that account with all of its permissions, from anywhere the API server is reachable.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      createToken: 'Grants {grants}: whoever holds it can mint tokens for any service account in scope and use every permission those accounts have.',
    },
  },
  check(doc, context) {
    for (const target of roleRules(doc)) {
      // Tokens for service accounts listed by name reach no further than those accounts, the narrow form good
      // practice recommends (a node agent fetching its own plugin's token); it is not reported.
      if (target.data.resourceNames.length > 0) continue;
      const grants = grantsOf(target, CREATE_TOKEN);
      if (grants.length === 0) continue;
      context.report({ at: resourceAnchor(grants).node, messageId: 'createToken', data: { grants: describeGrants(grants) } });
    }
  },
});
