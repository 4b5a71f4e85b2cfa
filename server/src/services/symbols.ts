/**
 * Document symbols: one per YAML document, named by kind and metadata.name, so the outline lists the objects
 * of a stream.
 */
import { isMap } from 'yaml';
import type { StreamAnalysis } from '../engine/linter';
import { findPair, scalarString, type TextRange } from '../engine/model/nodes';

export interface ObjectSymbol {
  name: string;
  detail: string;
  range: TextRange;
  selectionRange: TextRange;
}

export function documentSymbols(analysis: StreamAnalysis): ObjectSymbol[] {
  const symbols: ObjectSymbol[] = [];
  for (const { offset, document } of analysis.documents) {
    const root = document.root;
    if (!root || document.category === 'other' || !root.range) continue;
    const metadata = isMap(root) ? findPair(root, 'metadata')?.value : undefined;
    const name = isMap(metadata) ? scalarString(findPair(metadata, 'name')?.value) : undefined;
    const kind = document.category === 'kubeconfig' ? 'Config' : document.kind?.value ?? 'Object';
    const anchor = document.kind?.node.range ?? root.range;
    symbols.push({
      name: name ? `${kind}/${name}` : kind,
      detail: document.apiVersion?.value ?? '',
      range: { start: offset + root.range[0], end: offset + root.range[1] },
      selectionRange: { start: offset + anchor[0], end: offset + anchor[1] },
    });
  }
  return symbols;
}
