/**
 * What the command line knows about one linted input, shared by every output format.
 */
import type { LintConfig } from '../engine/config';
import { unreadableInputFinding, type Finding } from '../engine/linter';
import { LineIndex } from '../engine/model/line-index';
import type { TextRange } from '../engine/model/nodes';
import { RULES } from '../engine/rules/index';

export interface FileReport {
  /** The path as the user should see it (relative to the working directory where possible). */
  path: string;
  text: string;
  findings: Finding[];
  lines: LineIndex;
}

/** The report of one input: its text (none when it could not be read) and its findings. */
export function reportOf(path: string, text: string | undefined, findings: Finding[]): FileReport {
  return { path, text: text ?? '', lines: new LineIndex(text ?? ''), findings };
}

/** The finding for an input that could not be read as text, unless yaml/syntax is off. */
export function unreadableFindings(problem: string | undefined, config: LintConfig): Finding[] {
  const finding = unreadableInputFinding(problem ?? 'The input could not be read.', config, RULES);
  return finding ? [finding] : [];
}

export interface OneBasedRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** 1-based lines and columns, as editors, compilers and SARIF count them. */
export function oneBased(report: FileReport, range: TextRange): OneBasedRegion {
  const start = report.lines.positionAt(range.start);
  const end = report.lines.positionAt(range.end);
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function countBySeverity(reports: readonly FileReport[]): { error: number; warning: number; information: number } {
  const counts = { error: 0, warning: 0, information: 0 };
  for (const report of reports) for (const finding of report.findings) counts[finding.severity]++;
  return counts;
}
