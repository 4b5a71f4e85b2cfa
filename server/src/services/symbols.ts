/**
 * Document symbols: one per YAML document, named by kind and metadata.name, so the outline lists the objects
 * of a stream.
 */
import type { StreamAnalysis } from '../engine/linter';
import { metadataString, type TextRange } from '../engine/model/nodes';

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
    const name = metadataString(root, 'name');
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
