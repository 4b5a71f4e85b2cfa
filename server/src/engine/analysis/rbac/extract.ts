/**
 * Turns the RBAC views of a document into policy data with source locations. The result is computed once per
 * document with offsets relative to it; `policyOfDocument` places it in a file at the document's offset.
 */
import type { ManifestDocument } from '../../model/document';
import { isRoleView, rbacObjects, RBAC_GROUP, type BindingView, type RoleView, type RuleView, type StringListField } from '../../model/views/rbac';
import type { Node } from 'yaml';
import { perDocument } from '../per-document';
import type { BindingData, PolicyRuleData, PolicySet, RoleData, SourceLocation } from '../../reference/policy-data';

/** The roles and bindings of a document with locations relative to it; the same object for the same document. */
export const relativePolicy: (document: ManifestDocument) => PolicySet = perDocument((document) => {
  const roles: RoleData[] = [];
  const bindings: BindingData[] = [];
  for (const view of rbacObjects(document)) {
    if (isRoleView(view)) roles.push(roleData(view));
    else {
      const binding = bindingData(view);
      if (binding) bindings.push(binding);
    }
  }
  return { roles, bindings };
});

/** What a document's policy says, without where it says it: equal keys mean equal answers from the authorizer. */
export const policyMeaning: (document: ManifestDocument) => string = perDocument((document) =>
  JSON.stringify(relativePolicy(document), (key, value: unknown) => (key === 'source' || key === 'roleRefNameSource' ? undefined : value)),
);

/** The roles and bindings a document defines, located in `file` with the document starting at `offset`. */
export function policyOfDocument(document: ManifestDocument, file: string, offset: number): PolicySet {
  const policy = relativePolicy(document);
  const place = (source: SourceLocation | undefined) => source && { file, start: source.start + offset, end: source.end + offset };
  return {
    roles: policy.roles.map((role) => ({ ...role, source: place(role.source), rules: role.rules.map((rule) => ({ ...rule, source: place(rule.source) })) })),
    bindings: policy.bindings.map((binding) => ({ ...binding, source: place(binding.source), roleRefNameSource: place(binding.roleRefNameSource) })),
  };
}

function at(node: Node): SourceLocation {
  const [start, end] = node.range ?? [0, 0];
  return { file: '', start, end };
}

function values(field: StringListField | undefined): string[] {
  return field?.items.map((item) => item.value) ?? [];
}

/** A rule of a role view as policy data, located relative to its document. */
export function ruleData(rule: RuleView): PolicyRuleData {
  return {
    verbs: values(rule.verbs),
    apiGroups: values(rule.apiGroups),
    resources: values(rule.resources),
    resourceNames: values(rule.resourceNames),
    nonResourceURLs: values(rule.nonResourceURLs),
    source: at(rule.node),
  };
}

function roleData(view: RoleView): RoleData {
  return {
    kind: view.kind,
    name: view.metadata.name?.value ?? '',
    ...(view.kind === 'Role' ? { namespace: view.metadata.namespace?.value || 'default' } : {}),
    labels: view.metadata.labels,
    rules: view.rules.map(ruleData),
    ...(view.aggregationSelectors ? { aggregationSelectors: view.aggregationSelectors } : {}),
    source: at(view.metadata.name?.node ?? view.kindNode),
  };
}

function bindingData(view: BindingView): BindingData | undefined {
  const roleRef = view.roleRef;
  if (!roleRef?.kind || !roleRef.name) return undefined;
  return {
    kind: view.kind,
    name: view.metadata.name?.value ?? '',
    ...(view.kind === 'RoleBinding' ? { namespace: view.metadata.namespace?.value || 'default' } : {}),
    // The API server fills in an empty apiGroup (roleRef, and User or Group subjects) with the RBAC group and drops empty strings.
    roleRef: { kind: roleRef.kind.value, name: roleRef.name.value, apiGroup: roleRef.apiGroup?.value || RBAC_GROUP },
    subjects: view.subjects.flatMap((subject) => {
      if (!subject.kind || !subject.name) return [];
      const apiGroup = subject.apiGroup?.value || (subject.kind.value === 'User' || subject.kind.value === 'Group' ? RBAC_GROUP : '');
      return [{ kind: subject.kind.value, name: subject.name.value, ...(subject.namespace?.value ? { namespace: subject.namespace.value } : {}), ...(apiGroup ? { apiGroup } : {}) }];
    }),
    source: at(view.metadata.name?.node ?? view.kindNode),
    roleRefNameSource: at(roleRef.name.node),
  };
}
