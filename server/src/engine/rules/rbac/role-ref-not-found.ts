/**
 * Flags a binding whose roleRef names a Role or ClusterRole that neither the workspace nor the Kubernetes
 * bootstrap policy defines. It may exist only in the cluster, so this is a hint: if it does not, the binding
 * grants nothing, and whoever later creates a role of that name decides what it grants.
 */
import { rbacObjects } from '../../model/views/rbac';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'rbac/role-ref-not-found',
  meta: {
    summary: 'The referenced role is not defined in the workspace or built in.',
    why: 'A binding to a role that does not exist grants nothing, and it grants whatever a role created later under that name will hold; often the name is misspelt or the role lives in another namespace.',
    severity: 'information',
    scope: 'kubernetes',
    crossDocument: true,
    messages: {
      roleNotFound: 'No Role "{name}" in namespace "{namespace}" is defined in the workspace; the binding grants nothing unless the cluster has it.',
      clusterRoleNotFound: 'No ClusterRole "{name}" is defined in the workspace or built into Kubernetes; the binding grants nothing unless the cluster has it.',
    },
  },
  check(doc, context) {
    const workspace = context.workspace;
    if (!workspace) return;
    for (const view of rbacObjects(doc)) {
      if (view.kind !== 'RoleBinding' && view.kind !== 'ClusterRoleBinding') continue;
      const kind = view.roleRef?.kind?.value;
      const name = view.roleRef?.name;
      if (!name || (kind !== 'Role' && kind !== 'ClusterRole')) continue;
      // Bindings without a namespace land in the namespace kubectl uses by default.
      const namespace = view.metadata.namespace?.value ?? 'default';
      if (workspace.findRole(kind, name.value, namespace)) continue;
      if (kind === 'Role' && view.kind === 'ClusterRoleBinding') continue;
      context.report({
        at: name.node,
        messageId: kind === 'Role' ? 'roleNotFound' : 'clusterRoleNotFound',
        data: kind === 'Role' ? { name: name.value, namespace } : { name: name.value },
      });
    }
  },
});
