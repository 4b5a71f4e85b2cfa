/**
 * Flags containers that run privileged. A privileged container has every capability, sees the host's devices and
 * is not confined by seccomp or AppArmor: a process in it that runs as root is root on the node.
 */
import { isScalar } from 'yaml';
import { findPair } from '../../model/nodes';
import { describeContainer, podSpecOf, securityContextMap } from '../../model/views/workload';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pod/privileged',
  meta: {
    summary: 'A container runs privileged.',
    why: 'A privileged container gets every Linux capability and the host\'s devices, without seccomp or AppArmor confinement, so whoever controls it controls the node; only node agents such as CNI or storage drivers need this.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    supersededBy: 'pod/pod-security',
    messages: {
      privileged: 'The {container} runs privileged: it has every capability and the host\'s devices, which makes it root on the node.',
    },
  },
  check(doc, context) {
    for (const container of podSpecOf(doc)?.containers ?? []) {
      const securityContext = securityContextMap(container.securityContext);
      const pair = securityContext && findPair(securityContext, 'privileged');
      if (!pair || !isScalar(pair.value) || pair.value.value !== true) continue;
      context.report({ at: pair.value, messageId: 'privileged', data: { container: describeContainer(container) } });
    }
  },
});
