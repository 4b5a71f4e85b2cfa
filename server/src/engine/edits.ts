/**
 * Builders for the text edits that fixes are made of. They touch only the characters of one node, so comments
 * and formatting around it survive.
 */
import { isMap, isScalar, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from './fix';
import { nodeAtPath, type PathSegment, type TextRange } from './model/nodes';

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line holding `offset` (after its newline); `offset` itself when a line starts there. */
export function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Replaces a scalar's value, keeping its quoting style. */
export function replaceScalar(node: Scalar, value: string): TextEdit {
  const [start, end] = node.range ?? [0, 0];
  return { start, end, newText: quoteLike(node, value) };
}

function quoteLike(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return /^[A-Za-z0-9_./:-][A-Za-z0-9_ ./:-]*$/.test(value) && !/[ ]$/.test(value) ? value : JSON.stringify(value);
}

/** The exact range of a node: for scalars their value (quotes included), for collections their extent. */
export function nodeRange(node: Node): TextRange {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
}

/**
 * Finds the node a path designates, walking as far as the YAML tree allows: data built through merge keys can
 * have paths that are not spelled out in the text, and the nearest written ancestor is the best place to point.
 */
export function locate(root: Node | undefined, path: readonly PathSegment[]): { key?: Scalar; value?: Node; exact: boolean } {
  for (let length = path.length; length >= 0; length--) {
    const target = nodeAtPath(root, path.slice(0, length));
    if (target && (target.key || target.value)) return { key: target.key, value: target.value, exact: length === path.length };
  }
  return { exact: false };
}

/** Where to point at an object as a whole: the key that names it, else its first key, else the node itself. */
export function objectAnchor(root: Node | undefined, path: readonly PathSegment[]): TextRange | undefined {
  const target = locate(root, path);
  if (target.key && target.exact) return nodeRange(target.key);
  const value = target.value;
  if (isMap(value) && value.items.length > 0 && isScalar(value.items[0].key)) return nodeRange(value.items[0].key);
  if (target.key) return nodeRange(target.key);
  return value ? nodeRange(value) : undefined;
}

/** Values written as a YAML flow sequence of double-quoted strings: `["get", "list"]`. */
export function flowList(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

/**
 * Edits that delete some items of a sequence. A flow sequence is rewritten from the source of the items it keeps;
 * in a block sequence each deleted item's line goes, comment included. Undefined when an item of a block sequence
 * shares its line with anything but its dash.
 */
export function removeSequenceItems(text: string, seq: YAMLSeq, remove: ReadonlySet<unknown>): TextEdit[] | undefined {
  const [start, end] = seq.range ?? [0, 0];
  if (seq.flow) {
    const kept = seq.items.filter((item) => !remove.has(item)).map((item) => {
      const range = (item as Node).range;
      return range ? text.slice(range[0], range[1]) : '';
    });
    return [{ start, end, newText: `[${kept.join(', ')}]` }];
  }
  const edits: TextEdit[] = [];
  for (const item of seq.items) {
    if (!remove.has(item)) continue;
    const range = (item as Node).range;
    if (!range) return undefined;
    const start = lineStart(text, range[0]);
    if (!/^[ \t]*-[ \t]*$/.test(text.slice(start, range[0]))) return undefined;
    const newline = text.indexOf('\n', range[1]);
    edits.push({ start, end: newline === -1 ? text.length : newline + 1, newText: '' });
  }
  return edits;
}

/**
 * An edit that adds a block mapping after `item`, an item of a block sequence, at the same indentation. `fields`
 * are `[key, YAML text of the value]` pairs, one line each. Undefined when `item` is not written after a dash.
 */
export function insertMapItemAfter(text: string, item: YAMLMap, fields: readonly (readonly [string, string])[]): TextEdit | undefined {
  const [start, end] = item.range ?? [0, 0];
  const itemLineStart = lineStart(text, start);
  const prefix = /^([ \t]*)-([ \t]+)$/.exec(text.slice(itemLineStart, start));
  if (!prefix) return undefined;
  const contentIndent = ' '.repeat(start - itemLineStart);
  const lines = fields.map(([key, value], index) => `${index === 0 ? `${prefix[1]}-${prefix[2]}` : contentIndent}${key}: ${value}\n`);
  if (end > 0 && text[end - 1] === '\n') return { start: end, end, newText: lines.join('') };
  const newline = text.indexOf('\n', end);
  if (newline === -1) return { start: text.length, end: text.length, newText: `\n${lines.join('')}`.replace(/\n$/, '') };
  return { start: newline + 1, end: newline + 1, newText: lines.join('') };
}

/**
 * An edit that adds lines at the end of a block mapping, at the indentation of its keys; `lines` are indented
 * relative to those keys (`'capabilities:'`, `'  drop: [ALL]'`). Undefined for a flow or empty mapping.
 */
export function appendToBlockMap(text: string, map: YAMLMap, lines: readonly string[]): TextEdit | undefined {
  const first = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  if (map.flow || !first?.range || !last) return undefined;
  const indent = ' '.repeat(first.range[0] - lineStart(text, first.range[0]));
  const end = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range?.[1] ?? first.range[1];
  const at = afterLine(text, end);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const block = lines.map((line) => `${indent}${line}${newline}`).join('');
  return { start: at, end: at, newText: at === text.length && !text.endsWith('\n') ? `${newline}${block}` : block };
}

/**
 * Moves a block-style pair under a sibling key whose value is empty (null or `{}`), as its first field: the
 * sibling loses its empty value (a comment after it stays), and the moved block is re-indented two columns deeper
 * than the sibling's key, whether it was written above or below it. One edit over the span between them.
 * Undefined when the moved key does not begin its own line or the two share a line.
 */
export function nestUnderEmptySibling(text: string, parent: Pair, moved: Pair): TextEdit | undefined {
  const parentKey = parent.key as Scalar;
  const movedKey = moved.key as Scalar;
  const [parentStart, parentKeyEnd] = parentKey.range ?? [0, 0];
  const [movedStart] = movedKey.range ?? [0, 0];
  const movedLineStart = lineStart(text, movedStart);
  if (!/^[ ]*$/.test(text.slice(movedLineStart, movedStart))) return undefined;
  const movedEnd = afterLine(text, (moved.value as Node | null)?.range?.[1] ?? movedKey.range![1]);
  const parentValue = parent.value as Node | null;
  const parentValueEnd = parentValue?.range && parentValue.range[1] > parentValue.range[0] ? parentValue.range[1] : parentKeyEnd;
  const parentLineEnd = afterLine(text, parentValueEnd);
  const parentLineStart = lineStart(text, parentStart);
  if (!(movedLineStart >= parentLineEnd || movedEnd <= parentLineStart)) return undefined;
  const delta = parentStart - parentLineStart + 2 - (movedStart - movedLineStart);
  const reindent = (line: string) => (line === '' ? line : delta >= 0 ? ' '.repeat(delta) + line : line.replace(new RegExp(`^ {0,${-delta}}`), ''));
  const movedLines = text.slice(movedLineStart, movedEnd).split('\n').map(reindent).join('\n');
  const movedText = movedLines.endsWith('\n') ? movedLines : `${movedLines}\n`;
  const colon = text.indexOf(':', parentKeyEnd);
  const parentLine =
    text.slice(parentLineStart, colon + 1) + text.slice(Math.max(parentValueEnd, colon + 1), parentLineEnd).replace(/^[ ]+(?=[^\s])/, ' ').replace(/^[ ]+\n/, '\n');
  const parentText = parentLine.endsWith('\n') ? parentLine : `${parentLine}\n`;
  const edit: TextEdit =
    movedLineStart >= parentLineEnd
      ? { start: parentLineStart, end: movedEnd, newText: parentText + movedText + text.slice(parentLineEnd, movedLineStart) }
      : { start: movedLineStart, end: parentLineEnd, newText: text.slice(movedEnd, parentLineStart) + parentText + movedText };
  if (parentLineEnd === text.length && !text.endsWith('\n')) edit.newText = edit.newText.replace(/\n$/, '');
  return edit;
}
