/**
 * A typed view of NetworkPolicy objects over the YAML tree, keeping the node of every value so that findings,
 * hovers and fixes can point at it. It records what is written, including the difference between a field that is
 * absent, an empty list and a list holding one empty item, since NetworkPolicy's meaning turns on it.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { perDocument } from '../../analysis/per-document';
import type { ManifestDocument } from '../document';
import { decodedString, findPair, labelSelectorData, stringValue, type StringValue } from '../nodes';

export const NETWORKING_API_VERSION = 'networking.k8s.io/v1';

export interface SelectorRequirementView {
  key: string;
  operator: string;
  values: string[];
  node: YAMLMap;
}

export interface LabelSelectorView {
  /** The map under `podSelector:` / `namespaceSelector:`; undefined when the value is empty (`podSelector:`). */
  node: YAMLMap | undefined;
  key: Scalar;
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirementView[];
  /** Selects everything: no labels and no expressions (`{}`, or nothing written). */
  empty: boolean;
}

export interface IpBlockView {
  node: YAMLMap;
  key: Scalar;
  cidr?: StringValue;
  except: StringValue[];
}

export interface PeerView {
  index: number;
  node: YAMLMap;
  podSelector?: LabelSelectorView;
  namespaceSelector?: LabelSelectorView;
  ipBlock?: IpBlockView;
}

export interface PortView {
  index: number;
  node: YAMLMap;
  protocol?: StringValue;
  /** A number or a named port, as written. */
  port?: Scalar;
  endPort?: Scalar;
}

export interface RuleView {
  index: number;
  node: YAMLMap;
  /** `from` for ingress rules, `to` for egress rules; undefined when the key is absent. */
  peers?: { key: Scalar; node: Node | null; items: PeerView[] };
  ports?: { key: Scalar; node: Node | null; items: PortView[] };
}

export interface DirectionView {
  key: Scalar;
  /** The sequence node; null when written with no value (`ingress:`). */
  node: YAMLSeq | null;
  rules: RuleView[];
}

export interface NetworkPolicyView {
  node: YAMLMap;
  kindNode: Scalar;
  name?: StringValue;
  namespace?: StringValue;
  spec?: YAMLMap;
  podSelector?: LabelSelectorView;
  policyTypes?: { key: Scalar; items: StringValue[] };
  ingress?: DirectionView;
  egress?: DirectionView;
}

/** The NetworkPolicy a document defines, if it defines one that parsed. */
export const networkPolicyOf: (document: ManifestDocument) => NetworkPolicyView | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || !document.decodable) return undefined;
  if (document.readAsApiVersion !== NETWORKING_API_VERSION || document.kind?.value !== 'NetworkPolicy') return undefined;
  const metadata = findPair(root, 'metadata')?.value;
  const specPair = findPair(root, 'spec');
  const spec = isMap(specPair?.value) ? specPair.value : undefined;
  return {
    node: root,
    kindNode: document.kind.node,
    name: isMap(metadata) ? stringValue(findPair(metadata, 'name')?.value) : undefined,
    namespace: isMap(metadata) ? stringValue(findPair(metadata, 'namespace')?.value) : undefined,
    spec,
    podSelector: spec ? selectorOf(findPair(spec, 'podSelector')) : undefined,
    policyTypes: spec ? policyTypesOf(findPair(spec, 'policyTypes')) : undefined,
    ingress: spec ? directionOf(findPair(spec, 'ingress'), 'from') : undefined,
    egress: spec ? directionOf(findPair(spec, 'egress'), 'to') : undefined,
  };
});

function keyOf(pair: Pair | undefined): Scalar | undefined {
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

export function selectorOf(pair: Pair | undefined): LabelSelectorView | undefined {
  const key = keyOf(pair);
  if (!pair || !key) return undefined;
  const node = isMap(pair.value) ? pair.value : undefined;
  const { matchLabels, matchExpressions: requirements } = labelSelectorData(node);
  const expressionNodes = node ? findPair(node, 'matchExpressions')?.value : undefined;
  const itemNodes = isSeq(expressionNodes) ? expressionNodes.items.filter(isMap) : [];
  const matchExpressions: SelectorRequirementView[] = requirements.map((requirement, index) => ({ ...requirement, node: itemNodes[index] }));
  return { node, key, matchLabels, matchExpressions, empty: Object.keys(matchLabels).length === 0 && matchExpressions.length === 0 };
}

function policyTypesOf(pair: Pair | undefined): NetworkPolicyView['policyTypes'] {
  const key = keyOf(pair);
  if (!pair || !key) return undefined;
  const items = isSeq(pair.value) ? pair.value.items.flatMap((item) => stringValue(item) ?? []) : [];
  return { key, items };
}

function directionOf(pair: Pair | undefined, peersKey: 'from' | 'to'): DirectionView | undefined {
  const key = keyOf(pair);
  if (!pair || !key) return undefined;
  const node = isSeq(pair.value) ? pair.value : null;
  const rules = (node?.items ?? []).flatMap((item, index) => (isMap(item) ? [ruleOf(item, index, peersKey)] : []));
  return { key, node, rules };
}

function ruleOf(node: YAMLMap, index: number, peersKey: 'from' | 'to'): RuleView {
  const peersPair = findPair(node, peersKey);
  const portsPair = findPair(node, 'ports');
  const peersKeyNode = keyOf(peersPair);
  const portsKeyNode = keyOf(portsPair);
  return {
    index,
    node,
    ...(peersPair && peersKeyNode
      ? { peers: { key: peersKeyNode, node: (peersPair.value as Node | null) ?? null, items: listOf(peersPair.value).map(peerOf) } }
      : {}),
    ...(portsPair && portsKeyNode
      ? { ports: { key: portsKeyNode, node: (portsPair.value as Node | null) ?? null, items: listOf(portsPair.value).map(portOf) } }
      : {}),
  };
}

function listOf(value: unknown): { node: YAMLMap; index: number }[] {
  if (!isSeq(value)) return [];
  return value.items.flatMap((item, index) => (isMap(item) ? [{ node: item, index }] : []));
}

function peerOf({ node, index }: { node: YAMLMap; index: number }): PeerView {
  const ipPair = findPair(node, 'ipBlock');
  const ipKey = keyOf(ipPair);
  const ipNode = isMap(ipPair?.value) ? ipPair.value : undefined;
  const except = ipNode ? findPair(ipNode, 'except')?.value : undefined;
  return {
    index,
    node,
    podSelector: selectorOf(findPair(node, 'podSelector')),
    namespaceSelector: selectorOf(findPair(node, 'namespaceSelector')),
    ...(ipNode && ipKey
      ? {
          ipBlock: {
            node: ipNode,
            key: ipKey,
            cidr: stringValue(findPair(ipNode, 'cidr')?.value),
            except: isSeq(except) ? except.items.flatMap((item) => decodedString(item) ?? []) : [],
          },
        }
      : {}),
  };
}

function portOf({ node, index }: { node: YAMLMap; index: number }): PortView {
  const port = findPair(node, 'port')?.value;
  const endPort = findPair(node, 'endPort')?.value;
  return {
    index,
    node,
    protocol: stringValue(findPair(node, 'protocol')?.value),
    ...(isScalar(port) ? { port } : {}),
    ...(isScalar(endPort) ? { endPort } : {}),
  };
}
