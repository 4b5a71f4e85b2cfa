/**
 * Typed views of RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding) over the YAML tree, keeping the
 * node of every value so findings, hovers and fixes can point at it. Objects inside `kind: List` and `<Kind>List`
 * documents are read too, since published policies (the bootstrap policy among them) come that way.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { perDocument } from '../../analysis/per-document';
import type { ManifestDocument } from '../document';
import { decodedString, decodedStringMap, findPair, labelSelectorData, stringValue, type StringValue } from '../nodes';
import type { LabelSelectorData } from '../../reference/policy-data';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_API_VERSION = `${RBAC_GROUP}/v1`;

/** A field holding a list of strings. `items` is undefined when the field is absent or not a list of strings. */
export interface StringListField {
  key: Scalar;
  node: Node;
  items: StringValue[];
}

export interface RuleView {
  index: number;
  node: YAMLMap;
  apiGroups?: StringListField;
  resources?: StringListField;
  verbs?: StringListField;
  resourceNames?: StringListField;
  nonResourceURLs?: StringListField;
}

export interface ObjectMetaView {
  name?: StringValue;
  namespace?: StringValue;
  labels: Record<string, string>;
}

export interface RoleView {
  kind: 'Role' | 'ClusterRole';
  node: YAMLMap;
  kindNode: Scalar;
  metadata: ObjectMetaView;
  rules: RuleView[];
  /** matchLabels/matchExpressions selectors of an aggregated ClusterRole, as plain data. */
  aggregationSelectors?: LabelSelectorData[];
}

export interface RoleRefView {
  node: YAMLMap;
  key: Scalar;
  apiGroup?: StringValue;
  kind?: StringValue;
  name?: StringValue;
}

export interface SubjectView {
  index: number;
  node: YAMLMap;
  kind?: StringValue;
  name?: StringValue;
  namespace?: StringValue;
  apiGroup?: StringValue;
}

export interface BindingView {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  node: YAMLMap;
  kindNode: Scalar;
  metadata: ObjectMetaView;
  roleRef?: RoleRefView;
  subjects: SubjectView[];
}

export type RbacObjectView = RoleView | BindingView;

export function isRoleView(view: RbacObjectView): view is RoleView {
  return view.kind === 'Role' || view.kind === 'ClusterRole';
}

/** The RBAC object of a document (a List's items are documents of their own, see list-items.ts). */
export const rbacObjects: (document: ManifestDocument) => RbacObjectView[] = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || document.category !== 'kubernetes' || !document.decodable) return [];
  return viewOf(root, document.readAsApiVersion);
});

function viewOf(map: YAMLMap, apiVersion: string | undefined): RbacObjectView[] {
  if (apiVersion !== RBAC_API_VERSION) return [];
  const kindNode = findPair(map, 'kind')?.value;
  if (!isScalar(kindNode)) return [];
  const metadata = metadataOf(map);
  switch (kindNode.value) {
    case 'Role':
    case 'ClusterRole':
      return [{ kind: kindNode.value, node: map, kindNode, metadata, rules: rulesOf(map), aggregationSelectors: aggregationOf(map) }];
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return [{ kind: kindNode.value, node: map, kindNode, metadata, roleRef: roleRefOf(map), subjects: subjectsOf(map) }];
    default:
      return [];
  }
}

function field(map: YAMLMap, key: string): StringValue | undefined {
  return stringValue(findPair(map, key)?.value);
}

function listField(map: YAMLMap, key: string): StringListField | undefined {
  const pair: Pair | undefined = findPair(map, key);
  if (!pair || !isScalar(pair.key)) return undefined;
  const value = pair.value as Node | null;
  if (!isSeq(value)) return undefined;
  const items = value.items.flatMap((item) => decodedString(item) ?? []);
  return { key: pair.key, node: value, items };
}

function metadataOf(map: YAMLMap): ObjectMetaView {
  const metadata = findPair(map, 'metadata')?.value;
  if (!isMap(metadata)) return { labels: {} };
  return { name: field(metadata, 'name'), namespace: field(metadata, 'namespace'), labels: decodedStringMap(findPair(metadata, 'labels')?.value) };
}

function rulesOf(map: YAMLMap): RuleView[] {
  const rules = findPair(map, 'rules')?.value;
  if (!isSeq(rules)) return [];
  return rules.items.flatMap((item, index) =>
    isMap(item)
      ? [
          {
            index,
            node: item,
            apiGroups: listField(item, 'apiGroups'),
            resources: listField(item, 'resources'),
            verbs: listField(item, 'verbs'),
            resourceNames: listField(item, 'resourceNames'),
            nonResourceURLs: listField(item, 'nonResourceURLs'),
          },
        ]
      : [],
  );
}

function aggregationOf(map: YAMLMap): LabelSelectorData[] | undefined {
  const rule = findPair(map, 'aggregationRule')?.value;
  if (!isMap(rule)) return undefined;
  const selectors = findPair(rule, 'clusterRoleSelectors')?.value;
  if (!isSeq(selectors)) return [];
  return selectors.items.flatMap((selector) => (isMap(selector) ? [labelSelectorData(selector)] : []));
}

function roleRefOf(map: YAMLMap): RoleRefView | undefined {
  const pair = findPair(map, 'roleRef');
  if (!pair || !isScalar(pair.key) || !isMap(pair.value)) return undefined;
  const ref = pair.value;
  return { node: ref, key: pair.key, apiGroup: field(ref, 'apiGroup'), kind: field(ref, 'kind'), name: field(ref, 'name') };
}

function subjectsOf(map: YAMLMap): SubjectView[] {
  const subjects = findPair(map, 'subjects')?.value;
  if (!isSeq(subjects)) return [];
  return subjects.items.flatMap((item, index) =>
    isMap(item)
      ? [{ index, node: item, kind: field(item, 'kind'), name: field(item, 'name'), namespace: field(item, 'namespace'), apiGroup: field(item, 'apiGroup') }]
      : [],
  );
}
