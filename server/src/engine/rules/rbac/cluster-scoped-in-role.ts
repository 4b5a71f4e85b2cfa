/**
 * Flags cluster-scoped resources (nodes, persistentvolumes, clusterroles, certificatesigningrequests, ...) in a
 * namespaced Role. Requests for them carry no namespace and only ClusterRoleBindings are consulted for such
 * requests, so these entries never take effect. Two exceptions: a RoleBinding can grant access to its own
 * Namespace object, whose requests do carry that namespace, and `bind` on `clusterroles` is checked in the namespace
 * of the RoleBinding being created, so a Role can let someone bind a ClusterRole within its namespace.
 */
import { isWildcardResource, knownIn, ruleGroups, scopeOf } from '../../analysis/rbac/rule-targets';
import { rbacObjects, isRoleView } from '../../model/views/rbac';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'rbac/cluster-scoped-in-role',
  meta: {
    summary: 'Cluster-scoped resource in a namespaced Role.',
    why: 'A Role only applies to requests in its namespace, and requests for cluster-scoped resources have none, so the entry grants nothing; the permission needs a ClusterRole and a ClusterRoleBinding.',
    severity: 'warning',
    scope: 'kubernetes',
    messages: {
      clusterScoped: '"{resource}" is cluster-scoped, so a Role cannot grant it.',
    },
  },
  check(doc, context) {
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      if (role.kind !== 'Role') continue;
      for (const rule of role.rules) {
        const groups = ruleGroups(rule);
        const mayBind = rule.verbs?.items.some((verb) => verb.value === 'bind' || verb.value === '*') ?? false;
        // A custom or `*` group could hold a namespaced resource of the same name.
        if (!groups?.allServed) continue;
        for (const resource of rule.resources?.items ?? []) {
          const name = resource.value;
          if (isWildcardResource(name) || name === 'namespaces' || name.startsWith('namespaces/')) continue;
          if (name === 'clusterroles' && mayBind) continue;
          const scopes = groups.groups.filter((group) => knownIn(group, name)).map((group) => scopeOf(group, name));
          if (scopes.length > 0 && scopes.every((scope) => scope === 'cluster')) {
            context.report({ at: resource.node, messageId: 'clusterScoped', data: { resource: name } });
          }
        }
      }
    }
  },
});
