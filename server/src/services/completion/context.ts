/**
 * Where the cursor is, in YAML terms: the key path from the document root, whether a key, a value or a sequence
 * item is being typed, the partial word and the range a completion replaces. Completion runs on text that is
 * being typed and often does not parse as intended (`verbs: [get, `, `kind: `, `- `), so this reads the current
 * line (or the lines of a flow collection that spreads over several) with a small flow-aware scanner and finds
 * its ancestors by indentation instead of trusting the parse tree.
 */
import { lineStart as lineStartOf } from '../../engine/edits';
import type { TextRange } from '../../engine/model/nodes';

/** `key`: a map key is typed; `value`: the value after `key: `; `item`: an item of a sequence. */
export type Slot = 'key' | 'value' | 'item';

/** A path segment: a map key, or SEQ for an item of a sequence. */
export const SEQ = '-';

export interface CursorContext {
  /** Keys from the root to the cursor, SEQ marking sequence items; a value slot ends with its key, an item slot with SEQ. */
  path: string[];
  slot: Slot;
  /** What is typed so far, without its opening quote. */
  partial: string;
  /** The text a completion replaces: the partial word and the rest of the word after the cursor. */
  range: TextRange;
  /** The partial word opened a quote, so the inserted text must not bring its own. */
  quoted: boolean;
  /** The cursor is inside a flow collection (`[...]` or `{...}`), where `,` `[` `]` `{` `}` end plain scalars. */
  inFlow: boolean;
  /** The items written before the cursor in the flow sequence the cursor is in. */
  flowItems: string[];
  /** Offset where the cursor's line starts, and the column where the line's key (after any `- `) starts. */
  lineStart: number;
  keyColumn: number;
}

interface LineScan {
  segments: string[];
  slot: Slot;
  partialStart: number;
  quoted: boolean;
  inFlow: boolean;
  flowItems: string[];
  /** Column of the line's last leading dash, when the line starts a sequence item. */
  dashColumn?: number;
  keyColumn: number;
}

/** The cursor context at `offset` of one YAML document's text, or undefined where nothing can be completed. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = flowStart(text, offset) ?? lineStartOf(text, offset);
  // A flow collection spread over lines is read as one line: newlines become spaces, so offsets stay the same.
  const scan = scanLine(text.slice(lineStart, offset).replace(/\r?\n/g, (newline) => ' '.repeat(newline.length)));
  if (!scan) return undefined;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const ancestors = scan.dashColumn !== undefined ? ancestry(lines, scan.dashColumn, true) : ancestry(lines, scan.keyColumn, false);
  if (!ancestors) return undefined;
  const start = lineStart + scan.partialStart;
  const rest = text.slice(offset).match(scan.quoted ? /^[^"'\n]*/ : scan.inFlow ? /^[^\s,\]}#]*/ : /^[^\n#]*?(?=\s*(?:#|$))/m);
  return {
    path: [...ancestors, ...scan.segments],
    slot: scan.slot,
    partial: text.slice(start, offset),
    range: { start, end: offset + (rest?.[0].length ?? 0) },
    quoted: scan.quoted,
    inFlow: scan.inFlow,
    flowItems: scan.flowItems,
    lineStart,
    keyColumn: scan.keyColumn,
  };
}

/** How many lines up a flow collection spread over several lines is looked for. */
const MAX_FLOW_LINES = 50;

/**
 * The start of the line that opened a flow collection still open at the cursor, when it opened on an earlier line
 * (`verbs: [` with items on the lines below); undefined when the cursor's line is not inside such a collection.
 */
function flowStart(text: string, offset: number): number | undefined {
  let end = text.lastIndexOf('\n', offset - 1);
  let depth = 0;
  for (let lines = 0; end >= 0 && lines < MAX_FLOW_LINES; lines++) {
    const start = lineStartOf(text, end);
    const line = text.slice(start, end);
    depth += flowDepthChange(line);
    if (depth > 0) return blockLine(line) ? start : undefined;
    // Back at a line that starts a block entry with every bracket closed: the cursor is in block context.
    if (blockLine(line)?.key !== undefined || depth < 0) return undefined;
    end = start - 1;
  }
  return undefined;
}

/** Brackets a line opens minus those it closes, outside quoted scalars and comments. */
function flowDepthChange(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"' || char === "'") {
      const close = line.indexOf(char, i + 1);
      if (close === -1) break;
      i = close;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      break;
    } else if (char === '[' || char === '{') {
      depth++;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return depth;
}

/**
 * Reads one line up to the cursor: leading `- ` items, `key:` pairs, flow collections with the items before the
 * cursor, and the token being typed. Undefined after a comment or a closed collection, where nothing is completed.
 */
