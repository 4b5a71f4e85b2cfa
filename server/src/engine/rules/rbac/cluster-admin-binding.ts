/**
 * Flags bindings to the cluster-admin ClusterRole, and bindings that name the system:masters group, whose
 * members bypass authorization altogether.
 */
import { isRoleView, rbacObjects, RBAC_GROUP, type BindingView } from '../../model/views/rbac';
import { defineRule } from '../define-rule';
import { MASTERS_GROUP } from '../../reference/system-identities';


function bindsClusterAdmin(binding: BindingView): boolean {
  const ref = binding.roleRef;
  const apiGroup = ref?.apiGroup?.value ?? RBAC_GROUP;
  return ref?.kind?.value === 'ClusterRole' && ref.name?.value === 'cluster-admin' && (apiGroup === RBAC_GROUP || apiGroup === '');
}

export default defineRule({
  id: 'rbac/cluster-admin-binding',
  meta: {
    summary: 'Binding grants cluster-admin, or names the system:masters group.',
    why: 'cluster-admin allows every verb on every resource, so its subjects can read every Secret, run code anywhere and grant access to others; members of system:masters skip authorization entirely, and since membership comes from certificates, no RBAC change can take it away.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      clusterWide: 'Binds cluster-admin cluster-wide: its subjects can do anything to every object in the cluster, including reading every Secret and granting access to others.',
      namespaced: 'Binds cluster-admin in namespace {namespace}: its subjects can do anything to every object there, including reading its Secrets, running pods as any of its service accounts and granting access to others.',
      masters: 'Names group system:masters, whose members bypass authorization: anyone with a client certificate in that group has full control of the cluster that no binding can limit or revoke.',
    },
  },
  check(doc, context) {
    for (const binding of rbacObjects(doc)) {
      if (isRoleView(binding)) continue;
      if (bindsClusterAdmin(binding) && binding.roleRef?.name) {
        // The cluster-admin finding already says its subjects control everything; system:masters among them adds nothing.
        if (binding.kind === 'ClusterRoleBinding') context.report({ at: binding.roleRef.name.node, messageId: 'clusterWide' });
        else context.report({ at: binding.roleRef.name.node, messageId: 'namespaced', data: { namespace: binding.metadata.namespace?.value ?? '(the one it is applied to)' } });
        continue;
      }
      for (const subject of binding.subjects) {
        const apiGroup = subject.apiGroup?.value ?? RBAC_GROUP;
        if (subject.kind?.value === 'Group' && subject.name?.value === MASTERS_GROUP && (apiGroup === RBAC_GROUP || apiGroup === '')) {
          context.report({ at: subject.name.node, messageId: 'masters' });
        }
      }
    }
  },
});
