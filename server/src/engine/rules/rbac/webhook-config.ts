/**
 * Flags role rules that let their holder write or delete admission webhook configurations and admission
 * policies. Admission sees every write to the cluster, so control over it means reading, rewriting or waving
 * through any object.
 */
import { describeGrants, grantsOf, resourceAnchor, roleRules, type Grant } from '../../analysis/rbac/capabilities';
import { ADMISSION_GROUP, ADMISSION_WRITE } from '../../analysis/rbac/risks';
import { defineRule } from '../define-rule';


/** Strongest first: the finding's message and position follow the strongest family the rule reaches. */
const FAMILIES = [
  { messageId: 'mutatingWebhooks', resources: ['mutatingwebhookconfigurations'] },
  { messageId: 'validatingWebhooks', resources: ['validatingwebhookconfigurations'] },
  { messageId: 'mutatingPolicies', resources: ['mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'] },
  { messageId: 'validatingPolicies', resources: ['validatingadmissionpolicies', 'validatingadmissionpolicybindings'] },
] as const;

export default defineRule({
  id: 'rbac/webhook-config',
  meta: {
    summary: 'Role can change admission webhooks or policies.',
    why: 'Admission webhooks and policies see, and may change or reject, every object written to the cluster; whoever controls them can send objects (Secrets included) to their own server, inject containers, or switch off the checks that enforce security policy.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      mutatingWebhooks: 'Grants {grants}: whoever holds it can have the API server send admitted objects, Secrets included, to a server of their choice and rewrite them, or remove the webhooks that enforce policy.',
      validatingWebhooks: 'Grants {grants}: whoever holds it can have the API server send admitted objects, Secrets included, to a server of their choice, or remove the checks the webhooks enforce.',
      mutatingPolicies: 'Grants {grants}: whoever holds it can rewrite objects as the API server admits them, for example to add containers to pods, or remove the policies that do.',
      validatingPolicies: 'Grants {grants}: whoever holds it can remove or weaken the admission policies that enforce security rules, or make the API server reject requests cluster-wide.',
      removeOnly: 'Grants {grants}: whoever holds it can delete admission webhooks and policies, switching off the checks they enforce.',
    },
  },
  check(doc, context) {
    for (const target of roleRules(doc)) {
      const found = FAMILIES.map((family) => ({ messageId: family.messageId, grants: grantsOf(target, { verbs: ADMISSION_WRITE, groups: [ADMISSION_GROUP], resources: family.resources }) })).filter(
        (family) => family.grants.length > 0,
      );
      if (found.length === 0) continue;
      const all: Grant[] = found.flatMap((family) => family.grants);
      const deleteOnly = all.every((grant) => grant.verb === 'delete');
      context.report({
        at: resourceAnchor(found[0].grants).node,
        messageId: deleteOnly ? 'removeOnly' : found[0].messageId,
        data: { grants: describeGrants(all) },
      });
    }
  },
});
