/**
 * A typed view of a kubeconfig file (`kind: Config`) over the YAML tree, keeping the node of every value so that
 * findings and fixes can point at it. Lists are read as written, duplicates included, since kubectl refuses a file
 * whose clusters, users or contexts repeat a name.
 */
import { isMap, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { perDocument } from '../../analysis/per-document';
import type { ManifestDocument } from '../document';
import { fieldOf, stringField, stringValue, type StringValue } from '../nodes';

/** One entry of `clusters`, `users` or `contexts`: a name and the map under `cluster:`, `user:` or `context:`. */
export interface NamedEntryView {
  index: number;
  node: YAMLMap;
  name?: StringValue;
  /** The map under the entry's body key; undefined when it is missing or not a map. */
  body?: YAMLMap;
}

export interface NamedListView {
  key: Scalar;
  /** The sequence; null when the list is written empty (`users:` or `users: null`). */
  node: YAMLSeq | null;
  items: NamedEntryView[];
}

export interface KubeconfigView {
  node: YAMLMap;
  clusters?: NamedListView;
  users?: NamedListView;
  contexts?: NamedListView;
  currentContext?: { key: Scalar; value?: StringValue };
}

/** The kubeconfig a document holds, when it is one and parsed. */
export const kubeconfigOf: (document: ManifestDocument) => KubeconfigView | undefined = perDocument((document) => {
  const root = document.root;
  if (document.category !== 'kubeconfig' || !isMap(root) || !document.decodable) return undefined;
  const current = fieldOf(root, 'current-context');
  return {
    node: root,
    clusters: listOf(root, 'clusters', 'cluster'),
    users: listOf(root, 'users', 'user'),
    contexts: listOf(root, 'contexts', 'context'),
    ...(current ? { currentContext: { key: current.key, value: stringValue(current.value) } } : {}),
  };
});

function listOf(root: YAMLMap, key: string, bodyKey: string): NamedListView | undefined {
  const field = fieldOf(root, key);
  if (!field) return undefined;
  const node = isSeq(field.value) ? field.value : null;
  const items = (node?.items ?? []).flatMap((item, index) => {
    if (!isMap(item)) return [];
    const body = fieldOf(item, bodyKey)?.value;
    return [{ index, node: item, name: stringField(item, 'name'), ...(isMap(body) ? { body } : {}) }];
  });
  return { key: field.key, node, items };
}

/** Every user entry with its body, for rules that look at credentials. */
export function usersOf(view: KubeconfigView): (NamedEntryView & { body: YAMLMap })[] {
  return (view.users?.items ?? []).filter((item): item is NamedEntryView & { body: YAMLMap } => item.body !== undefined);
}

/** Every cluster entry with its body. */
export function clustersOf(view: KubeconfigView): (NamedEntryView & { body: YAMLMap })[] {
  return (view.clusters?.items ?? []).filter((item): item is NamedEntryView & { body: YAMLMap } => item.body !== undefined);
}
