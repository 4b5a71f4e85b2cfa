/**
 * Flags binding subjects the API server rejects: an unknown kind (often only the case is wrong: `Serviceaccount`,
 * `user`), a ServiceAccount with an apiGroup, a User or Group with an apiGroup other than
 * rbac.authorization.k8s.io, and a ServiceAccount without namespace in a ClusterRoleBinding. In a RoleBinding a
 * ServiceAccount without namespace is fine: it means the binding's own namespace.
 */
import { closest } from '../../analysis/spelling';
import { replaceScalar } from '../../edits';
import { rbacObjects, RBAC_GROUP } from '../../model/views/rbac';
import { defineRule } from '../define-rule';

const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];

export default defineRule({
  id: 'rbac/subject-invalid',
  meta: {
    summary: 'Subject of a RoleBinding or ClusterRoleBinding is not valid.',
    why: 'The API server rejects a binding whose subject has an unknown kind, an apiGroup that does not fit its kind, or, in a ClusterRoleBinding, a ServiceAccount without namespace; the binding then grants nothing to anyone.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownKind: 'Unknown subject kind "{kind}"; did you mean "{suggestion}"?',
      unknownKindNoSuggestion: 'Unknown subject kind "{kind}"; expected ServiceAccount, User or Group.',
      serviceAccountApiGroup: 'A ServiceAccount subject takes the core API group "", not "{group}".',
      userApiGroup: 'A {kind} subject takes apiGroup "rbac.authorization.k8s.io", not "{group}".',
      missingNamespace: 'ServiceAccount "{name}" needs a namespace in a ClusterRoleBinding.',
      replaceKind: 'Replace "{kind}" with "{suggestion}"',
      replaceGroup: 'Replace "{group}" with "{suggestion}"',
    },
  },
  check(doc, context) {
    for (const binding of rbacObjects(doc)) {
      if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') continue;
      for (const subject of binding.subjects) {
        const { kind, apiGroup, namespace, name } = subject;
        if (!kind) continue;
        let effectiveKind = kind.value;
        if (!SUBJECT_KINDS.includes(kind.value)) {
          const suggestion = closest(kind.value, SUBJECT_KINDS);
          if (!suggestion) {
            context.report({ at: kind.node, messageId: 'unknownKindNoSuggestion', data: { kind: kind.value } });
            continue;
          }
          const data = { kind: kind.value, suggestion };
          context.report({ at: kind.node, messageId: 'unknownKind', data, fixes: [{ messageId: 'replaceKind', data, edits: [replaceScalar(kind.node, suggestion)] }] });
          // Judge the rest as the kind that was meant, so that one pass of fixes leaves a valid subject.
          effectiveKind = suggestion;
        }
        if (effectiveKind === 'ServiceAccount') {
          if (apiGroup && apiGroup.value !== '') {
            const data = { group: apiGroup.value, suggestion: '' };
            context.report({ at: apiGroup.node, messageId: 'serviceAccountApiGroup', data, fixes: [{ messageId: 'replaceGroup', data, edits: [replaceScalar(apiGroup.node, '')] }] });
          }
          if (binding.kind === 'ClusterRoleBinding' && !namespace?.value) {
            context.report({ at: namespace?.node ?? name?.node ?? kind.node, messageId: 'missingNamespace', data: { name: name?.value ?? '' } });
          }
        } else if (apiGroup && apiGroup.value !== '' && apiGroup.value !== RBAC_GROUP) {
          const data = { kind: effectiveKind, group: apiGroup.value, suggestion: RBAC_GROUP };
          context.report({ at: apiGroup.node, messageId: 'userApiGroup', data, fixes: [{ messageId: 'replaceGroup', data, edits: [replaceScalar(apiGroup.node, RBAC_GROUP)] }] });
        }
      }
    }
  },
});
