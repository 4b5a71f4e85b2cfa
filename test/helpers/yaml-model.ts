/**
 * The document model as plain data, for comparing two readings of one text: every node's class, ranges, value,
 * source, style, flow flag, format and tag, the document's range and its problems. Comments are left out: the fast
 * path does not attach them (see server/src/engine/model/fast-parse.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { fastParse } from '../../server/src/engine/model/fast-parse';
import { parseChunk } from '../../server/src/engine/model/parse';

export function modelOf(document: Document | undefined): unknown {
  if (!document) return undefined;
  return {
    range: document.range,
    errors: document.errors.map((error) => error.code),
    warnings: document.warnings.map((warning) => warning.code),
    contents: nodeModel(document.contents),
  };
}

function nodeModel(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isPair(node)) return { pair: [nodeModel(node.key), nodeModel(node.value)] };
  if (isScalar(node)) {
    const value = typeof node.value === 'number' && !Number.isFinite(node.value) ? String(node.value) : node.value;
    return { scalar: value, range: node.range, source: node.source, type: node.type, format: node.format, tag: node.tag, anchor: node.anchor };
  }
  if (isMap(node) || isSeq(node)) return { [isMap(node) ? 'map' : 'seq']: node.items.map(nodeModel), range: node.range, flow: node.flow ?? false, tag: node.tag, anchor: node.anchor };
  return { other: String(node) };
}

/**
 * How the fast path's reading of one document differs from the yaml package's: undefined when it declines the
 * document or reads it the same (model and data), else what differs. `read` says whether it took the document.
 */
export function fastPathDifference(text: string): { read: boolean; difference?: string } {
  const fast = fastParse(text);
  if (!fast) return { read: false };
  const slow = parseChunk(text);
  if (slow.problems.length > 0) return { read: true, difference: `the yaml package reports ${slow.problems.map((problem) => problem.code).join(', ')}; the fast path read it` };
  if (!isDeepStrictEqual(modelOf(fast), modelOf(slow.tree))) return { read: true, difference: `the models differ\n  yaml: ${JSON.stringify(modelOf(slow.tree))}\n  fast: ${JSON.stringify(modelOf(fast))}` };
  if (!isDeepStrictEqual(fast.toJS(), slow.tree?.toJS())) return { read: true, difference: 'the data differ' };
  return { read: true };
}
