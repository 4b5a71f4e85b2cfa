/**
 * Builders for the text edits that fixes are made of. They touch only the characters of one node, so comments
 * and formatting around it survive.
 */
import { isMap, isScalar, Scalar, type Node } from 'yaml';
import type { TextEdit } from './fix';
import { nodeAtPath, type PathSegment, type TextRange } from './model/nodes';

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
