/**
 * Finds lines indented with tab characters. YAML forbids tabs in indentation, and a pasted tab usually breaks a
 * document in ways whose parser errors point elsewhere, so `yaml/tab-indent` reports the tabs themselves and
 * `yaml/syntax` stays quiet about the errors they cause.
 */
import { visit, isScalar, Scalar } from 'yaml';
import type { ManifestDocument } from '../model/document';
import type { TextRange } from '../model/nodes';
import { parseChunk } from '../model/parse';
import { perDocument } from './per-document';

export interface TabIndentedLine {
  /** Offset of the line's first character. */
  lineStart: number;
  /** The leading whitespace of the line, which holds at least one tab. */
  indentation: TextRange;
}

export const tabIndentedLines: (document: ManifestDocument) => TabIndentedLine[] = perDocument(findTabIndentedLines);

function findTabIndentedLines(document: ManifestDocument): TabIndentedLine[] {
  const text = document.text;
  if (!text.includes('\t')) return [];
  const blockScalars = blockScalarRanges(document);
  const problemOffsets = document.problems.map((problem) => problem.start);
  const lines: TabIndentedLine[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let indentEnd = lineStart;
    while (indentEnd < lineEnd && (text[indentEnd] === ' ' || text[indentEnd] === '\t')) indentEnd++;
    const hasTab = text.slice(lineStart, indentEnd).includes('\t');
    const isContent = indentEnd < lineEnd && text[indentEnd] !== '#' && text[indentEnd] !== '\r';
    if (hasTab && isContent) {
      const insideBlockScalar = blockScalars.some((range) => lineStart > range.start && lineStart < range.end);
      const lineHasProblem = problemOffsets.some((offset) => offset >= lineStart && offset <= lineEnd);
      // Inside a literal or folded block, a tab after the block's indentation is content, not indentation.
      if (!insideBlockScalar || lineHasProblem) lines.push({ lineStart, indentation: { start: lineStart, end: indentEnd } });
    }
    lineStart = lineEnd + 1;
  }
  return lines;
}

function blockScalarRanges(document: ManifestDocument): TextRange[] {
  const ranges: TextRange[] = [];
  if (!document.tree) return ranges;
  visit(document.tree, {
    Scalar(_, node) {
      if (isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range) {
        ranges.push({ start: node.range[0], end: node.range[1] });
      }
    },
  });
  return ranges;
}

export interface TabReplacement {
  width: number;
  /** True when, besides parsing, every line under an opening key ends up nested below it. */
  confident: boolean;
}

/**
 * How many spaces should replace each tab: the first width, among the document's own indentation unit and the
 * usual tab stops, for which the converted document parses and keeps every block nested under the key that opens
 * it; failing that, the first width for which it parses at all (a guess to review); undefined when none parses.
 */
export function tabReplacement(document: ManifestDocument): TabReplacement | undefined {
  const lines = tabIndentedLines(document);
  let parsesOnly: number | undefined;
  for (const width of new Set([indentationUnit(document.text), 2, 4, 8])) {
    let text = document.text;
    for (const line of [...lines].reverse()) {
      const indentation = text.slice(line.indentation.start, line.indentation.end).replace(/\t/g, ' '.repeat(width));
      text = text.slice(0, line.indentation.start) + indentation + text.slice(line.indentation.end);
    }
    if (parseChunk(text).problems.length > 0) continue;
    if (keepsBlocksNested(text)) return { width, confident: true };
    parsesOnly ??= width;
  }
  return parsesOnly === undefined ? undefined : { width: parsesOnly, confident: false };
}

/** Whether every line that follows a key opening a block (`key:` at the end of a line) is indented deeper than it. */
function keepsBlocksNested(text: string): boolean {
  let opener: number | undefined;
  for (const line of text.split('\n')) {
    const content = line.replace(/\s+#.*$/, '').replace(/\r$/, '');
    if (content.trim() === '' || content.trim().startsWith('#')) continue;
    const indentation = /^ */.exec(content)![0].length;
    const isSequenceItem = content.trimStart().startsWith('- ');
    // A block sequence may sit at the same indentation as its key; anything else must be deeper.
    if (opener !== undefined && indentation <= opener && !(isSequenceItem && indentation === opener)) return false;
    opener = /:$/.test(content.trimEnd()) ? indentation : undefined;
  }
  return true;
}

/** The spaces one indentation level uses in this document: the smallest space-only indentation, else 2. */
function indentationUnit(text: string): number {
  let unit = Number.POSITIVE_INFINITY;
  for (const match of text.matchAll(/^( +)[^ \t\r\n#]/gm)) unit = Math.min(unit, match[1].length);
  return Number.isFinite(unit) ? unit : 2;
}
