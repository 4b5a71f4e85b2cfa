/**
 * Flags nonResourceURLs where the API server rejects them: in a namespaced Role (requests for /healthz or
 * /metrics have no namespace), and in a rule that also names apiGroups, resources or resourceNames (a rule is
 * either about resources or about URLs). Both are validation errors, so the object is never stored.
 */
import type { YAMLSeq } from 'yaml';
import { rbacObjects, isRoleView, type StringListField } from '../../model/views/rbac';
import { defineRule } from '../define-rule';

/** Whether a list field is present with at least one item, as validation counts it. */
function nonEmpty(field: StringListField | undefined): field is StringListField {
  return field !== undefined && (field.node as YAMLSeq).items.length > 0;
}

export default defineRule({
  id: 'rbac/non-resource-url-in-role',
  meta: {
    summary: 'nonResourceURLs in a Role, or beside resources in one rule.',
    why: 'The API server rejects a Role that names non-resource URLs, since such requests have no namespace, and any rule that mixes nonResourceURLs with apiGroups, resources or resourceNames.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      inRole: 'A Role cannot grant nonResourceURLs; they need a ClusterRole.',
      mixed: 'A rule with nonResourceURLs cannot also have {fields}.',
    },
  },
  check(doc, context) {
    for (const role of rbacObjects(doc).filter(isRoleView)) {
      for (const rule of role.rules) {
        const urls = rule.nonResourceURLs;
        if (!nonEmpty(urls)) continue;
        // In a Role the URLs have to go anyway, which also settles any mix with resources.
        if (role.kind === 'Role') {
          context.report({ at: urls.key, messageId: 'inRole' });
          continue;
        }
        const fields = (['apiGroups', 'resources', 'resourceNames'] as const).filter((name) => nonEmpty(rule[name]));
        if (fields.length > 0) context.report({ at: urls.key, messageId: 'mixed', data: { fields: fields.join(' or ') } });
      }
    }
  },
});
