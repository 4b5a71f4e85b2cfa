/**
 * The objects inside a List (`kind: List`, or any `*List` kind with `items`, as `kubectl get -o yaml` writes them
 * and `kubectl apply` applies them item by item). Each item becomes a document of its own, cut from the List's text
 * with the characters before it on its first line (`- `, `items: [`) turned into spaces: the item keeps its exact
 * offsets, so findings, hovers and fixes on it land where it is written.
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { findPair } from './nodes';

export interface ListItem {
  /** Where the item's text starts in the List document's text (the start of its first line). */
  offset: number;
  text: string;
}

/** The item texts of a List's root map; empty for any other document. */
export function listItemTexts(root: unknown, text: string, kind: string | undefined): ListItem[] {
  if (!kind || !kind.endsWith('List') || !isMap(root)) return [];
  const items = findPair(root as YAMLMap, 'items')?.value;
  if (!isSeq(items)) return [];
  return items.items.flatMap((item) => {
    if (!isMap(item) || !item.range) return [];
    const [start, end] = item.range;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start).replace(/[^\t ]/g, ' ');
    return [{ offset: lineStart, text: before + text.slice(start, end) }];
  });
}
