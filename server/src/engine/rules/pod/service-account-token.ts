/**
 * Explains that a pod running as its namespace's default ServiceAccount gets that account's token mounted into
 * every container: whoever runs code in one of them can call the API server with whatever the account is ever
 * granted. Most such pods never call the API, and for them turning automounting off removes a credential for free.
 */
import { isScalar, type Scalar } from 'yaml';
import { findPair } from '../../model/nodes';
import { podSpecOf } from '../../model/views/workload';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pod/service-account-token',
  meta: {
    summary: 'The pod gets a token of its namespace\'s default ServiceAccount mounted into its containers.',
    why: 'Unless the pod or its ServiceAccount sets automountServiceAccountToken: false, every container gets a token of the ServiceAccount, so code running in any of them can call the API server with its permissions.',
    severity: 'information',
    risk: true,
    scope: 'kubernetes',
    crossDocument: true,
    messages: {
      defaultAccount: 'The pod mounts a token of the "default" ServiceAccount of namespace "{namespace}" into its containers; if they do not call the Kubernetes API, set automountServiceAccountToken: false.',
    },
  },
  check(doc, context) {
    const pod = podSpecOf(doc);
    if (!pod) return;
    // An explicit value, true or false, is a decision already made.
    if (findPair(pod.spec, 'automountServiceAccountToken')) return;
    // A ServiceAccount of its own is a sign that the pod was set up to call the API, so only pods that fall back
    // on the namespace's default account are worth an explanation. An empty name means the default account too.
    const account = findPair(pod.spec, 'serviceAccountName') ?? findPair(pod.spec, 'serviceAccount');
    if (account && !(isScalar(account.value) && (account.value.value === '' || account.value.value === null || account.value.value === 'default'))) return;
    if (context.workspace?.serviceAccounts?.automount(pod.namespace, 'default') === false) return;
    // The pod spec's own key, not its first field: a field added above would otherwise move the finding, and
    // `kubeward diff` would call it new.
    const first = pod.spec.items[0]?.key;
    const at: Scalar | undefined = account && isScalar(account.key) ? account.key : (pod.specKey ?? (isScalar(first) ? first : undefined));
    if (at) context.report({ at, messageId: 'defaultAccount', data: { namespace: pod.namespace } });
  },
});
