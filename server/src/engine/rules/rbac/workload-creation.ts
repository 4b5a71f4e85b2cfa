/**
 * Flags role rules that let their holder create pods, or create or change the controllers that create pods.
 * A pod can run as any service account of its namespace and mount any Secret there, so this grant reaches
 * every credential in the namespace, whatever else the role leaves out.
 */
import { describeGrants, grantsOf, resourceAnchor, roleRules } from '../../analysis/rbac/capabilities';
import { WORKLOAD_CREATION as QUERIES } from '../../analysis/rbac/risks';
import { defineRule } from '../define-rule';


export default defineRule({
  id: 'rbac/workload-creation',
  meta: {
    summary: 'Role can create pods or change workloads.',
    why: 'Whoever can create a pod, or create or change a Deployment, CronJob or other controller that creates pods, chooses the pod\'s service account and volumes, so they can run code with any service account of the namespace and read any of its Secrets, even when the role grants no Secret access.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      workloads: 'Grants {grants}: whoever holds it can run pods as any service account of their namespace and mount any Secret there.',
    },
  },
  check(doc, context) {
    for (const target of roleRules(doc)) {
      const grants = QUERIES.flatMap((query) => grantsOf(target, query));
      if (grants.length === 0) continue;
      context.report({ at: resourceAnchor(grants).node, messageId: 'workloads', data: { grants: describeGrants(grants) } });
    }
  },
});
