/**
 * `kubeward diff` in words: a terminal report, and Markdown for a pull-request comment or a GitHub job summary
 * (a summary table first, every detail folded under it).
 */
import { accessDiffMarkdown, accessDiffText, accessSummaryWords, escapeHtml, reachabilitySummaryWords } from '../services/access-diff-words';
import type { AdmissionChangeJson, DiffJson, FindingJson } from './revision-diff';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function findingsSummary(diff: DiffJson): string {
  const { error, warning, information } = diff.summary.newFindings;
  const total = error + warning + information;
  const kinds = [error ? plural(error, 'error') : '', warning ? plural(warning, 'warning') : '', information ? `${information} information` : ''].filter(Boolean);
  return `${total} new${kinds.length ? ` (${kinds.join(', ')})` : ''}, ${diff.summary.fixedFindings} fixed`;
}

const admissionSummary = (diff: DiffJson) => (diff.podSecurity.length === 0 ? 'no workload changes' : `${plural(diff.podSecurity.length, 'workload')} change${diff.podSecurity.length === 1 ? 's' : ''}`);

const findingLine = (finding: FindingJson) => `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.message} (${finding.ruleId})`;

function admissionLine(change: AdmissionChangeJson): string {
  const outcome = (side: AdmissionChangeJson['after']) => (side.refused.length ? `refused at ${side.enforced} (${side.refused.join(', ')})` : `admitted at ${side.enforced}`);
  const { kind, namespace, name } = change.workload;
  return `${kind} ${namespace}/${name} (${change.file}:${change.line}): ${change.before ? outcome(change.before) : 'new'} → ${outcome(change.after)}`;
}

const revisionWords = (diff: DiffJson) => `${diff.base.label}${diff.base.commit ? ` (${diff.base.commit.slice(0, 12)})` : ''} → ${diff.head.label}${diff.head.commit ? ` (${diff.head.commit.slice(0, 12)})` : ''}`;

export function diffText(diff: DiffJson): string {
  const lines = [`kubeward diff ${revisionWords(diff)}`, ...accessDiffText(diff), `Findings: ${findingsSummary(diff)}`];
  lines.push(...diff.findings.new.map((finding) => `  + ${findingLine(finding)}`), ...diff.findings.fixed.map((finding) => `  - ${findingLine(finding)}`));
  lines.push(`Pod Security: ${admissionSummary(diff)}`, ...diff.podSecurity.map((change) => `  ${admissionLine(change)}`));
  return `${lines.join('\n')}\n`;
}

export function diffMarkdown(diff: DiffJson): string {
  const lines = [
    `## Kubeward: what this change grants`,
    '',
    `Comparing \`${diff.base.label}\`${diff.base.commit ? ` (${diff.base.commit.slice(0, 12)})` : ''} with \`${diff.head.label}\`${diff.head.commit ? ` (${diff.head.commit.slice(0, 12)})` : ''}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| Access | ${accessSummaryWords(diff)} |`,
    `| Reachability | ${reachabilitySummaryWords(diff)} |`,
    `| Findings | ${findingsSummary(diff)} |`,
    `| Pod Security | ${admissionSummary(diff)} |`,
    '',
    ...accessDiffMarkdown(diff),
    '### Findings',
    '',
  ];
  const findingItems = (title: string, sign: string, findings: FindingJson[]) =>
    findings.length === 0 ? [] : [`<details><summary>${title}</summary>`, '', ...findings.map((finding) => `- ${sign} \`${finding.file}:${finding.line}\` **${finding.severity}** ${escapeHtml(finding.message)} (\`${finding.ruleId}\`)`), '', '</details>', ''];
  lines.push(`${findingsSummary(diff)}.`, '', ...findingItems('New', '+', diff.findings.new), ...findingItems('Fixed', '−', diff.findings.fixed));
  lines.push('### Pod Security', '', `${admissionSummary(diff)}.`, '');
  if (diff.podSecurity.length > 0) lines.push('<details><summary>Workloads</summary>', '', ...diff.podSecurity.map((change) => `- ${escapeHtml(admissionLine(change))}`), '', '</details>', '');
  return `${lines.join('\n')}\n`;
}
