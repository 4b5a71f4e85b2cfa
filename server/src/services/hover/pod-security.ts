/**
 * Pod Security on hover. On a Pod's or workload's `kind`, its pod spec key (`spec`, `template`) or a
 * `securityContext`: the strictest level its pods meet and, for the next level up, each check still in the way. On
 * a Namespace's `pod-security.kubernetes.io/*` label: the workloads of the workspace in that namespace whose pods
 * the label's level would refuse (or flag), with their checks, so raising a namespace's level is a reviewed change.
 */
import { levelsMet } from '../../engine/analysis/pod-security/levels-met';
import { LABEL_PREFIX, readLevel, readVersion } from '../../engine/analysis/pod-security/policy';
import { describeLevelVersion, evaluatePod, type CheckViolation } from '../../engine/analysis/pod-security/standards';
import { namespaceOf } from '../../engine/model/views/workload';
import { record } from '../../engine/validation/data';
import type { WorkspaceIndex } from '../../engine/workspace';
import type { HoverProvider } from './index';

const POD_KEYS = new Set(['spec', 'template', 'securityContext', 'kind']);

const described = (violation: CheckViolation) => `- ${violation.reason}${violation.detail ? `: ${violation.detail}` : ''}`;

export const podSecurityHover: HoverProvider = {
  id: 'pod-security',
  provide({ position, workspace }) {
    const { entry, target } = position;
    if (!target) return undefined;
    const last = target.path[target.path.length - 1];
    if (typeof last === 'string' && last.startsWith(LABEL_PREFIX) && target.path[0] === 'metadata' && target.path[1] === 'labels') return namespaceLabelHover(entry.document, last, workspace);
    if (typeof last !== 'string' || !POD_KEYS.has(last)) return undefined;
    const object = record(entry.document.data().data);
    const met = object && levelsMet(object);
    if (!met) return undefined;
    const header = `**Pod Security**: its pods meet **${met.meets}**.`;
    if (!met.next) return { markdown: `${header} That is the strictest level.` };
    return { markdown: `${header} For **${met.next.level}** they still need:\n\n${met.next.violations.map(described).join('\n')}` };
  },
};

function namespaceLabelHover(document: Parameters<typeof namespaceOf>[0], label: string, workspace: WorkspaceIndex | undefined) {
  const namespace = namespaceOf(document);
  if (!namespace?.name || !workspace) return undefined;
  const mode = label.slice(LABEL_PREFIX.length).replace(/-version$/, '');
  const level = readLevel(namespace.labels[`${LABEL_PREFIX}${mode}`] ?? '');
  const version = readVersion(namespace.labels[`${LABEL_PREFIX}${mode}-version`] ?? 'latest') ?? 'latest';
  if (!level) return undefined;
  const policy = { level, version };
  const verb = mode === 'enforce' ? 'refuses' : 'flags';
  const failing = workspace.podSecurity.podsIn(namespace.name.value).flatMap((pod) => {
    const violations = evaluatePod(policy, pod.pod);
    return violations.length > 0 ? [`- ${pod.kind} ${pod.name}: ${violations.map((violation) => violation.reason).join(', ')}`] : [];
  });
  const all = workspace.podSecurity.podsIn(namespace.name.value).length;
  const header = `**Pod Security "${describeLevelVersion(policy)}"** (${mode}) ${verb} the pods of`;
  if (failing.length === 0) return { markdown: `${header} none of the ${all} workloads of namespace ${namespace.name.value} in the workspace.` };
  return { markdown: `${header} ${failing.length} of the ${all} workloads of namespace ${namespace.name.value} in the workspace:\n\n${failing.join('\n')}` };
}
