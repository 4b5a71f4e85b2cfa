/**
 * Flags an apiGroup in a Role or ClusterRole rule that misspells a Kubernetes API group (`app`,
 * `rbac.authorization.k8s.i0`, `core`). RBAC compares groups as plain strings and stores any value, so such a rule
 * is accepted and silently grants nothing for the resources it was written for. Groups of custom resources are
 * left alone unless they are one typo away from a built-in group.
 */
import { closestGroup, isNonServedKubernetesGroup } from '../../analysis/api-types';
import { replaceScalar } from '../../edits';
import { rbacObjects, isRoleView } from '../../model/views/rbac';
import { isKnownGroup } from '../../reference/api-catalog';
import { isServedGroup } from '../../reference/rbac-reference';
import { defineRule } from '../define-rule';

type Verdict =
  | { messageId: 'unknownGroup' | 'coreGroup' | 'groupWithVersion'; suggestion: string }
  | { messageId: 'notAGroup'; suggestion?: undefined };

const KUBERNETES_SUFFIX = '.k8s.io';

/** What is wrong with a group, or undefined when it is a real group or may be the group of custom resources. */
function judgeGroup(group: string): Verdict | undefined {
  if (group === '' || group === '*' || isKnownGroup(group) || isNonServedKubernetesGroup(group)) return undefined;
  // The core group has no name: `core` and `v1` are how kubectl and apiVersion spell it, never RBAC.
  if (group === 'core' || group === 'v1') return { messageId: 'coreGroup', suggestion: '' };
  const slash = group.indexOf('/');
  if (slash !== -1) {
    // API group names are DNS subdomains, so a slash never belongs in one; `apps/v1` is an apiVersion.
    const prefix = group.slice(0, slash);
    if (!/^v\d+((alpha|beta)\d+)?$/.test(group.slice(slash + 1))) return { messageId: 'notAGroup' };
    const prefixVerdict = judgeGroup(prefix);
    if (prefixVerdict?.messageId === 'notAGroup') return prefixVerdict;
    return { messageId: 'groupWithVersion', suggestion: prefixVerdict ? prefixVerdict.suggestion : prefix };
  }
  const typo = closestGroup(group);
  if (typo !== undefined) return { messageId: 'unknownGroup', suggestion: typo };
  // `apps.k8s.io` or `core.k8s.io` is a built-in group spelt as if it lived under k8s.io. Other unknown groups
  // under k8s.io are left alone: custom resources may use them (with the unapproved-API annotation).
  if (group.endsWith(KUBERNETES_SUFFIX)) {
    const stripped = group.slice(0, -KUBERNETES_SUFFIX.length);
    if (stripped === 'core') return { messageId: 'unknownGroup', suggestion: '' };
    if (isServedGroup(stripped)) return { messageId: 'unknownGroup', suggestion: stripped };
  }
  return undefined;
}

export default defineRule({
  id: 'rbac/unknown-api-group',
  meta: {
    summary: 'apiGroup in a Role or ClusterRole rule is not a Kubernetes API group.',
    why: 'RBAC matches apiGroups as exact strings and accepts any value, so a misspelt group is stored without complaint and the rule never grants anything for the resources it names.',
    severity: 'error',
    ineffective: true,
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownGroup: 'Unknown API group "{group}"; did you mean "{suggestion}"?',
      coreGroup: 'The core API group is written "", not "{group}".',
      groupWithVersion: 'apiGroups name groups without a version: "{group}" should be "{suggestion}".',
      notAGroup: '"{group}" is not an API group.',
      replace: 'Replace "{group}" with "{suggestion}"',
    },
  },
  check(doc, context) {
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        for (const group of rule.apiGroups?.items ?? []) {
          const verdict = judgeGroup(group.value);
          if (!verdict) continue;
          if (verdict.messageId === 'notAGroup') {
            context.report({ at: group.node, messageId: 'notAGroup', data: { group: group.value } });
            continue;
          }
          const data = { group: group.value, suggestion: verdict.suggestion };
          context.report({
            at: group.node,
            messageId: verdict.messageId,
            data,
            fixes: [{ messageId: 'replace', data, edits: [replaceScalar(group.node, verdict.suggestion)] }],
          });
        }
      }
    }
  },
});
