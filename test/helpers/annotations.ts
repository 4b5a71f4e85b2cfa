/**
 * The fixture convention: YAML files whose comment lines carry the expected findings.
 *
 *   verbs: ["get", "lsit"]
 *   #               ^^^^^^ error rbac/unknown-verb: Unknown verb "lsit".
 *   #               = fix: Replace "lsit" with "list"
 *
 * A caret line annotates the nearest line above it that is not an annotation. Carets mark columns by position,
 * except that a caret run written right after the `#` starts at the column of the `#` itself: `#^^^^` marks
 * columns 0 to 3, which lets a span start at the beginning of a line.
 */
import type { Finding } from '../../server/src/engine/linter';
import { LineIndex } from '../../server/src/engine/model/line-index';

export interface Expectation {
  line: number;
  startColumn: number;
  endColumn: number;
  severity: string;
  ruleId: string;
  message: string;
  fixes: string[];
}

const CARET_LINE = /^([ \t]*)#([ \t]*)(\^+)[ \t]+(error|warning|information)[ \t]+([a-z0-9]+\/[a-z0-9-]+):[ \t](.*?)[ \t]*$/;
const FIX_LINE = /^[ \t]*#[ \t]*= fix: (.*?)[ \t]*$/;

export function isAnnotationLine(line: string): boolean {
  return CARET_LINE.test(line) || FIX_LINE.test(line);
}

export function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  let annotatedLine = -1;
  for (let index = 0; index < lines.length; index++) {
    const caret = CARET_LINE.exec(lines[index]);
    const fix = FIX_LINE.exec(lines[index]);
    if (caret) {
      const [, leading, gap, carets, severity, ruleId, message] = caret;
      const hashColumn = leading.length;
      const startColumn = gap.length === 0 ? hashColumn : hashColumn + 1 + gap.length;
      expectations.push({ line: annotatedLine, startColumn, endColumn: startColumn + carets.length, severity, ruleId, message, fixes: [] });
    } else if (fix) {
      const last = expectations[expectations.length - 1];
      if (!last) throw new Error(`Fix annotation on line ${index + 1} follows no finding.`);
      last.fixes.push(fix[1]);
    } else {
      annotatedLine = index;
    }
  }
  return expectations;
}

/** What a finding looks like as an expectation: its span on its first line, columns counted on that line. */
export function toExpectation(text: string, finding: Finding): Expectation {
  const lines = new LineIndex(text);
  const start = lines.positionAt(finding.range.start);
  const end = lines.positionAt(finding.range.end);
  const endColumn = end.line === start.line ? end.character : lines.lineEnd(start.line) - lines.lineStart(start.line);
  return {
    line: start.line,
    startColumn: start.character,
    endColumn: Math.max(endColumn, start.character + 1),
    severity: finding.severity,
    ruleId: finding.ruleId,
    message: finding.message,
    fixes: finding.fixes.map((fix) => fix.title),
  };
}

export function sortExpectations(expectations: Expectation[]): Expectation[] {
  return [...expectations].sort(
    (a, b) => a.line - b.line || a.startColumn - b.startColumn || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message),
  );
}

/** Removes annotation lines, leaving the manifest as the user wrote it. */
export function stripAnnotations(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((line) => !isAnnotationLine(line.replace(/\r?\n$/, '')))
    .join('');
}

/** Writes the text with the given findings as annotations, for the mismatch report and UPDATE_FIXTURES=1. */
export function annotate(text: string, expectations: readonly Expectation[]): string {
  const lines = stripAnnotations(text).split('\n');
  const byLine = new Map<number, Expectation[]>();
  const originalLine = mapLines(text);
  for (const expectation of expectations) {
    const line = originalLine.get(expectation.line) ?? expectation.line;
    byLine.set(line, [...(byLine.get(line) ?? []), expectation]);
  }
  const output: string[] = [];
  lines.forEach((line, index) => {
    output.push(line);
    for (const expectation of byLine.get(index) ?? []) {
      const run = '^'.repeat(expectation.endColumn - expectation.startColumn);
      const carets = expectation.startColumn <= 1 ? `${' '.repeat(expectation.startColumn)}#${run}` : `#${' '.repeat(expectation.startColumn - 1)}${run}`;
      output.push(`${carets} ${expectation.severity} ${expectation.ruleId}: ${expectation.message}`);
      for (const fix of expectation.fixes) output.push(`#${' '.repeat(Math.max(0, expectation.startColumn - 1))}= fix: ${fix}`);
    }
  });
  return output.join('\n');
}

/** Maps a line number of the annotated text to the line number it has once annotations are stripped. */
function mapLines(text: string): Map<number, number> {
  const map = new Map<number, number>();
  let stripped = 0;
  text.split('\n').forEach((line, index) => {
    if (isAnnotationLine(line.replace(/\r$/, ''))) return;
    map.set(index, stripped++);
  });
  return map;
}
