/**
 * Small helpers over the `yaml` node tree: reading keys, finding pairs and node ranges.
 * Everything here works on document-relative offsets.
 */
import { isMap, isScalar, isSeq, isPair, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { LabelSelectorData } from '../reference/policy-data';

export interface TextRange {
  start: number;
  end: number;
}

/** The exact source range of a node: for scalars the value (quotes included), for collections their extent. */
export function rangeOf(node: Node): TextRange {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  return { start, end: valueEnd };
}

/** The key of a pair as a plain string, or undefined when the key is not a scalar. */
export function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

/** The pair of a key; of a key written twice, the last, which is the one Kubernetes keeps when it accepts the duplicate. */
export function findPair(map: YAMLMap | undefined, key: string): Pair | undefined {
  const items = map?.items ?? [];
  for (let index = items.length - 1; index >= 0; index--) {
    if (keyName(items[index]) === key) return items[index];
  }
  return undefined;
}

/** A key and the node written after it (null when nothing is written, as in `users:`). */
export interface FieldView {
  key: Scalar;
  value: Node | null;
  pair: Pair;
}

/** A field of a map, with its key node; undefined when absent or when the key is not a scalar. */
export function fieldOf(map: YAMLMap | undefined, name: string): FieldView | undefined {
  const pair = findPair(map, name);
  if (!pair || !isScalar(pair.key)) return undefined;
  return { key: pair.key, value: (pair.value as Node | null) ?? null, pair };
}

/** A string written in the document, with the scalar it was read from so that findings can point at it. */
export interface StringValue {
  value: string;
  node: Scalar;
}

/** A string scalar as a value with its node; undefined when the node is absent or not a string. */
export function stringValue(node: unknown): StringValue | undefined {
  return isScalar(node) && typeof node.value === 'string' ? { value: node.value, node } : undefined;
}

/**
 * A string as the API server decodes it into a string field or list item: a string as written, and '' for a null
 * (Go's zero value). Undefined for any other type, which the API server refuses to decode.
 */
export function decodedString(node: unknown): StringValue | undefined {
  if (isScalar(node) && node.value === null) return { value: '', node };
  return stringValue(node);
}

/** A map of strings (labels, matchLabels) as the API server decodes it: null values are ''. */
export function decodedStringMap(node: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!isMap(node)) return map;
  for (const pair of node.items) {
    const value = decodedString(pair.value ?? new Scalar(null));
    if (isScalar(pair.key) && pair.key.value !== null && value) map[String(pair.key.value)] = value.value;
  }
  return map;
}

/** Label selector data in its decoded form: every part present, requirement values as a list. */
export interface DecodedSelector extends LabelSelectorData {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** A label selector as the API server decodes it, with both parts always present (a selector `{}` selects everything). */
export function labelSelectorData(node: unknown): DecodedSelector {
  const map = isMap(node) ? node : undefined;
  const expressions = findPair(map, 'matchExpressions')?.value;
  return {
    matchLabels: decodedStringMap(findPair(map, 'matchLabels')?.value),
    matchExpressions: isSeq(expressions) ? expressions.items.flatMap((item) => (isMap(item) ? [selectorRequirement(item)] : [])) : [],
  };
}

function selectorRequirement(item: YAMLMap): { key: string; operator: string; values: string[] } {
  const values = findPair(item, 'values')?.value;
  return {
    key: decodedString(findPair(item, 'key')?.value ?? new Scalar(null))?.value ?? '',
    operator: decodedString(findPair(item, 'operator')?.value ?? new Scalar(null))?.value ?? '',
    values: isSeq(values) ? values.items.flatMap((value) => decodedString(value)?.value ?? []) : [],
  };
}

/** The string value of a map's field, when it is written as a string. */
export function stringField(map: YAMLMap | undefined, name: string): StringValue | undefined {
  return stringValue(findPair(map, name)?.value);
}

/** A scalar's string value, or undefined when the node is absent or not a string-like scalar. */
export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A string field of an object's metadata (`name`, `namespace`) as written, or undefined. */
export function metadataString(root: Node | null | undefined, key: string): string | undefined {
  const metadata = isMap(root) ? findPair(root, 'metadata')?.value : undefined;
  return isMap(metadata) ? scalarString(findPair(metadata, key)?.value) : undefined;
}

export type PathSegment = string | number;

export interface PathTarget {
  /** The key scalar when the path ends at a map entry. */
  key?: Scalar;
  /** The value node, when present. */
  value?: Node;
  /** The collection holding the entry. */
  parent?: Node;
}

/** Follows a path of map keys and sequence indexes down from a node. */
export function nodeAtPath(root: Node | null | undefined, path: readonly PathSegment[]): PathTarget | undefined {
  let current: Node | null | undefined = root;
  let target: PathTarget = { value: root ?? undefined };
  for (const segment of path) {
    if (typeof segment === 'number' && isSeq(current)) {
      const item = current.items[segment] as Node | undefined;
      if (item === undefined) return undefined;
      target = { value: item, parent: current };
      current = item;
    } else if (isMap(current)) {
      const pair = findPair(current, String(segment));
      if (!pair) return undefined;
      target = { key: isScalar(pair.key) ? pair.key : undefined, value: (pair.value as Node | null) ?? undefined, parent: current };
      current = pair.value as Node | null;
    } else {
      return undefined;
    }
  }
  return target;
}

export interface OffsetTarget {
  path: PathSegment[];
  /** The innermost node under the offset. */
  node: Node;
  /** True when the offset sits on a map key rather than on a value. */
  onKey: boolean;
}

/** Finds the innermost node at an offset and the path that leads to it. */
export function nodeAtOffset(root: Node | null | undefined, offset: number): OffsetTarget | undefined {
  if (!root || !contains(root, offset)) return undefined;
  const path: PathSegment[] = [];
  let node: Node = root;
  for (;;) {
    // A block collection's range runs to the start of the next line, where the next entry may begin: ties go to the later entry.
    if (isMap(node)) {
      const pair = node.items.findLast((item) => pairContains(item, offset));
      if (!pair) return { path, node, onKey: false };
      const name = keyName(pair) ?? '';
      path.push(name);
      if (isScalar(pair.key) && contains(pair.key, offset)) return { path, node: pair.key, onKey: true };
      const value = pair.value as Node | null;
      if (!value || !contains(value, offset)) return { path, node: (pair.key as Node | null) ?? node, onKey: true };
      node = value;
    } else if (isSeq(node)) {
      const index = node.items.findLastIndex((item) => isNodeLike(item) && contains(item, offset));
      if (index === -1) return { path, node, onKey: false };
      path.push(index);
      node = node.items[index] as Node;
    } else {
      return { path, node, onKey: false };
    }
  }
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function contains(node: Node, offset: number): boolean {
  const range = node.range;
  return !!range && offset >= range[0] && offset <= range[1];
}

function pairContains(pair: unknown, offset: number): pair is Pair {
  if (!isPair(pair)) return false;
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0];
  const end = value?.range?.[1] ?? key?.range?.[1];
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}
