/**
 * Flags a resource in a Role or ClusterRole rule that the rule's built-in API groups do not have: a kind or
 * singular where RBAC wants the lower-case plural (`Secret`, `deployment`), a short name (`svc`), a misspelt
 * subresource (`pods/exex`) or a typo. RBAC compares resources as exact strings, so such an entry grants nothing.
 * Where a rule's groups may hold custom resources, only other spellings of a built-in resource are reported.
 */
import { flowList, replaceScalar } from '../../edits';
import { groupsKnowing, knownIn, ruleGroups, suggestResource, type ResourceSuggestion } from '../../analysis/rbac/rule-targets';
import { rbacObjects, isRoleView } from '../../model/views/rbac';
import { apiGroups, resourcesOf } from '../../reference/rbac-reference';
import { closest } from '../../analysis/spelling';
import { defineRule, type RuleContext } from '../define-rule';
import type { StringValue } from '../../model/nodes';

type MessageId = 'unknownResource' | 'otherSpelling' | 'unknownSubresource' | 'unknownResourceNoSuggestion' | 'subresourceWildcard' | 'replace';

export default defineRule<MessageId>({
  id: 'rbac/unknown-resource',
  meta: {
    summary: 'Resource in a Role or ClusterRole rule does not exist in its API groups.',
    why: 'RBAC matches resources as exact, case-sensitive strings and stores any value, so a kind, a singular, a short name or a misspelling is accepted and grants nothing.',
    severity: 'error',
    ineffective: true,
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownResource: 'Unknown resource "{resource}"; did you mean "{suggestion}"?',
      otherSpelling: 'RBAC names resources by their lower-case plural: "{resource}" should be "{suggestion}".',
      unknownSubresource: 'Unknown subresource "{resource}"; did you mean "{suggestion}"?',
      unknownResourceNoSuggestion: 'Unknown resource "{resource}" in apiGroups {groups}.',
      subresourceWildcard: '"{resource}" matches no request: a star after the slash is not a wildcard.',
      replace: 'Replace "{resource}" with "{suggestion}"',
    },
  },
  check(doc, context) {
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        const groups = ruleGroups(rule);
        for (const resource of rule.resources?.items ?? []) {
          const name = resource.value;
          if (name === '*') continue;
          // `pods/*` is matched literally by the authorizer, whatever the group: it never means "every subresource".
          if (name.endsWith('/*')) {
            context.report({ at: resource.node, messageId: 'subresourceWildcard', data: { resource: name } });
            continue;
          }
          if (!groups) continue;
          if (name.startsWith('*/')) {
            if (groups.allServed) checkAnyResourceSubresource(resource, groups.groups, context);
            continue;
          }
          if (groups.served.some((group) => knownIn(group, name))) continue;
          if (groups.allServed) {
            // A resource that exists in another group is rbac/resource-wrong-group's to report.
            if (groupsKnowing(name).length > 0) continue;
            const suggestion = suggestResource(name, groups.groups) ?? suggestResource(name, apiGroups());
            if (suggestion) report(resource, suggestion, context);
            else context.report({ at: resource.node, messageId: 'unknownResourceNoSuggestion', data: { resource: name, groups: flowList(groups.groups) } });
            continue;
          }
          // A custom or `*` group may hold a custom resource of that name; only another spelling of a built-in one is
          // surely a mistake (custom resources are lower case too).
          const suggestion = suggestResource(name, groups.served, true) ?? (/[A-Z]/.test(name) ? suggestResource(name, apiGroups(), true) : undefined);
          if (suggestion) report(resource, suggestion, context);
        }
      }
    }
  },
});

function report(resource: StringValue, suggestion: ResourceSuggestion, context: RuleContext<MessageId>): void {
  const data = { resource: resource.value, suggestion: suggestion.name };
  const messageId = suggestion.reason === 'variant' ? 'otherSpelling' : suggestion.reason === 'subresource' ? 'unknownSubresource' : 'unknownResource';
  context.report({ at: resource.node, messageId, data, fixes: [{ messageId: 'replace', data, edits: [replaceScalar(resource.node, suggestion.name)] }] });
}

/** `*` + `/status` matches that subresource of every resource, so the subresource must exist for some resource of the groups. */
function checkAnyResourceSubresource(resource: StringValue, groups: readonly string[], context: RuleContext<MessageId>): void {
  const name = resource.value;
  if (groups.some((group) => knownIn(group, name))) return;
  const subresources = new Set(['scale', 'finalizers']);
  for (const group of groups) {
    for (const info of resourcesOf(group).values()) info.subresources.forEach((_, sub) => subresources.add(sub));
  }
  const sub = name.slice(2);
  if (subresources.has(sub)) return;
  const suggestion = closest(sub, subresources);
  if (suggestion) report(resource, { name: `*/${suggestion}`, reason: 'subresource' }, context);
  else context.report({ at: resource.node, messageId: 'unknownResourceNoSuggestion', data: { resource: name, groups: flowList(groups) } });
}
