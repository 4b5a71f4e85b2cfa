/**
 * Flags a resource that exists, but not in any of its rule's API groups (`deployments` under the core group ""
 * instead of "apps"). RBAC pairs every listed group with every listed resource and matches them exactly, so the
 * rule silently grants nothing on the resource. The fix moves the resource into a rule of its own group, keeping
 * everything else the original rule grants.
 */
import { isSeq, type YAMLSeq } from 'yaml';
import { groupsKnowing, isWildcardResource, knownIn, ruleGroups } from '../../analysis/rbac/rule-targets';
import { flowList, insertMapItemAfter, removeSequenceItems, replaceScalar } from '../../edits';
import type { TextEdit } from '../../fix';
import { rbacObjects, isRoleView, type RuleView } from '../../model/views/rbac';
import { defineRule, type FixProposal } from '../define-rule';
import type { StringValue } from '../../model/nodes';

type MessageId = 'wrongGroup' | 'wrongGroups' | 'changeGroup' | 'move';

interface Misplaced {
  resource: StringValue;
  /** The groups that serve it; the first is the one the fix uses. */
  targets: readonly string[];
}

export default defineRule<MessageId>({
  id: 'rbac/resource-wrong-group',
  meta: {
    summary: 'Resource is not served by the API groups of its rule.',
    why: 'A rule grants each of its resources only in the groups it lists, matched exactly, so a resource listed under a group that does not serve it is granted nowhere.',
    severity: 'error',
    ineffective: true,
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      wrongGroup: '"{resource}" is not in API group {groups}; it is served by {targets}.',
      wrongGroups: '"{resource}" is in none of the API groups {groups}; it is served by {targets}.',
      changeGroup: 'Change apiGroups to ["{target}"]',
      move: 'Move {moves}',
    },
  },
  check(doc, context) {
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        const groups = ruleGroups(rule);
        // With `*` or a custom group the resource may be matched there; retired groups are another matter.
        if (!groups?.allServed) continue;
        const misplaced: Misplaced[] = [];
        for (const resource of rule.resources?.items ?? []) {
          const name = resource.value;
          if (isWildcardResource(name) || name.endsWith('/*') || groups.groups.some((group) => knownIn(group, name))) continue;
          const targets = groupsKnowing(name);
          if (targets.length > 0) misplaced.push({ resource, targets });
        }
        if (misplaced.length === 0) continue;
        const fix = moveFix(doc.text, rule, misplaced);
        for (const { resource, targets } of misplaced) {
          context.report({
            at: resource.node,
            messageId: groups.groups.length === 1 ? 'wrongGroup' : 'wrongGroups',
            data: { resource: resource.value, groups: groupList(groups.groups), targets: groupList(targets) },
            fixes: fix ? [fix] : [],
          });
        }
      }
    }
  },
});

/** `"apps"`, `"" (core) and "events.k8s.io"`. */
function groupList(groups: readonly string[]): string {
  const quoted = groups.map((group) => (group === '' ? '"" (core)' : `"${group}"`));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * One fix for all misplaced resources of a rule, so that applying it once leaves nothing to fix: the resources go
 * to a new rule per target group with the same verbs and resourceNames. When nothing else would be left in the
 * original rule, that rule takes the first target group instead of being emptied.
 */
function moveFix(text: string, rule: RuleView, misplaced: readonly Misplaced[]): FixProposal<MessageId> | undefined {
  const { apiGroups, resources, verbs, resourceNames } = rule;
  if (!apiGroups || !resources || !verbs || verbs.items.length === 0) return undefined;
  // Only rewrite lists whose every item was read: anything else (nulls, numbers) would be lost.
  for (const field of [apiGroups, resources, verbs, resourceNames]) {
    if (field && (!isSeq(field.node) || (field.node as YAMLSeq).items.length !== field.items.length)) return undefined;
  }
  const byTarget = new Map<string, StringValue[]>();
  for (const { resource, targets } of misplaced) byTarget.set(targets[0], [...(byTarget.get(targets[0]) ?? []), resource]);
  const moved = new Set(misplaced.map(({ resource }) => resource.node));
  const keepsOthers = resources.items.some((resource) => !moved.has(resource.node));
  const edits: TextEdit[] = [];
  let newRules = [...byTarget];
  if (!keepsOthers) {
    // Every resource of the rule is misplaced, so its groups grant nothing and may be replaced.
    const [[target], ...rest] = newRules;
    const groupsSeq = apiGroups.node as YAMLSeq;
    if (apiGroups.items.length === 1) edits.push(replaceScalar(apiGroups.items[0].node, target));
    else if (groupsSeq.flow && groupsSeq.range) edits.push({ start: groupsSeq.range[0], end: groupsSeq.range[1], newText: flowList([target]) });
    else return undefined;
    const leaving = new Set(rest.flatMap(([, items]) => items.map((item) => item.node)));
    if (leaving.size > 0) {
      const removal = removeSequenceItems(text, resources.node as YAMLSeq, leaving);
      if (!removal) return undefined;
      edits.push(...removal);
    }
    if (rest.length === 0) return { messageId: 'changeGroup', data: { target }, edits };
    newRules = rest;
  } else {
    const removal = removeSequenceItems(text, resources.node as YAMLSeq, moved);
    if (!removal) return undefined;
    edits.push(...removal);
  }
  let insertion = '';
  let at: number | undefined;
  for (const [target, items] of newRules) {
    const fields: [string, string][] = [
      ['apiGroups', flowList([target])],
      ['resources', flowList(items.map((item) => item.value))],
      ...(resourceNames && resourceNames.items.length > 0 ? [['resourceNames', flowList(resourceNames.items.map((item) => item.value))] as [string, string]] : []),
      ['verbs', flowList(verbs.items.map((item) => item.value))],
    ];
    const edit = insertMapItemAfter(text, rule.node, fields);
    if (!edit) return undefined;
    at = edit.start;
    insertion += edit.newText;
  }
  if (at !== undefined) edits.push({ start: at, end: at, newText: insertion });
  const moves = [...byTarget]
    .map(([target, items]) => `${items.map((item) => `"${item.value}"`).join(', ')} to apiGroup "${target}"`);
  return { messageId: 'move', data: { moves: moves.length <= 1 ? moves.join('') : `${moves.slice(0, -1).join(', ')} and ${moves[moves.length - 1]}` }, edits };
}
