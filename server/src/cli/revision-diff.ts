/**
 * The whole comparison of two linted revisions, as the plain data `kubeward diff --format json` prints (its schema
 * is documented in docs/diff.md): access and reachability (services/access-diff.ts), findings new and fixed, matched
 * by identity (services/finding-identity.ts) so that moving, reordering or re-indenting documents changes nothing,
 * and the workloads whose Pod Security admission changes.
 */
import { accessChanges, reachabilityChanges, type AccessDiffJson } from '../services/access-diff';
import { findingIdentities, identityKey, type FindingIdentity } from '../services/finding-identity';
import type { WorkloadAdmission } from '../services/workload-admission';
import type { Severity } from '../engine/config';
import type { WorkspaceIndex } from '../engine/workspace';
import { RULES } from '../engine/rules/index';
import { oneBased, type FileReport } from './report';

export interface RevisionJson {
  /** The name given (a branch, tag or commit), or "working tree". */
  label: string;
  commit?: string;
}

export interface FindingJson extends FindingIdentity {
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  /** Whether the rule reports a risk that works as written (a risky grant or setting) rather than a mistake. */
  risk: boolean;
}

export interface AdmissionChangeJson {
  workload: { kind: string; namespace: string; name: string };
  file: string;
  line: number;
  /** The outcome in each revision; null where the workload is not in it. */
  before: { enforced: string; refused: string[] } | null;
  after: { enforced: string; refused: string[] };
}

export interface DiffJson extends AccessDiffJson {
  kubewardDiff: 1;
  base: RevisionJson;
  head: RevisionJson;
  summary: {
    subjectsGaining: number;
    subjectsLosing: number;
    riskyGains: number;
    reachabilityChanges: number;
    newFindings: Record<Severity, number>;
    fixedFindings: number;
    admissionChanges: number;
  };
  findings: { new: FindingJson[]; fixed: FindingJson[] };
  podSecurity: AdmissionChangeJson[];
}

export interface LintedRevision {
  revision: RevisionJson;
  reports: FileReport[];
  workspace: WorkspaceIndex;
  admissions: WorkloadAdmission[];
}

const RISK_RULES = new Set(RULES.filter((rule) => rule.meta.risk).map((rule) => rule.id));

interface IdentifiedFinding {
  key: string;
  json: FindingJson;
  report: FileReport;
  index: number;
}

function identified(reports: readonly FileReport[]): IdentifiedFinding[] {
  return reports.flatMap((report) => {
    const identities = findingIdentities(report.path, report.text, report.findings);
    return report.findings.map((finding, index) => {
      const region = oneBased(report, finding.range);
      const json: FindingJson = {
        ...identities[index],
        severity: finding.severity,
        message: finding.message,
        file: report.path,
        line: region.startLine,
        column: region.startColumn,
        risk: RISK_RULES.has(finding.ruleId),
      };
      return { key: identityKey(identities[index]), json, report, index };
    });
  });
}

/** The findings of `from` that `other` does not hold, counting repeats: a third copy of a finding is new. */
function unmatched(from: readonly IdentifiedFinding[], other: readonly IdentifiedFinding[]): IdentifiedFinding[] {
  const left = new Map<string, number>();
  for (const { key } of other) left.set(key, (left.get(key) ?? 0) + 1);
  return from.filter(({ key }) => {
    const remaining = left.get(key) ?? 0;
    if (remaining === 0) return true;
    left.set(key, remaining - 1);
    return false;
  });
}

/** The head's reports with only the findings the base lacks, for SARIF. */
export function newFindingReports(base: readonly FileReport[], head: readonly FileReport[]): FileReport[] {
  const fresh = new Map<FileReport, Set<number>>();
  for (const entry of unmatched(identified(head), identified(base))) fresh.set(entry.report, (fresh.get(entry.report) ?? new Set()).add(entry.index));
  return head.map((report) => ({ ...report, findings: report.findings.filter((_, index) => fresh.get(report)?.has(index)) }));
}

/**
 * The reports of files whose path, text and findings are the same in both revisions cancel out of a multiset
 * difference, so their identities, which cost a parse each, are not computed.
 */
function withoutUnchangedFiles(base: readonly FileReport[], head: readonly FileReport[]): { base: FileReport[]; head: FileReport[] } {
  const findingsText = (report: FileReport) => JSON.stringify(report.findings.map((finding) => [finding.ruleId, finding.messageId, finding.range, finding.message, finding.severity]));
  const before = new Map(base.map((report) => [report.path, report]));
  const unchanged = new Set<string>();
  for (const report of head) {
    const old = before.get(report.path);
    if (old && old.text === report.text && findingsText(old) === findingsText(report)) unchanged.add(report.path);
  }
  return { base: base.filter((report) => !unchanged.has(report.path)), head: head.filter((report) => !unchanged.has(report.path)) };
}

const workloadKey = (row: WorkloadAdmission) => `${row.kind}/${row.namespace}/${row.name}`;

function admissionChanges(base: readonly WorkloadAdmission[], head: readonly WorkloadAdmission[]): AdmissionChangeJson[] {
  const before = new Map(base.map((row) => [workloadKey(row), row]));
  return head.flatMap((row) => {
    const old = before.get(workloadKey(row));
    const outcome = (of: WorkloadAdmission) => ({ enforced: of.enforced, refused: [...of.refused].sort() });
    if (old ? JSON.stringify(outcome(old)) === JSON.stringify(outcome(row)) : row.refused.length === 0) return [];
    return [{ workload: { kind: row.kind, namespace: row.namespace, name: row.name }, file: row.file, line: row.line, before: old ? outcome(old) : null, after: outcome(row) }];
  });
}

export function compareRevisions(base: LintedRevision, head: LintedRevision): DiffJson {
  const access = accessChanges(base.workspace, head.workspace);
  const reachability = reachabilityChanges(base.workspace.network.model(), head.workspace.network.model());
  const { base: baseReports, head: headReports } = withoutUnchangedFiles(base.reports, head.reports);
  const baseFindings = identified(baseReports);
  const headFindings = identified(headReports);
  const fresh = unmatched(headFindings, baseFindings).map((entry) => entry.json);
  const fixed = unmatched(baseFindings, headFindings).map((entry) => entry.json);
  const podSecurity = admissionChanges(base.admissions, head.admissions);
  const newFindings = { error: 0, warning: 0, information: 0 };
  for (const finding of fresh) newFindings[finding.severity]++;
  return {
    kubewardDiff: 1,
    base: base.revision,
    head: head.revision,
    summary: {
      subjectsGaining: access.filter((entry) => entry.added.length > 0).length,
      subjectsLosing: access.filter((entry) => entry.removed.length > 0).length,
      riskyGains: access.reduce((sum, entry) => sum + entry.added.filter((grant) => grant.risks.length > 0).length, 0),
      reachabilityChanges: reachability.length,
      newFindings,
      fixedFindings: fixed.length,
      admissionChanges: podSecurity.length,
    },
    access,
    reachability,
    findings: { new: fresh, fixed },
    podSecurity,
  };
}

export const FAIL_ON = ['new-error', 'new-risk', 'any-access-gain'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The conditions of `--fail-on` that the diff meets. */
export function failuresOf(diff: DiffJson, conditions: readonly FailOn[]): FailOn[] {
  return conditions.filter((condition) => {
    if (condition === 'new-error') return diff.summary.newFindings.error > 0;
    if (condition === 'any-access-gain') return diff.summary.subjectsGaining > 0;
    return diff.summary.riskyGains > 0 || diff.findings.new.some((finding) => finding.risk);
  });
}
