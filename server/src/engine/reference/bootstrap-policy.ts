/**
 * The roles and bindings every Kubernetes 1.36 cluster starts with (the RBAC bootstrap policy), as policy data.
 * Workspace bindings often lean on them (`view`, `edit`, `admin`, the `system:` roles), and effective access is only
 * right with the default bindings counted (cluster-admin for system:masters, discovery for every user).
 */
import type { BindingData, LabelSelectorData, PolicyRuleData, PolicySet, RoleData, SubjectData } from './policy-data';
import data from './bootstrap-policy.json';

/** The generated file leaves empty rule fields out to stay small. */
type StoredRule = Partial<Omit<PolicyRuleData, 'source'>>;

interface StoredPolicy {
  roles: {
    kind: 'Role' | 'ClusterRole';
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    rules: StoredRule[];
    aggregationSelectors?: LabelSelectorData[];
  }[];
  bindings: {
    kind: 'RoleBinding' | 'ClusterRoleBinding';
    name: string;
    namespace?: string;
    roleRef: { kind: string; name: string; apiGroup?: string };
    subjects: SubjectData[];
  }[];
}

let policy: PolicySet | undefined;

/** The bootstrap policy, built once and shared: callers must not modify it. */
export function builtInPolicy(): PolicySet {
  // TypeScript types the JSON literal by literal, optional labels included; the generator guarantees this shape.
  policy ??= build(data as unknown as StoredPolicy);
  return policy;
}

function build(stored: StoredPolicy): PolicySet {
  const roles: RoleData[] = stored.roles.map((role) => ({ ...role, rules: role.rules.map(rule), builtIn: true }));
  const bindings: BindingData[] = stored.bindings.map((binding) => ({ ...binding, builtIn: true }));
  return { roles, bindings };
}

function rule(stored: StoredRule): PolicyRuleData {
  return {
    verbs: stored.verbs ?? [],
    apiGroups: stored.apiGroups ?? [],
    resources: stored.resources ?? [],
    resourceNames: stored.resourceNames ?? [],
    nonResourceURLs: stored.nonResourceURLs ?? [],
  };
}
