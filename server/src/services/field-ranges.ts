/**
 * Finds where a field the API server names is written in a manifest: the paths of a Status's `details.causes`
 * (`spec.template.spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`) and of server-side apply
 * (`.spec.ports[port=80,protocol="TCP"].name`, `.metadata.finalizers[="a"]`), so that the cluster's answer to a
 * dry run can be shown on the very key and value it is about.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { ManifestDocument } from '../engine/model/document';
import { findPair, type TextRange } from '../engine/model/nodes';

export type FieldSegment = { key: string } | { index: number } | { match: Array<[string, unknown]> };

/** Reads a field path; undefined when it is not one (unbalanced brackets). */
export function parseFieldPath(path: string): FieldSegment[] | undefined {
  const segments: FieldSegment[] = [];
  let i = path.startsWith('.') ? 1 : 0;
  let key = '';
  const flush = () => {
    if (key) segments.push({ key });
    key = '';
  };
  while (i < path.length) {
    const char = path[i];
    if (char === '.') {
      flush();
      i++;
    } else if (char === '[') {
      flush();
      const end = closingBracket(path, i);
      if (end === -1) return undefined;
      segments.push(bracketSegment(path.slice(i + 1, end)));
      i = end + 1;
    } else {
      key += char;
      i++;
    }
  }
  flush();
  return segments;
}

/** The `]` that closes the bracket at `open`, skipping quoted text. */
function closingBracket(path: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < path.length; i++) {
    const char = path[i];
    if (quoted && char === '\\') i++;
    else if (char === '"') quoted = !quoted;
    else if (char === ']' && !quoted) return i;
  }
  return -1;
}

function bracketSegment(inner: string): FieldSegment {
  if (/^\d+$/.test(inner)) return { index: Number(inner) };
  // Server-side apply: `name="web"`, `port=80,protocol="TCP"`, or `="value"` for an item of a set.
  const pairs = splitOutsideQuotes(inner, ',').map((part) => {
    const equals = part.indexOf('=');
    return equals === -1 ? undefined : ([part.slice(0, equals), parseValue(part.slice(equals + 1))] as [string, unknown]);
  });
  if (inner.includes('=') && pairs.every((pair) => pair !== undefined)) return { match: pairs as Array<[string, unknown]> };
  // field.Path's map key: `labels[app.kubernetes.io/name]`.
  return { key: inner };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '\\') {
      current += char + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface Located {
  /** The range to show, relative to the document's text. */
  range: TextRange;
  exact: boolean;
}

/**
 * The range of a field in a document: for a scalar entry its key and value (`name: Web_Port`), for a collection its
 * key, for a sequence item the item (a map item: its first entry). A path that is not written falls back to the
 * nearest written ancestor, then to the `kind` line; the empty path is the document's first line.
 */
export function fieldRange(document: ManifestDocument, path: string): Located {
  const root = document.root;
  if (!path.trim()) return { range: firstLine(document), exact: true };
  const segments = parseFieldPath(path.trim());
  let current: Node | undefined = root;
  let best: TextRange | undefined;
  let exact = segments !== undefined;
  for (const segment of segments ?? []) {
    const step = descend(current, segment);
    if (!step) {
      exact = false;
      break;
    }
    best = step.range;
    current = step.node;
  }
  if (best) return { range: best, exact };
  return { range: kindLine(document), exact: false };
}

function descend(node: Node | undefined, segment: FieldSegment): { node: Node | undefined; range: TextRange } | undefined {
  if ('key' in segment) {
    if (!isMap(node)) return undefined;
    const pair = findPair(node, segment.key);
    if (!pair) return undefined;
    return { node: (pair.value as Node | null) ?? undefined, range: entryRange(pair) };
  }
  if (!isSeq(node)) return undefined;
  const items = node.items as Node[];
  const item = 'index' in segment ? items[segment.index] : items.find((candidate) => matches(candidate, segment.match));
  if (!item) return undefined;
  return { node: item, range: itemRange(item) };
}

function matches(item: Node, match: Array<[string, unknown]>): boolean {
  return match.every(([field, value]) => {
    if (field === '') return isScalar(item) && sameValue(item, value);
    if (!isMap(item)) return false;
    const pair = findPair(item, field);
    return isScalar(pair?.value) && sameValue(pair.value as Scalar, value);
  });
}

function sameValue(scalar: Scalar, value: unknown): boolean {
  return scalar.value === value || String(scalar.value) === String(value);
}

function entryRange(pair: Pair): TextRange {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  if (value && isScalar(value) && value.range) return { start, end: value.range[1] };
  return { start, end: key?.range?.[1] ?? start };
}

function itemRange(item: Node): TextRange {
  if (isMap(item) && item.items.length > 0) return entryRange(item.items[0]);
  const [start, end] = item.range ?? [0, 0];
  return { start, end };
}

function kindLine(document: ManifestDocument): TextRange {
  const root = document.root;
  const pair = isMap(root) ? findPair(root, 'kind') : undefined;
  return pair ? entryRange(pair) : firstLine(document);
}

/** The first line of the document's content (after a `---` marker and leading comments). */
function firstLine(document: ManifestDocument): TextRange {
  const text = document.text;
  const start = document.root?.range?.[0] ?? 0;
  const newline = text.indexOf('\n', start);
  let end = newline === -1 ? text.length : newline;
  if (text[end - 1] === '\r') end--;
  return { start, end: Math.max(start, end) };
}
