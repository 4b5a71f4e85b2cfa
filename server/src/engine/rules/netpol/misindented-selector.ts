/**
 * Flags `matchLabels` / `matchExpressions` written beside `podSelector` or `namespaceSelector` instead of under
 * it. The selector is then empty, and an empty selector matches everything: the peer admits every pod (of the
 * namespace, or of every namespace) and a policy-level selector picks every pod of the namespace. The stray key is
 * an unknown field, rejected with strict validation and dropped silently without it. The quick fix indents it.
 */
import { isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { nestUnderEmptySibling } from '../../edits';
import { keyName } from '../../model/nodes';
import { networkPolicyOf } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

const STRAY_KEYS = ['matchLabels', 'matchExpressions'];

export default defineRule({
  id: 'netpol/misindented-selector',
  meta: {
    summary: 'matchLabels or matchExpressions sits beside a selector instead of under it.',
    why: 'A label query written next to podSelector or namespaceSelector is not part of the selector, which stays empty and so matches every pod or namespace; the stray field is rejected by strict validation and dropped silently without it.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      peer: '"{field}" sits beside {selector} instead of under it, so {selector} is empty: this peer now allows {scope}.',
      peerRejected: '"{field}" sits beside {selector} instead of under it, so {selector} is empty and the peer is not one the API server accepts: it rejects the policy.',
      spec: '"{field}" sits beside podSelector instead of under it, so podSelector is empty: this policy now selects every pod in the namespace.',
      indent: 'Move "{field}" under {selector}',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    if (!policy?.spec) return;
    const text = doc.text;
    for (const stray of strayPairs(policy.spec, ['podSelector'])) {
      const field = keyName(stray.pair)!;
      context.report({
        at: stray.pair.key as Scalar,
        messageId: 'spec',
        data: { field },
        fixes: fixFor(text, stray.selector, stray.pair, field, 'podSelector'),
      });
    }
    for (const direction of [policy.ingress, policy.egress]) {
      for (const rule of direction?.rules ?? []) {
        for (const peer of rule.peers?.items ?? []) {
          for (const stray of strayPairs(peer.node, ['podSelector', 'namespaceSelector'])) {
            const field = keyName(stray.pair)!;
            const selector = keyName(stray.selector)!;
            const other = selector === 'podSelector' ? peer.namespaceSelector : peer.podSelector;
            const scope = peerScope(selector, isNullSelector(stray.selector), other?.node ? other : undefined, !!peer.ipBlock);
            if (!scope) {
              context.report({ at: stray.pair.key as Scalar, messageId: 'peerRejected', data: { field, selector }, fixes: fixFor(text, stray.selector, stray.pair, field, selector) });
              continue;
            }
            context.report({
              at: stray.pair.key as Scalar,
              messageId: 'peer',
              data: { field, selector, scope },
              fixes: fixFor(text, stray.selector, stray.pair, field, selector),
            });
          }
        }
      }
    }
  },
});

/**
 * The stray label queries of a map, each with the empty selector it was meant for: when a map holds both
 * selectors, the empty one, or else the nearest one written above the stray key.
 */
function strayPairs(map: YAMLMap, selectorKeys: readonly string[]): { pair: Pair; selector: Pair }[] {
  const selectors = map.items.filter((pair) => selectorKeys.includes(keyName(pair) ?? '') && isEmptySelector(pair));
  if (selectors.length === 0) return [];
  const result: { pair: Pair; selector: Pair }[] = [];
  for (const pair of map.items) {
    const name = keyName(pair);
    if (!name || !STRAY_KEYS.includes(name) || !isScalar(pair.key)) continue;
    let selector = selectors[0];
    if (selectors.length > 1) {
      const index = map.items.indexOf(pair);
      const above = selectors.filter((candidate) => map.items.indexOf(candidate) < index);
      selector = above[above.length - 1] ?? selectors[0];
    }
    // Two stray keys of the same name cannot both move under one selector; one is enough to explain.
    if (result.some((other) => keyName(other.pair) === name)) continue;
    result.push({ pair, selector });
  }
  return result;
}

/**
 * What a peer allows once the stray key is dropped, as the API server stores it: a null selector is absent, `{}`
 * matches everything. Undefined when what is left is a peer the API server rejects: nothing at all, or an ipBlock
 * beside a selector.
 */
function peerScope(selector: string, selectorNull: boolean, other: { empty: boolean } | undefined, ipBlock: boolean): string | undefined {
  const selectors = { [selector]: selectorNull ? undefined : { empty: true }, [selector === 'podSelector' ? 'namespaceSelector' : 'podSelector']: other };
  const pods = selectors.podSelector;
  const namespaces = selectors.namespaceSelector;
  if (ipBlock ? pods || namespaces : !pods && !namespaces) return undefined;
  if (ipBlock) return 'only its address block';
  const podWords = pods?.empty === false ? 'the pods its podSelector matches' : 'every pod';
  if (!namespaces) return `${podWords} in the policy's namespace`;
  return `${podWords} in ${namespaces.empty ? 'every namespace' : 'the namespaces its namespaceSelector matches'}`;
}

function isNullSelector(pair: Pair): boolean {
  const value = pair.value;
  return value === null || value === undefined || (isScalar(value) && value.value === null);
}

function isEmptySelector(pair: Pair): boolean {
  const value = pair.value;
  if (value === null || value === undefined) return true;
  if (isScalar(value)) return value.value === null;
  return isMap(value) && value.items.length === 0;
}

function fixFor(text: string, selector: Pair, stray: Pair, field: string, selectorName: string) {
  const edit = nestUnderEmptySibling(text, selector, stray);
  return edit ? [{ messageId: 'indent' as const, data: { field, selector: selectorName }, edits: [edit] }] : [];
}
