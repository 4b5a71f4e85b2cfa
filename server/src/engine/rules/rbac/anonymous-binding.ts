/**
 * Flags bindings that grant a role to everyone: anonymous requests (user system:anonymous, group
 * system:unauthenticated) or every authenticated identity (group system:authenticated). Roles that only expose
 * public information stay silent: the built-in discovery roles Kubernetes itself grants this way, and roles
 * whose every rule reads named objects or specific non-resource URLs (a version ConfigMap, cluster-info).
 */
import type { PolicyRuleData, RoleData } from '../../reference/policy-data';
import { isRoleView, rbacObjects, type BindingView } from '../../model/views/rbac';
import type { WorkspaceLookup } from '../../workspace';
import { audienceOf } from '../../analysis/rbac/audiences';
import { defineRule } from '../define-rule';

/** Built-in ClusterRoles that expose only discovery, health and identity information. */
const PUBLIC_INFO_ROLES = new Set(['system:discovery', 'system:basic-user', 'system:public-info-viewer', 'system:service-account-issuer-discovery']);

const READ_VERBS = ['get', 'list', 'watch'];

/** A rule that reads only objects it names (never Secrets) or non-resource URLs it spells out. */
function readsPublicInfo(rule: PolicyRuleData): boolean {
  if (rule.verbs.length === 0 || !rule.verbs.every((verb) => READ_VERBS.includes(verb))) return false;
  if (rule.nonResourceURLs.length > 0) return rule.resources.length === 0 && rule.nonResourceURLs.every((url) => !url.includes('*'));
  const wildcard = [...rule.apiGroups, ...rule.resources].some((value) => value.includes('*'));
  return rule.resourceNames.length > 0 && !wildcard && !rule.resources.includes('secrets');
}

function referencedRole(binding: BindingView, workspace: WorkspaceLookup): RoleData | undefined {
  const kind = binding.roleRef?.kind?.value;
  const name = binding.roleRef?.name?.value;
  if (!name || (kind !== 'Role' && kind !== 'ClusterRole')) return undefined;
  return workspace.findRole(kind, name, binding.metadata.namespace?.value ?? 'default');
}

function exposesOnlyPublicInfo(binding: BindingView, workspace: WorkspaceLookup): boolean {
  const ref = binding.roleRef;
  if (ref?.kind?.value === 'ClusterRole' && ref.name && PUBLIC_INFO_ROLES.has(ref.name.value)) return true;
  const role = referencedRole(binding, workspace);
  // An aggregated ClusterRole's rules come from other roles, so what it grants cannot be read off it.
  return role !== undefined && !role.aggregationSelectors && role.rules.length > 0 && role.rules.every(readsPublicInfo);
}

export default defineRule({
  id: 'rbac/anonymous-binding',
  meta: {
    summary: 'Binding grants a role to anonymous or all authenticated users.',
    why: 'system:anonymous and system:unauthenticated stand for requests without credentials, and system:authenticated for every identity with any valid credential, every service account of every namespace included; a role bound to them is granted to anyone who can reach the API server, or nearly so.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    crossDocument: true,
    messages: {
      anonymous: 'Binds {role} to {subject}: anyone who can reach the API server gets its permissions without logging in.',
      authenticated: 'Binds {role} to {subject}: every user and every service account in the cluster, and anyone else with a valid credential, gets its permissions.',
    },
  },
  check(doc, context) {
    const workspace = context.workspace;
    if (!workspace) return;
    for (const binding of rbacObjects(doc)) {
      if (isRoleView(binding) || !binding.roleRef?.name) continue;
      const role = `${binding.roleRef.kind?.value ?? 'role'} ${binding.roleRef.name.value}`;
      for (const subject of binding.subjects) {
        const audience = audienceOf({ kind: subject.kind?.value, name: subject.name?.value, apiGroup: subject.apiGroup?.value });
        if (!audience || !subject.name || exposesOnlyPublicInfo(binding, workspace)) continue;
        const data = { role, subject: `${subject.kind?.value === 'User' ? 'user' : 'group'} ${subject.name.value}` };
        context.report({ at: subject.name.node, messageId: audience, data });
      }
    }
  },
});
