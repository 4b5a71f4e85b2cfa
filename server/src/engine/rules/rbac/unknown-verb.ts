/**
 * Flags a verb in a Role or ClusterRole rule that Kubernetes gives no meaning to: a typo (`lits`, `wacth`) or a
 * verb in capitals (`GET`). The API server stores any string as a verb and RBAC compares verbs exactly and
 * case-sensitively, so such a verb grants nothing. Where a rule covers custom resources, whose servers may define
 * verbs of their own, only near misses of known verbs are reported.
 */
import { closest } from '../../analysis/spelling';
import { isWildcardResource, knownIn, ruleGroups, verbsIn } from '../../analysis/rbac/rule-targets';
import { replaceScalar } from '../../edits';
import { rbacObjects, isRoleView, type RuleView } from '../../model/views/rbac';
import { isPatternVerb, knownVerbs, NON_RESOURCE_VERBS, STANDARD_VERBS } from '../../reference/rbac-reference';
import { defineRule } from '../define-rule';

/**
 * Words people write for what they want rather than misspell a verb: "read" is one letter from "head" and "set" from
 * "get", but neither is what the author meant, so no replacement is offered for them.
 */
const INTENT_WORDS = new Set(['read', 'write', 'set', 'view', 'edit', 'all', 'admin', 'modify', 'manage', 'access', 'readonly']);

export default defineRule({
  id: 'rbac/unknown-verb',
  meta: {
    summary: 'Verb in a Role or ClusterRole rule is not a Kubernetes verb.',
    why: 'The API server accepts any string as a verb and RBAC matches verbs exactly and case-sensitively, so a misspelt verb is stored without complaint and grants nothing.',
    severity: 'error',
    ineffective: true,
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownVerb: 'Unknown verb "{verb}"; did you mean "{suggestion}"?',
      upperCase: 'Verbs are case-sensitive: "{verb}" never matches "{suggestion}".',
      unknownVerbNoSuggestion: 'Unknown verb "{verb}".',
      replace: 'Replace "{verb}" with "{suggestion}"',
    },
  },
  check(doc, context) {
    const known = knownVerbs();
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        const { likely, fallback, strict } = verbContext(rule);
        for (const verb of rule.verbs?.items ?? []) {
          const value = verb.value;
          if (value === '*' || known.has(value) || isPatternVerb(value)) continue;
          const lower = value.toLowerCase();
          const suggestion = known.has(lower) ? lower : INTENT_WORDS.has(lower) ? undefined : (closest(value, likely) ?? closest(value, fallback));
          if (!suggestion) {
            if (strict) context.report({ at: verb.node, messageId: 'unknownVerbNoSuggestion', data: { verb: value } });
            continue;
          }
          const data = { verb: value, suggestion };
          context.report({
            at: verb.node,
            messageId: suggestion === lower ? 'upperCase' : 'unknownVerb',
            data,
            fixes: [{ messageId: 'replace', data, edits: [replaceScalar(verb.node, suggestion)] }],
          });
        }
      }
    }
  },
});

/**
 * The verbs a rule most likely meant (those its resources serve), the wider set to fall back on (every verb that
 * fits the kind of rule: HTTP methods only for non-resource URLs, never for resources), and whether any unknown
 * verb is a mistake: true unless the rule may cover custom resources, whose servers can check verbs of their own.
 */
function verbContext(rule: RuleView): { likely: ReadonlySet<string>; fallback: ReadonlySet<string>; strict: boolean } {
  const resources = rule.resources?.items.map((item) => item.value) ?? [];
  if (resources.length === 0 && (rule.nonResourceURLs?.items.length ?? 0) > 0) {
    const methods = new Set(NON_RESOURCE_VERBS);
    return { likely: methods, fallback: methods, strict: true };
  }
  const fallback = resourceVerbs();
  const groups = ruleGroups(rule);
  if (!groups) return { likely: fallback, fallback, strict: false };
  if (!groups.allServed || resources.length === 0 || resources.some(isWildcardResource)) return { likely: fallback, fallback, strict: !groups.open };
  const likely = new Set<string>();
  for (const resource of resources) {
    for (const group of groups.groups) {
      if (knownIn(group, resource)) verbsIn(group, resource)?.forEach((verb) => likely.add(verb));
    }
  }
  return { likely, fallback, strict: true };
}

/** Known verbs that resource requests can carry: the HTTP methods of non-resource requests are left out. */
function resourceVerbs(): ReadonlySet<string> {
  const methodsOnly = NON_RESOURCE_VERBS.filter((verb) => !(STANDARD_VERBS as readonly string[]).includes(verb));
  return new Set([...knownVerbs()].filter((verb) => !methodsOnly.includes(verb)));
}
