/**
 * Flags a known verb that none of a rule's built-in resources is ever requested with: `approve` on pods, `list` on
 * pods/exec, `watch` on serviceaccounts/token, `list` on a non-resource URL. RBAC only compares strings, so the
 * verb is accepted but grants nothing; usually the rule meant another resource or another verb.
 */
import { isWildcardResource, knownIn, ruleGroups, verbsIn } from '../../analysis/rbac/rule-targets';
import { rbacObjects, isRoleView, type RuleView } from '../../model/views/rbac';
import { isPatternVerb, knownVerbs, NON_RESOURCE_VERBS } from '../../reference/rbac-reference';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'rbac/verb-not-supported',
  meta: {
    summary: 'Verb is never used in requests for the resources of its rule.',
    why: 'A verb only grants something when requests for the rule\'s resources are made with it; for a verb the resources never serve, the grant is dead and the intended permission is probably missing.',
    severity: 'warning',
    scope: 'kubernetes',
    messages: {
      notSupported: 'No request for {resources} uses the verb "{verb}".',
      notSupportedNonResource: 'No request to a non-resource URL uses the verb "{verb}"; their verbs are the lower-case HTTP methods.',
    },
  },
  check(doc, context) {
    const known = knownVerbs();
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        const served = servedVerbs(rule);
        if (!served) continue;
        for (const verb of rule.verbs?.items ?? []) {
          const value = verb.value;
          // Unknown verbs are rbac/unknown-verb's to report.
          if (value === '*' || isPatternVerb(value) || !known.has(value) || served.verbs.has(value)) continue;
          if (served.resources) context.report({ at: verb.node, messageId: 'notSupported', data: { verb: value, resources: served.resources } });
          else context.report({ at: verb.node, messageId: 'notSupportedNonResource', data: { verb: value } });
        }
      }
    }
  },
});

/**
 * The verbs any request the rule can match is made with, and a description of its resources (undefined for a
 * non-resource rule); undefined when the catalogue cannot tell, because a group is `*` or custom, a resource is a
 * wildcard or unknown, or the rule mixes resources and URLs.
 */
function servedVerbs(rule: RuleView): { verbs: ReadonlySet<string>; resources?: string } | undefined {
  const resources = rule.resources?.items.map((item) => item.value) ?? [];
  const urls = rule.nonResourceURLs?.items.length ?? 0;
  if (resources.length === 0) return urls > 0 && (rule.apiGroups?.items.length ?? 0) === 0 ? { verbs: new Set(NON_RESOURCE_VERBS) } : undefined;
  if (urls > 0) return undefined;
  const groups = ruleGroups(rule);
  if (!groups?.allServed || resources.some((resource) => isWildcardResource(resource) || resource.endsWith('/*'))) return undefined;
  const verbs = new Set<string>();
  for (const resource of resources) {
    const known = groups.groups.filter((group) => knownIn(group, resource));
    if (known.length === 0) return undefined;
    for (const group of known) {
      const served = verbsIn(group, resource);
      if (!served) return undefined;
      served.forEach((verb) => verbs.add(verb));
    }
  }
  return { verbs, resources: listOf(resources) };
}

/** `pods/exec`, `pods/log or pods/exec`, `a, b or c`. */
function listOf(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
