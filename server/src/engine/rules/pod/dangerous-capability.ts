/**
 * Flags Linux capabilities added to a container that give it power over the node or its neighbours: administering
 * the kernel, the network, or other processes. The runtime accepts names with or without `CAP_`, in any case.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { findPair } from '../../model/nodes';
import { describeContainer, podSpecOf, securityContextMap } from '../../model/views/workload';
import { defineRule } from '../define-rule';

/** What each capability lets a process do, in a few words. */
const DANGEROUS: Record<string, string> = {
  ALL: 'every capability, as much as a privileged container short of device access',
  SYS_ADMIN: 'mounting filesystems, namespaces and many other kernel operations; a common route out of the container',
  NET_ADMIN: 'reconfiguring interfaces, routes and firewall rules of its network namespace (the node\'s, with hostNetwork)',
  NET_RAW: 'raw sockets, which allow spoofing packets and ARP or DNS poisoning of neighbouring pods',
  SYS_PTRACE: 'tracing and reading the memory of other processes it can see',
  SYS_MODULE: 'loading kernel modules, which is full control of the node',
  DAC_READ_SEARCH: 'reading any file regardless of permissions, and opening files by handle outside the container',
  BPF: 'loading BPF programs, which can observe and alter kernel behaviour',
  PERFMON: 'performance monitoring that exposes kernel and other processes\' data',
};

export default defineRule({
  id: 'pod/dangerous-capability',
  meta: {
    summary: 'A container adds a Linux capability that gives power over the node or other pods.',
    why: 'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE let a compromised container reconfigure the network, trace other processes or break out to the node; few workloads besides node agents need them.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    supersededBy: 'pod/pod-security',
    messages: {
      dangerous: 'The {container} adds {capability}: {effect}.',
    },
  },
  check(doc, context) {
    for (const container of podSpecOf(doc)?.containers ?? []) {
      const securityContext = securityContextMap(container.securityContext);
      const capabilities = securityContext && findPair(securityContext, 'capabilities')?.value;
      const add = isMap(capabilities) ? findPair(capabilities, 'add')?.value : undefined;
      if (!isSeq(add)) continue;
      for (const item of add.items) {
        if (!isScalar(item) || typeof item.value !== 'string') continue;
        const name = item.value.toUpperCase().replace(/^CAP_/, '');
        const effect = DANGEROUS[name];
        if (effect) context.report({ at: item, messageId: 'dangerous', data: { container: describeContainer(container), capability: name, effect } });
      }
    }
  },
});
