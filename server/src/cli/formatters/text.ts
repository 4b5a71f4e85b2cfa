/**
 * The human format, one finding a line as compilers print them: `file:line:col  severity  message  rule-id`.
 */
import { countBySeverity, oneBased, type FileReport } from '../report';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', dim: '\x1b[2m', reset: '\x1b[0m' };

export function formatText(reports: readonly FileReport[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      const { startLine, startColumn } = oneBased(report, finding.range);
      lines.push(
        `${report.path}:${startLine}:${startColumn}  ${paint(COLORS[finding.severity], finding.severity)}  ${finding.message}  ${paint(COLORS.dim, finding.ruleId)}`,
      );
    }
  }
  const counts = countBySeverity(reports);
  const total = counts.error + counts.warning + counts.information;
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  lines.push(
    total === 0
      ? `No problems found in ${files}.`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information) in ${files}.`,
  );
  return lines.join('\n') + '\n';
}