function scanLine(line: string): LineScan | undefined {
  const segments: string[] = [];
  const stack: { type: 'map' | 'seq'; base: number; items: string[] }[] = [];
  let slot: Slot = 'key';
  let dashColumn: number | undefined;
  let i = line.length - line.trimStart().length;
  let keyColumn = i;
  while (stack.length === 0 && line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
    dashColumn = i;
    segments.push(SEQ);
    slot = 'item';
    i = skipSpaces(line, i + 1);
    keyColumn = i;
  }
  for (;;) {
    i = skipSpaces(line, i);
    const top = stack[stack.length - 1];
    if (i >= line.length) {
      return { segments, slot, partialStart: i, quoted: false, inFlow: stack.length > 0, flowItems: top?.type === 'seq' ? top.items : [], dashColumn, keyColumn };
    }
    const char = line[i];
    if (char === '#') return undefined;
    if ((char === '{' || char === '[') && slot !== 'key') {
      stack.push({ type: char === '{' ? 'map' : 'seq', base: segments.length, items: [] });
      if (char === '[') segments.push(SEQ);
      slot = char === '{' ? 'key' : 'item';
      i++;
      continue;
    }
    if (char === '}' || char === ']') return undefined;
    if (char === ',' && top) {
      segments.length = top.base + (top.type === 'seq' ? 1 : 0);
      slot = top.type === 'seq' ? 'item' : 'key';
      i++;
      continue;
    }
    const token = readScalar(line, i, stack.length > 0);
    if (token.end >= line.length && !token.closed) {
      return { segments, slot, partialStart: token.quoted ? i + 1 : i, quoted: token.quoted, inFlow: stack.length > 0, flowItems: top?.type === 'seq' ? top.items : [], dashColumn, keyColumn };
    }
    i = skipSpaces(line, token.end);
    if (line[i] === ':' && (i + 1 === line.length || /[\s,[\]{}]/.test(line[i + 1]) || token.quoted)) {
      segments.push(token.value);
      slot = 'value';
      i++;
    } else if (top?.type === 'seq') {
      top.items.push(token.value);
    } else if (i < line.length && line[i] !== ',' && line[i] !== '}' && line[i] !== '#') {
      return undefined;
    } else if (i >= line.length) {
      return undefined;
    }
  }
}

/** A quoted or plain scalar starting at `start`; a plain one ends at `: `, a comment, or (in flow) `,]}`. */
function readScalar(line: string, start: number, inFlow: boolean): { value: string; end: number; quoted: boolean; closed: boolean } {
  const quote = line[start];
  if (quote === '"' || quote === "'") {
    const close = line.indexOf(quote, start + 1);
    if (close === -1) return { value: line.slice(start + 1), end: line.length, quoted: true, closed: false };
    return { value: line.slice(start + 1, close), end: close + 1, quoted: true, closed: true };
  }
  let end = start;
  while (end < line.length) {
    const char = line[end];
    if (char === ':' && (end + 1 === line.length || /[\s,[\]{}]/.test(line[end + 1]))) break;
    if (char === '#' && /\s/.test(line[end - 1] ?? '')) break;
    if (inFlow && /[,[\]{}]/.test(char)) break;
    end++;
  }
  const value = line.slice(start, end).trimEnd();
  // A block scalar that runs to the cursor is still being typed, trailing spaces included (`client `).
  if (end >= line.length && !inFlow) return { value, end, quoted: false, closed: false };
  return { value, end: start + value.length, quoted: false, closed: end < line.length };
}

function skipSpaces(line: string, from: number): number {
  let i = from;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
}

interface BlockLine {
  indent: number;
  dashColumn?: number;
  key?: string;
  keyColumn: number;
  /** Whether the key has a value on the same line (then it cannot own lines below it). */
  inlineValue: boolean;
}

function blockLine(line: string): BlockLine | undefined {
  const match = /^( *)((?:- +)*)(?:("[^"]*"|'[^']*'|[^\s#'"{[\]][^#]*?)[ \t]*:(?=\s|$)[ \t]*(.*))?/.exec(line);
  if (!match || match[0].trim() === '' || line.trimStart().startsWith('#')) return undefined;
  const indent = match[1].length;
  const dashes = match[2];
  const key = match[3]?.replace(/^(["'])(.*)\1$/, '$2');
  return {
    indent,
    ...(dashes ? { dashColumn: indent + dashes.lastIndexOf('-') } : {}),
    ...(key !== undefined ? { key } : {}),
    keyColumn: indent + dashes.length,
    inlineValue: (match[4] ?? '').replace(/#.*/, '').trim() !== '',
  };
}

/**
 * The keys that own a line whose content starts at `column` (or whose dash sits at `column`, when `inSequence`),
 * found by walking up to lines indented less. Sibling entries and items are skipped; a compact sequence (`rules:`
 * then `- ...` at the same column) belongs to the key above it.
 */
function ancestry(lines: readonly string[], startColumn: number, startInSequence: boolean): string[] | undefined {
  const path: string[] = [];
  let column = startColumn;
  let inSequence = startInSequence;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (column === 0 && !inSequence) return path;
    const text = lines[index];
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const line = blockLine(text);
    if (!line) continue;
    if (inSequence) {
      if (line.indent > column || (line.dashColumn !== undefined && line.indent === column)) continue;
    } else if (line.indent >= column) {
      continue;
    } else if (line.dashColumn !== undefined && line.keyColumn === column) {
      path.unshift(SEQ);
      column = line.dashColumn;
      inSequence = true;
      continue;
    }
    if (line.key === undefined || line.inlineValue || line.keyColumn > column) return undefined;
    path.unshift(line.key);
    if (line.dashColumn !== undefined) {
      path.unshift(SEQ);
      column = line.dashColumn;
      inSequence = true;
    } else {
      column = line.keyColumn;
      inSequence = false;
    }
  }
  return column === 0 && !inSequence ? path : undefined;
}

/** Whether `path` ends with `suffix`, where '*' in the suffix matches any one segment. */
export function pathEndsWith(path: readonly string[], ...suffix: string[]): boolean {
  if (suffix.length > path.length) return false;
  const offset = path.length - suffix.length;
  return suffix.every((segment, index) => segment === '*' || segment === path[offset + index]);
}

/** Whether `path` is exactly `expected` ('*' matches any one segment). */
export function pathIs(path: readonly string[], ...expected: string[]): boolean {
  return path.length === expected.length && pathEndsWith(path, ...expected);
}
