/**
 * Whether one document exceeds the analysis limits (nesting depth, scalar length, alias expansion). Such a
 * document is not analysed by the other rules: its cost is unbounded, and what it holds is not a manifest anyone
 * meant to write. The measurements are taken once per document; the verdict depends on the configured limits.
 */
import { isAlias, isCollection, isScalar, visit, type Node } from 'yaml';
import { ALIAS_EXPANSION_CEILING, type AnalysisLimits } from '../config';
import type { ManifestDocument } from '../model/document';
import type { TextRange } from '../model/nodes';
import { perDocument } from './per-document';

export type LimitMessageId = 'tooDeep' | 'tooManyAliases' | 'scalarTooLong';

export interface ExceededLimit {
  messageId: LimitMessageId;
  data: Record<string, number>;
  range: TextRange;
}

interface Measurements {
  depth: number;
  deepest?: Node;
  longestScalar: number;
  longest?: Node;
}

const measure = perDocument((document: ManifestDocument): Measurements => {
  const result: Measurements = { depth: 0, longestScalar: 0 };
  if (!document.tree) return result;
  visit(document.tree, {
    Node(_, node, path) {
      if (isCollection(node)) {
        const depth = path.filter((step) => isCollection(step)).length + 1;
        if (depth > result.depth) Object.assign(result, { depth, deepest: node });
      } else if (isScalar(node) && typeof node.source === 'string' && node.source.length > result.longestScalar) {
        Object.assign(result, { longestScalar: node.source.length, longest: node });
      }
    },
  });
  return result;
});

function aliasesExpandBeyond(document: ManifestDocument, limit: number): boolean {
  const tree = document.treeWithAliases;
  if (!document.hasAliases || !tree || document.problems.length > 0) return false;
  // At the ceiling the document's own conversion, which the rules need anyway, answers the question.
  if (limit >= ALIAS_EXPANSION_CEILING) return document.data().problem?.code === 'ALIAS_LIMIT';
  try {
    tree.toJS({ maxAliasCount: limit });
    return false;
  } catch (error) {
    return error instanceof ReferenceError;
  }
}

function rangeOf(document: ManifestDocument, node: Node | undefined): TextRange {
  const [start, end] = node?.range ?? [0, 0];
  // A deep or long node is pointed at by its first line, not painted whole.
  const lineEnd = document.text.indexOf('\n', start);
  return { start, end: Math.min(end, start + 80, lineEnd === -1 ? document.text.length : lineEnd) };
}

export function exceededLimit(document: ManifestDocument, limits: Readonly<AnalysisLimits>): ExceededLimit | undefined {
  const measured = measure(document);
  if (measured.depth > limits.maxNestingDepth) {
    return { messageId: 'tooDeep', data: { depth: measured.depth, limit: limits.maxNestingDepth }, range: rangeOf(document, measured.deepest) };
  }
  if (measured.longestScalar > limits.maxScalarLength) {
    return { messageId: 'scalarTooLong', data: { length: measured.longestScalar, limit: limits.maxScalarLength }, range: rangeOf(document, measured.longest) };
  }
  if (aliasesExpandBeyond(document, limits.maxAliasExpansions)) {
    const first = document.treeWithAliases && findAlias(document.treeWithAliases.contents);
    return { messageId: 'tooManyAliases', data: { limit: limits.maxAliasExpansions }, range: rangeOf(document, first ?? undefined) };
  }
  return undefined;
}

function findAlias(root: unknown): Node | undefined {
  let found: Node | undefined;
  visit(root as Node, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found && isAlias(found) ? found : undefined;
}
