/**
 * Puts the anchored node where each alias stands, so that views reading the tree see what the alias means, as
 * Kubernetes' decoder does (`labels: *common` are the labels of `&common`). The node is shared, not copied, and
 * keeps its place in the text: a finding about it points at the anchor, where it is written. An alias inside its
 * own anchor (a cycle) and an alias without an anchor are left as they are.
 */
import { visit, type Document } from 'yaml';

export function inlineAliases(tree: Document.Parsed): void {
  visit(tree, {
    Alias(_, alias, path) {
      const target = alias.resolve(tree);
      if (!target || path.includes(target)) return undefined;
      return target;
    },
  });
}
