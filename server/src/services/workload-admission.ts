/**
 * Each Pod and workload of an analysed file with the strictest Pod Security level its pods meet, what the next
 * level needs, and what the level enforced where it is going (or a level the caller imposes) refuses: the rows of
 * `kubeward pod-security` and the pod security section of `kubeward diff`.
 */
import { levelsMet, violationsAt } from '../engine/analysis/pod-security/levels-met';
import { policyForDefaultLevel, policyFromLabels } from '../engine/analysis/pod-security/policy';
import { describeLevelVersion, type LevelVersion } from '../engine/analysis/pod-security/standards';
import type { LintConfig, PodSecurityLevel } from '../engine/config';
import type { StreamAnalysis } from '../engine/linter';
import { LineIndex } from '../engine/model/line-index';
import { record, text } from '../engine/validation/data';
import type { WorkspaceIndex } from '../engine/workspace';

export interface WorkloadAdmission {
  kind: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  meets: string;
  next?: { level: string; blocking: string[] };
  enforced: string;
  refused: string[];
}

/** The rows of one file, judged with the namespaces and cluster defaults of the whole workspace. */
export function workloadAdmissions(file: string, analysis: StreamAnalysis, workspace: WorkspaceIndex, config: LintConfig, level?: PodSecurityLevel): WorkloadAdmission[] {
  const namespaces = workspace.network.model().namespaces;
  const defaults = workspace.podSecurity.cluster()?.defaults ?? policyForDefaultLevel(config.podSecurity.defaults);
  let lines: LineIndex | undefined;
  return analysis.documents.flatMap(({ document, offset }) => {
    const object = record(document.data().data);
    const met = object && levelsMet(object);
    if (!object || !met) return [];
    const metadata = record(object.metadata) ?? {};
    const namespace = text(metadata.namespace) || 'default';
    const labels = namespaces.find((item) => item.name === namespace)?.labels ?? {};
    const enforced: LevelVersion = level ? { level, version: 'latest' } : policyFromLabels(labels, defaults).policy.enforce;
    lines ??= new LineIndex(analysis.text);
    return [
      {
        kind: text(object.kind) ?? '',
        namespace,
        name: text(metadata.name) ?? '',
        file,
        line: lines.positionAt(offset + (document.root?.range?.[0] ?? 0)).line + 1,
        meets: met.meets,
        ...(met.next ? { next: { level: met.next.level, blocking: met.next.violations.map((violation) => violation.reason) } } : {}),
        enforced: describeLevelVersion(enforced),
        refused: violationsAt(object, enforced).map((violation) => violation.reason),
      },
    ];
  });
}
