/**
 * Flags a NetworkPolicy whose podSelector matches none of the workloads the workspace defines in its namespace,
 * while the workspace does define workloads there. The policy then protects nothing, which usually means a label
 * was misspelt or renamed on one side. The workspace may not hold every workload, so this is a hint.
 */
import { relativeNetworkPolicy } from '../../analysis/netpol/policy';
import { describeSelector } from '../../analysis/netpol/explain';
import { networkPolicyOf } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/selects-nothing',
  meta: {
    summary: 'The podSelector matches no workload of its namespace in the workspace.',
    why: 'A policy that selects no pod isolates nothing and allows nothing, so the traffic it was written to restrict flows freely; a misspelt or renamed label is the usual cause.',
    severity: 'information',
    scope: 'kubernetes',
    crossDocument: true,
    messages: {
      selectsNothing: 'Selects {selector}, but no workload of namespace "{namespace}" in the workspace ({count} there) carries those labels.',
    },
  },
  check(doc, context) {
    const view = networkPolicyOf(doc);
    const policy = relativeNetworkPolicy(doc);
    if (!context.workspace || !view?.podSelector || !policy) return;
    const model = context.workspace.network.model();
    const inNamespace = model.workloadsIn(policy.namespace);
    if (inNamespace.length === 0 || model.workloadsSelectedBy(policy).length > 0) return;
    context.report({
      at: view.podSelector.key,
      messageId: 'selectsNothing',
      data: { selector: describeSelector(policy.podSelector), count: inNamespace.length, namespace: policy.namespace },
    });
  },
});
