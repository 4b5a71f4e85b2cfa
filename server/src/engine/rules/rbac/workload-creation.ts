/**
 * Flags role rules that let their holder create pods, or create or change the controllers that create pods.
 * A pod can run as any service account of its namespace and mount any Secret there, so this grant reaches
 * every credential in the namespace, whatever else the role leaves out.
 */
import { describeGrants, grantsOf, resourceAnchor, roleRules } from '../../analysis/rbac/capabilities';
import { defineRule } from '../define-rule';

/**
 * Creating any of these starts pods. Changing them does too, except for Jobs: a Job's pod template cannot be
 * changed once it exists, so update and patch on jobs do not reach the pods.
 */
const QUERIES = [
  { verbs: ['create'], groups: [''], resources: ['pods'] },
  { verbs: ['create', 'update', 'patch'], groups: [''], resources: ['replicationcontrollers'] },
  { verbs: ['create', 'update', 'patch'], groups: ['apps'], resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'] },
  { verbs: ['create'], groups: ['batch'], resources: ['jobs'] },
  { verbs: ['create', 'update', 'patch'], groups: ['batch'], resources: ['cronjobs'] },
];

export default defineRule({
  id: 'rbac/workload-creation',
  meta: {
    summary: 'Role can create pods or change workloads.',
    why: 'Whoever can create a pod, or create or change a Deployment, CronJob or other controller that creates pods, chooses the pod\'s service account and volumes, so they can run code with any service account of the namespace and read any of its Secrets, even when the role grants no Secret access.',
    severity: 'warning',
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
