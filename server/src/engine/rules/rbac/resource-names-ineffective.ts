/**
 * Flags verbs that a rule's resourceNames keep from ever applying: create and deletecollection requests carry no
 * object name, and list and watch requests only carry one when they select a single object with a metadata.name
 * field selector. RBAC then finds no name to compare with the list and does not allow the request, so such a grant
 * rarely does what it seems to say.
 */
import { ruleGroups } from '../../analysis/rbac/rule-targets';
import { rbacObjects, isRoleView, type RuleView } from '../../model/views/rbac';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'rbac/resource-names-ineffective',
  meta: {
    summary: 'Verb that resourceNames cannot restrict, so the rule does not allow it.',
    why: 'RBAC compares resourceNames with the name in the request; create and deletecollection requests have none, and list and watch have one only with a metadata.name field selector, so for these verbs the rule grants nothing or far less than it appears to.',
    severity: 'warning',
    scope: 'kubernetes',
    messages: {
      noName: '"{verb}" requests carry no object name, so a rule with resourceNames never allows them.',
      createTopLevel: '"create" requests for {resources} carry no object name, so a rule with resourceNames never allows them.',
      fieldSelectorOnly: 'With resourceNames, "{verb}" is only allowed when the request selects one of the names with a metadata.name field selector.',
    },
  },
  check(doc, context) {
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        // Aggregated API servers (calico's tiers, for one) authorize with names of their own choosing, so only
        // requests kube-apiserver itself serves are judged.
        if ((rule.resourceNames?.items.length ?? 0) === 0 || !ruleGroups(rule)?.allServed) continue;
        for (const verb of rule.verbs?.items ?? []) {
          switch (verb.value) {
            case 'deletecollection':
              context.report({ at: verb.node, messageId: 'noName', data: { verb: verb.value } });
              break;
            case 'create': {
              const resources = topLevelResources(rule);
              if (resources) context.report({ at: verb.node, messageId: 'createTopLevel', data: { resources } });
              break;
            }
            case 'list':
            case 'watch':
              context.report({ at: verb.node, messageId: 'fieldSelectorOnly', data: { verb: verb.value } });
              break;
          }
        }
      }
    }
  },
});

/**
 * The rule's resources, when every one is a plain resource: creating one posts to its collection, with no name.
 * A subresource (`pods/exec`, `serviceaccounts/token`) is created on a named object, so resourceNames work there;
 * undefined then, and for `*`, which includes subresources.
 */
function topLevelResources(rule: RuleView): string | undefined {
  const names = rule.resources?.items.map((item) => item.value) ?? [];
  if (names.length === 0 || names.some((name) => name.includes('*') || name.includes('/'))) return undefined;
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
