/**
 * RBAC objects as plain data: the form of the built-in bootstrap policy table, and the form the authorizer and the
 * workspace index work with. Each object and rule can carry where it was written, so answers can cite the
 * granting rule by file and line.
 */

/** A label selector as plain data (matchLabels and matchExpressions as written). */
export interface LabelSelectorData {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface SourceLocation {
  /** A path or URI, as the caller named the file. */
  file: string;
  /** Offsets into that file's text. */
  start: number;
  end: number;
}

export interface PolicyRuleData {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  source?: SourceLocation;
}

export interface RoleData {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Set for Roles; undefined for ClusterRoles. */
  namespace?: string;
  labels: Record<string, string>;
  rules: PolicyRuleData[];
  aggregationSelectors?: LabelSelectorData[];
  source?: SourceLocation;
  /** Part of the Kubernetes bootstrap policy rather than of the workspace. */
  builtIn?: boolean;
}

export interface SubjectData {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRefData {
  kind: string;
  name: string;
  apiGroup?: string;
}

export interface BindingData {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Set for RoleBindings; undefined for ClusterRoleBindings. */
  namespace?: string;
  roleRef: RoleRefData;
  subjects: SubjectData[];
  source?: SourceLocation;
  /** Where `roleRef.name` is written, for navigation and renames. */
  roleRefNameSource?: SourceLocation;
  builtIn?: boolean;
}

export interface PolicySet {
  roles: RoleData[];
  bindings: BindingData[];
}
