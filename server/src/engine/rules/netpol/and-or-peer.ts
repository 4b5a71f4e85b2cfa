/**
 * Explains the one piece of NetworkPolicy YAML most often read wrong: a peer holding both podSelector and
 * namespaceSelector means "these pods in those namespaces" (AND), while the same two selectors written as two
 * list items mean "these pods here, or any pod there" (OR). One dash decides, and nothing else in the text shows it.
 * The code actions turn one form into the other.
 */
import type { Scalar, YAMLMap } from 'yaml';
import { lineStart } from '../../edits';
import type { TextEdit } from '../../fix';
import { keyName } from '../../model/nodes';
import { networkPolicyOf, type LabelSelectorView, type PeerView } from '../../model/views/netpol';
import { describeSelector } from '../../analysis/netpol/explain';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'netpol/and-or-peer',
  meta: {
    summary: 'Explains whether podSelector and namespaceSelector combine with AND or OR.',
    why: 'podSelector and namespaceSelector in the same peer must both match, while the same selectors as two list items each admit traffic on their own; the difference is one dash, and reading it wrong opens or closes far more than intended.',
    severity: 'information',
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      and: 'This peer admits {pods} in {namespaces} (both must match).',
      nullSelector: '{selector} has no value, so the API server drops it: this peer admits {scope}. Write {selector}: {} to mean every {noun}.',
      or: 'These two peers are alternatives: {first}, or {second} (either one is enough).',
      split: 'Split into two peers (OR)',
      merge: 'Merge into one peer (AND)',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    if (!policy) return;
    const text = doc.text;
    for (const direction of [policy.ingress, policy.egress]) {
      for (const rule of direction?.rules ?? []) {
        const peers = rule.peers?.items ?? [];
        for (const peer of peers) {
          if (!peer.podSelector || !peer.namespaceSelector || peer.ipBlock) continue;
          // A selector written with no value is absent once stored: the peer is then the other selector alone.
          const nullSelector = !peer.namespaceSelector.node ? peer.namespaceSelector : !peer.podSelector.node ? peer.podSelector : undefined;
          if (nullSelector) {
            const other = nullSelector === peer.namespaceSelector ? peer.podSelector : peer.namespaceSelector;
            if (!other.node) continue;
            const podsOnly = nullSelector === peer.namespaceSelector;
            context.report({
              at: nullSelector.key,
              messageId: 'nullSelector',
              data: {
                selector: podsOnly ? 'namespaceSelector' : 'podSelector',
                noun: podsOnly ? 'namespace' : 'pod',
                scope: podsOnly ? `${describe(other, 'pod')} in the policy's namespace only` : describe(other, 'pod', true),
              },
            });
            continue;
          }
          const first = [peer.podSelector, peer.namespaceSelector].sort((a, b) => a.key.range![0] - b.key.range![0])[0];
          const edits = splitEdits(text, peer);
          context.report({
            at: first.key,
            messageId: 'and',
            data: { pods: describe(peer.podSelector, 'pod'), namespaces: describe(peer.namespaceSelector, 'namespace') },
            fixes: edits ? [{ messageId: 'split', edits }] : [],
          });
        }
        for (let index = 0; index + 1 < peers.length; index++) {
          const [a, b] = [peers[index], peers[index + 1]];
          if (b.index !== a.index + 1 || !single(a) || !single(b) || kindOf(a) === kindOf(b)) continue;
          const edits = mergeEdits(text, a, b);
          context.report({
            at: (a.podSelector ?? a.namespaceSelector)!.key,
            messageId: 'or',
            data: { first: describeAlone(a), second: describeAlone(b) },
            fixes: edits ? [{ messageId: 'merge', edits }] : [],
          });
          index++; // A peer takes part in one pair only, so that merging every pair stays valid.
        }
      }
    }
  },
});

function single(peer: PeerView): boolean {
  return peer.node.items.length === 1 && !peer.ipBlock && (peer.podSelector !== undefined) !== (peer.namespaceSelector !== undefined);
}

function kindOf(peer: PeerView): string {
  return peer.podSelector ? 'pod' : 'namespace';
}

function describeAlone(peer: PeerView): string {
  return peer.podSelector
    ? `${describe(peer.podSelector, 'pod')} in the policy's namespace`
    : `${describe(peer.namespaceSelector!, 'pod', true)}`;
}

/** "pods with app=web", "every namespace"; with `anyPodIn`, "every pod in namespaces with team=a". */
function describe(selector: LabelSelectorView, noun: 'pod' | 'namespace', anyPodIn = false): string {
  if (anyPodIn) return selector.empty ? 'every pod in every namespace' : `every pod in namespaces with ${describeSelector(selector)}`;
  return selector.empty ? `every ${noun}` : `${noun}s with ${describeSelector(selector)}`;
}

/** The dash and spacing before a block-sequence item that starts its line, or undefined. */
function dashPrefix(text: string, item: YAMLMap): RegExpExecArray | null {
  const start = item.range?.[0] ?? 0;
  return /^([ ]*)-([ ]+)$/.exec(text.slice(lineStart(text, start), start));
}

/**
 * Splitting a block-style peer of exactly two selectors: the second selector's line gets a dash of its own, which
 * makes it (and what is indented under it) a new item of the list.
 */
function splitEdits(text: string, peer: PeerView): TextEdit[] | undefined {
  const node = peer.node;
  if (node.flow || node.items.length !== 2) return undefined;
  const prefix = dashPrefix(text, node);
  if (!prefix || prefix[2].length !== 1) return undefined;
  const second = node.items[1];
  const key = second.key as Scalar;
  const start = key.range![0];
  const column = start - lineStart(text, start);
  const firstKey = node.items[0].key as Scalar;
  if (firstKey.range![0] - lineStart(text, firstKey.range![0]) !== column || column < 2) return undefined;
  if (!/^[ ]*$/.test(text.slice(lineStart(text, start), start))) return undefined;
  return [{ start: start - 2, end: start, newText: '- ' }];
}

/** Merging two block-style single-selector peers: the second one's dash becomes a space, joining it to the first. */
function mergeEdits(text: string, a: PeerView, b: PeerView): TextEdit[] | undefined {
  if (a.node.flow || b.node.flow) return undefined;
  const prefixA = dashPrefix(text, a.node);
  const prefixB = dashPrefix(text, b.node);
  if (!prefixA || !prefixB || prefixA[0] !== prefixB[0]) return undefined;
  if (keyName(a.node.items[0]) === keyName(b.node.items[0])) return undefined;
  const dash = b.node.range![0] - prefixB[2].length - 1;
  return [{ start: dash, end: dash + 1, newText: ' ' }];
}
