/**
 * Flags pods that share the node's network, process or IPC namespace. Each one removes a wall between the pod and
 * the node: the node's interfaces and loopback services, every process on the node, or its shared memory.
 */
import { isScalar } from 'yaml';
import { findPair } from '../../model/nodes';
import { podSpecOf } from '../../model/views/workload';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pod/host-namespaces',
  meta: {
    summary: 'The pod shares the node\'s network, PID or IPC namespace.',
    why: 'A pod in a host namespace is not isolated from the node: with hostNetwork it reaches services bound to the node\'s loopback and bypasses NetworkPolicies, with hostPID it sees and can signal every process, with hostIPC it reads the node\'s shared memory.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    supersededBy: 'pod/pod-security',
    messages: {
      hostNetwork: 'hostNetwork: the pod uses the node\'s network stack, reaches services listening on the node\'s loopback, and NetworkPolicies do not isolate it.',
      hostPID: 'hostPID: the pod sees every process on the node, and as root can signal them and read their environment and memory.',
      hostIPC: 'hostIPC: the pod shares the node\'s IPC namespace and can read and write the shared memory of processes on the node.',
    },
  },
  check(doc, context) {
    const pod = podSpecOf(doc);
    if (!pod) return;
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      const pair = findPair(pod.spec, field);
      if (pair && isScalar(pair.key) && isScalar(pair.value) && pair.value.value === true) context.report({ at: pair.key, messageId: field });
    }
  },
});
