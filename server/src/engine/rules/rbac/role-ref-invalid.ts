/**
 * Flags a binding's roleRef that the API server rejects: a kind other than Role or ClusterRole (often only the
 * case is wrong), an apiGroup other than rbac.authorization.k8s.io, or a ClusterRoleBinding that refers to a Role.
 * An empty or absent apiGroup is fine: it defaults to rbac.authorization.k8s.io.
 */
import { closest } from '../../analysis/spelling';
import { replaceScalar } from '../../edits';
import { rbacObjects, RBAC_GROUP } from '../../model/views/rbac';
import { defineRule } from '../define-rule';

const ROLE_KINDS = ['Role', 'ClusterRole'];

export default defineRule({
  id: 'rbac/role-ref-invalid',
  meta: {
    summary: 'roleRef of a RoleBinding or ClusterRoleBinding is not valid.',
    why: 'The API server only accepts bindings whose roleRef names a Role or ClusterRole of rbac.authorization.k8s.io, and ClusterRoleBindings may only refer to ClusterRoles; any other binding is rejected and grants nothing.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownKind: 'roleRef kind "{kind}" is neither Role nor ClusterRole; did you mean "{suggestion}"?',
      unknownKindNoSuggestion: 'roleRef kind "{kind}" is neither Role nor ClusterRole.',
      roleInClusterBinding: 'A ClusterRoleBinding can only refer to a ClusterRole, not to a Role.',
      wrongApiGroup: 'roleRef apiGroup "{group}" must be "rbac.authorization.k8s.io".',
      replaceKind: 'Replace "{kind}" with "{suggestion}"',
      replaceGroup: 'Replace "{group}" with "rbac.authorization.k8s.io"',
    },
  },
  check(doc, context) {
    for (const binding of rbacObjects(doc)) {
      if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') continue;
      const ref = binding.roleRef;
      if (!ref) continue;
      const { kind, apiGroup } = ref;
      if (kind && !ROLE_KINDS.includes(kind.value)) {
        const suggestion = closest(kind.value, ROLE_KINDS);
        if (suggestion) {
          const data = { kind: kind.value, suggestion };
          context.report({ at: kind.node, messageId: 'unknownKind', data, fixes: [{ messageId: 'replaceKind', data, edits: [replaceScalar(kind.node, suggestion)] }] });
        } else {
          context.report({ at: kind.node, messageId: 'unknownKindNoSuggestion', data: { kind: kind.value } });
        }
      } else if (kind?.value === 'Role' && binding.kind === 'ClusterRoleBinding') {
        // Pointing it at a ClusterRole would grant a different role; which object was meant is for the author to say.
        context.report({ at: kind.node, messageId: 'roleInClusterBinding' });
      }
      if (apiGroup && apiGroup.value !== '' && apiGroup.value !== RBAC_GROUP) {
        const data = { group: apiGroup.value };
        context.report({ at: apiGroup.node, messageId: 'wrongApiGroup', data, fixes: [{ messageId: 'replaceGroup', data, edits: [replaceScalar(apiGroup.node, RBAC_GROUP)] }] });
      }
    }
  },
});
