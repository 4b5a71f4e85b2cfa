/**
 * Flags containers set to run as root: `runAsUser: 0`, or `runAsNonRoot: false`, which switches off the check
 * that refuses to start a root container. A container value overrides the pod's, so a pod-level setting is
 * reported only when some container keeps it.
 */
import { isScalar, type Scalar, type YAMLMap } from 'yaml';
import { findPair } from '../../model/nodes';
import { describeContainer, podSpecOf, securityContextMap, type ContainerView } from '../../model/views/workload';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pod/run-as-root',
  meta: {
    summary: 'A container is set to run as root (runAsUser: 0 or runAsNonRoot: false).',
    why: 'A process running as root in a container is root on the node as soon as it escapes, through a kernel bug or a mounted host path; most images can run as an unprivileged user.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    supersededBy: 'pod/pod-security',
    messages: {
      rootUser: 'runAsUser 0 runs {containers} as root.',
      rootAllowed: 'runAsNonRoot false lets {containers} run as root when the image\'s user is root.',
    },
  },
  check(doc, context) {
    const pod = podSpecOf(doc);
    if (!pod) return;
    const podContext = securityContextMap(pod.securityContext);
    // runAsNonRoot: false only matters for a container whose user is not set to someone else.
    const userOf = (container: ContainerView) => (valueOf(securityContextMap(container.securityContext), 'runAsUser') ?? valueOf(podContext, 'runAsUser'))?.value;
    const mayBeRoot = (container: ContainerView) => { const user = userOf(container); return typeof user !== 'number' || user === 0; };
    const fields = [['runAsUser', 0, 'rootUser'], ['runAsNonRoot', false, 'rootAllowed']] as const;
    for (const [field, bad, messageId] of fields) {
      const relevant = (container: ContainerView) => field === 'runAsUser' || mayBeRoot(container);
      const podValue = valueOf(podContext, field);
      if (podValue && podValue.value === bad) {
        const keeping = pod.containers.filter((container) => !valueOf(securityContextMap(container.securityContext), field) && relevant(container));
        if (keeping.length > 0) context.report({ at: podValue, messageId, data: { containers: list(keeping) } });
      }
      for (const container of pod.containers) {
        const value = valueOf(securityContextMap(container.securityContext), field);
        if (value && value.value === bad && relevant(container)) context.report({ at: value, messageId, data: { containers: `the ${describeContainer(container)}` } });
      }
    }
  },
});

function valueOf(map: YAMLMap | undefined, field: string): Scalar | undefined {
  const value = map && findPair(map, field)?.value;
  return isScalar(value) ? value : undefined;
}

function list(containers: ContainerView[]): string {
  const names = containers.map(describeContainer);
  return names.length === 1 ? `the ${names[0]}` : names.length === 2 ? `the ${names[0]} and the ${names[1]}` : `${names.length} containers (${names.join(', ')})`;
}
