/**
 * The machine-readable format: every file with its findings, 1-based positions and fixes.
 */
import { oneBased, type FileReport } from '../report';

export function formatJson(reports: readonly FileReport[]): string {
  const files = reports.map((report) => ({
    path: report.path,
    findings: report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      ...oneBased(report, finding.range),
      fixes: finding.fixes.map((fix) => ({
        title: fix.title,
        safety: fix.safety,
        edits: fix.edits.map((edit) => ({ ...oneBased(report, edit), newText: edit.newText })),
      })),
    })),
  }));
  return JSON.stringify({ files }, null, 2) + '\n';
}
