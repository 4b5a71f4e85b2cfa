/**
 * The Kubernetes RBAC authorizer over a policy set, answering the questions the editor and the command line ask:
 * may this user do this (and which rules say so), who may do this, and what may this user do. It follows the
 * upstream authorizer's semantics exactly: ClusterRoleBindings apply everywhere, RoleBindings only to requests in
 * their own namespace, non-resource URLs only through ClusterRoleBindings, and unresolvable references grant nothing.
 * Aggregated ClusterRoles get the rules kube-controller-manager would compute for them.
 * The policy can be large (a workspace of thousands of roles), so bindings are indexed by subject up front.
 */
import { selectorMatches } from '../label-selector';
import { ruleAllowsNonResource, ruleAllowsResource } from './matching';
import type { BindingData, PolicyRuleData, PolicySet, RoleData, SubjectData } from '../../reference/policy-data';
import { NODE_USER_PREFIX, NODES_GROUP } from '../../reference/system-identities';

export interface UserInfo {
  name: string;
  groups: string[];
}

const ANONYMOUS = 'system:anonymous';
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/**
 * The user the authentication layer would present for `name`: RBAC sees the groups it adds implicitly
 * (authenticated or not, service accounts, nodes), and default bindings are written against those groups.
 */
export function userFromName(name: string, extraGroups: string[] = []): UserInfo {
  const groups = [...extraGroups];
  if (name === ANONYMOUS) {
    groups.push('system:unauthenticated');
  } else {
    groups.push('system:authenticated');
    const parts = name.startsWith(SERVICE_ACCOUNT_PREFIX) ? name.slice(SERVICE_ACCOUNT_PREFIX.length).split(':') : [];
    if (parts.length === 2 && parts[0] && parts[1]) groups.push('system:serviceaccounts', `system:serviceaccounts:${parts[0]}`);
    else if (name.startsWith(NODE_USER_PREFIX) && name.length > NODE_USER_PREFIX.length) groups.push(NODES_GROUP);
  }
  return { name, groups: [...new Set(groups)] };
}

export interface ResourceAccessRequest {
  kind: 'resource';
  user: UserInfo;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
}

export interface NonResourceAccessRequest {
  kind: 'nonResource';
  user: UserInfo;
  verb: string;
  path: string;
}

export type AccessRequest = ResourceAccessRequest | NonResourceAccessRequest;

/** One rule that allows a request, with the binding and role it is reached through. */
export interface Grant {
  binding: BindingData;
  role: RoleData;
  rule: PolicyRuleData;
  /** Position of `rule` in `effectiveRules(role)`. */
  ruleIndex: number;
}

export interface Decision {
  allowed: boolean;
  /** Every granting rule, in the order the authorizer visits them; the first is the one Kubernetes stops at. */
  grants: Grant[];
}

export type WhoCanQuery =
  | { verb: string; apiGroup: string; resource: string; subresource?: string; name?: string; namespace?: string }
  | { verb: string; path: string };

export interface WhoCanEntry extends Grant {
  /** The binding's subject; a ServiceAccount's namespace is filled in when the binding implied it. */
  subject: SubjectData;
}

export interface AccessEntry extends Grant {
  /** The namespace the rule applies in; undefined when it applies cluster-wide (and in every namespace). */
  namespace?: string;
}

interface IndexedBinding {
  binding: BindingData;
  order: number;
}

/** Bindings by the user name or group a subject stands for, so a request visits only the bindings naming its user. */
class SubjectIndex {
  private readonly byUser = new Map<string, IndexedBinding[]>();
  private readonly byGroup = new Map<string, IndexedBinding[]>();

  add(entry: IndexedBinding): void {
    for (const subject of entry.binding.subjects) {
      if (subject.kind === 'Group') push(this.byGroup, subject.name, entry);
      else {
        const user = subjectUserName(subject, entry.binding);
        if (user !== undefined) push(this.byUser, user, entry);
      }
    }
  }

  /** The bindings with a subject matching `user`, in visiting order. */
  bindingsFor(user: UserInfo): BindingData[] {
    const found = new Set<IndexedBinding>(this.byUser.get(user.name));
    for (const group of user.groups) for (const entry of this.byGroup.get(group) ?? []) found.add(entry);
    return [...found].sort((a, b) => a.order - b.order).map((entry) => entry.binding);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/**
 * The user name a User or ServiceAccount subject matches. A ServiceAccount without a namespace takes the
 * RoleBinding's; in a ClusterRoleBinding it has none to take and matches nobody. Other kinds match no user name.
 */
function subjectUserName(subject: SubjectData, binding: BindingData): string | undefined {
  if (subject.kind === 'User') return subject.name;
  if (subject.kind !== 'ServiceAccount') return undefined;
  const namespace = subject.namespace || (binding.kind === 'RoleBinding' ? binding.namespace : undefined);
  return namespace ? `${SERVICE_ACCOUNT_PREFIX}${namespace}:${subject.name}` : undefined;
}

/** The subject as it applies: undefined when it can match nobody. */
export function effectiveSubject(subject: SubjectData, binding: BindingData): SubjectData | undefined {
  if (subject.kind === 'User' || subject.kind === 'Group') return subject;
  if (subject.kind !== 'ServiceAccount' || subjectUserName(subject, binding) === undefined) return undefined;
  return subject.namespace ? subject : { ...subject, namespace: binding.namespace };
}

/**
 * The namespace the API server attributes to a request. The Namespace object's own path (`/api/v1/namespaces/x`)
 * carries `x` as its namespace, which is why a RoleBinding in `x` can grant access to the namespace `x` itself.
 * A list or watch names an object only through a field selector, which sets no namespace.
 */
export function requestNamespace(request: Extract<WhoCanQuery, { resource: string }>): string {
  if (request.apiGroup === '' && request.resource === 'namespaces' && request.name && request.verb !== 'list' && request.verb !== 'watch') {
    return request.name;
  }
  return request.namespace ?? '';
}

type RuleTest = (rule: PolicyRuleData) => boolean;

/** How to test rules for a query, and whether RoleBindings of a namespace take part. */
function ruleTest(query: WhoCanQuery): { test: RuleTest; namespace: string } {
  if ('path' in query) return { test: (rule) => ruleAllowsNonResource(rule, query.verb, query.path), namespace: '' };
  const attributes = {
    verb: query.verb,
    apiGroup: query.apiGroup,
    resource: query.subresource ? `${query.resource}/${query.subresource}` : query.resource,
    name: query.name,
  };
  return { test: (rule) => ruleAllowsResource(rule, attributes), namespace: requestNamespace(query) };
}

function objectKey(kind: string, name: string, namespace: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function roleKey(role: RoleData): string {
  return objectKey(role.kind, role.name, role.kind === 'Role' ? role.namespace : undefined);
}

/** Keeps one object per kind, namespace and name: a workspace object replaces a built-in one, otherwise the first wins. */
function distinct<T extends RoleData | BindingData>(objects: T[]): T[] {
  const winners = new Map<string, T>();
  for (const object of objects) {
    const key = objectKey(object.kind, object.name, object.namespace);
    const current = winners.get(key);
    if (!current || (current.builtIn && !object.builtIn)) winners.set(key, object);
  }
  const kept = new Set(winners.values());
  return objects.filter((object) => kept.has(object));
}

export class Authorizer {
  private readonly roles = new Map<string, RoleData>();
  private readonly clusterRoleBindings: BindingData[] = [];
  private readonly roleBindingsByNamespace = new Map<string, BindingData[]>();
  private readonly clusterSubjects = new SubjectIndex();
  private readonly namespaceSubjects = new Map<string, SubjectIndex>();
  private readonly allRoleBindingSubjects = new SubjectIndex();
  private readonly aggregated = new Map<RoleData, PolicyRuleData[]>();
  private readonly aggregationSources = new Map<RoleData, RoleData[]>();
  private readonly ruleOwners = new Map<PolicyRuleData, RoleData>();
  private readonly bindingsByRole = new Map<string, BindingData[]>();

  constructor(policy: PolicySet) {
    const roles = distinct(policy.roles);
    for (const role of roles) {
      this.roles.set(roleKey(role), role);
      for (const rule of role.rules) this.ruleOwners.set(rule, role);
    }
    this.aggregate(roles.filter((role) => role.kind === 'ClusterRole'));
    distinct(policy.bindings).forEach((binding, order) => {
      const entry = { binding, order };
      if (binding.kind === 'ClusterRoleBinding') {
        this.clusterRoleBindings.push(binding);
        this.clusterSubjects.add(entry);
      } else {
        const namespace = binding.namespace ?? '';
        push(this.roleBindingsByNamespace, namespace, binding);
        let index = this.namespaceSubjects.get(namespace);
        if (!index) this.namespaceSubjects.set(namespace, (index = new SubjectIndex()));
        index.add(entry);
        this.allRoleBindingSubjects.add(entry);
      }
      const role = this.roleOf(binding);
      if (role) push(this.bindingsByRole, roleKey(role), binding);
    });
  }

  /** Every rule that allows the request; allowed when there is at least one. */
  authorize(request: AccessRequest): Decision {
    const { test, namespace } = ruleTest(request);
    const grants: Grant[] = [];
    const visit = (binding: BindingData) => {
      const role = this.roleOf(binding);
      if (!role) return;
      this.effectiveRules(role).forEach((rule, ruleIndex) => {
        if (test(rule)) grants.push({ binding, role, rule, ruleIndex });
      });
    };
    this.clusterSubjects.bindingsFor(request.user).forEach(visit);
    if (namespace) this.namespaceSubjects.get(namespace)?.bindingsFor(request.user).forEach(visit);
    return { allowed: grants.length > 0, grants };
  }

  /** Every subject that may make the request, once per granting rule, in visiting order. Groups count as subjects. */
  whoCan(query: WhoCanQuery): WhoCanEntry[] {
    const { test, namespace } = ruleTest(query);
    const bindings = namespace ? [...this.clusterRoleBindings, ...(this.roleBindingsByNamespace.get(namespace) ?? [])] : this.clusterRoleBindings;
    const granting = new Map<RoleData, { rule: PolicyRuleData; ruleIndex: number }[]>();
    const entries: WhoCanEntry[] = [];
    for (const binding of bindings) {
      const role = this.roleOf(binding);
      if (!role) continue;
      let rules = granting.get(role);
      if (!rules) {
        rules = this.effectiveRules(role).flatMap((rule, ruleIndex) => (test(rule) ? [{ rule, ruleIndex }] : []));
        granting.set(role, rules);
      }
      if (rules.length === 0) continue;
      for (const written of binding.subjects) {
        const subject = effectiveSubject(written, binding);
        if (subject) for (const { rule, ruleIndex } of rules) entries.push({ subject, binding, role, rule, ruleIndex });
      }
    }
    return entries;
  }

  /**
   * Everything `user` may do: each rule reachable through a binding naming the user, with where it applies.
   * Rules without resources are left out of RoleBindings: non-resource URLs are never granted in a namespace.
   */
  accessOf(user: UserInfo): AccessEntry[] {
    const entries: AccessEntry[] = [];
    for (const binding of this.bindingsFor(user)) {
      const role = this.roleOf(binding);
      if (!role) continue;
      const namespace = binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : undefined;
      this.effectiveRules(role).forEach((rule, ruleIndex) => {
        if (namespace !== undefined && rule.resources.length === 0) return;
        entries.push({ binding, role, rule, ruleIndex, ...(namespace !== undefined ? { namespace } : {}) });
      });
    }
    return entries;
  }

  /** Every binding in force: ClusterRoleBindings first, then RoleBindings namespace by namespace. */
  bindings(): BindingData[] {
    return [...this.clusterRoleBindings, ...[...this.roleBindingsByNamespace.values()].flat()];
  }

  /** The bindings with a subject matching `user`: ClusterRoleBindings first, then RoleBindings of every namespace. */
  bindingsFor(user: UserInfo): BindingData[] {
    return [...this.clusterSubjects.bindingsFor(user), ...this.allRoleBindingSubjects.bindingsFor(user)];
  }

  /** A Role in `namespace`, or a ClusterRole (the namespace is then ignored). */
  findRole(kind: string, name: string, namespace?: string): RoleData | undefined {
    return this.roles.get(objectKey(kind, name, kind === 'Role' ? namespace : undefined));
  }

  /** The bindings whose roleRef resolves to `role`. */
  bindingsTo(role: RoleData): BindingData[] {
    return this.bindingsByRole.get(roleKey(role)) ?? [];
  }

  /** The rules a role really has: for an aggregated ClusterRole, those of the roles it selects, not the written ones. */
  effectiveRules(role: RoleData): PolicyRuleData[] {
    return this.aggregated.get(role) ?? role.rules;
  }

  /** The ClusterRoles whose labels an aggregated ClusterRole selects directly, by name; empty for other roles. */
  aggregatedFrom(role: RoleData): RoleData[] {
    return this.aggregationSources.get(role) ?? [];
  }

  /** The role whose manifest a rule is written in, which differs from the granting role for aggregated rules. */
  definingRole(rule: PolicyRuleData): RoleData | undefined {
    return this.ruleOwners.get(rule);
  }

  /** A RoleBinding's Role lives in the binding's namespace; a ClusterRoleBinding cannot use a Role at all. */
  roleOf(binding: BindingData): RoleData | undefined {
    const { kind, name } = binding.roleRef;
    if (kind === 'ClusterRole') return this.findRole(kind, name);
    if (kind === 'Role' && binding.kind === 'RoleBinding') return this.findRole(kind, name, binding.namespace);
    return undefined;
  }

  /**
   * Computes aggregated rules as the controller does (selected roles in name order, itself skipped, deep-equal rules
   * once), repeated until nothing grows, so chains like view -> edit -> admin and user roles feeding any of them resolve.
   * Aggregated roles start with no rules and only gain, so this terminates when aggregated roles select each other.
   * Such a cycle then holds only rules of non-aggregated roles; a cluster may also keep rules written in its members,
   * depending on the order the controller happens to process them, which no static answer can reproduce.
   */
  private aggregate(clusterRoles: RoleData[]): void {
    const byName = [...clusterRoles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const aggregating = byName.filter((role) => role.aggregationSelectors !== undefined);
    for (const role of aggregating) {
      const selectors = role.aggregationSelectors ?? [];
      const sources = byName.filter((candidate) => candidate !== role && selectors.some((selector) => selectorMatches(selector, candidate.labels)));
      this.aggregationSources.set(role, sources);
      this.aggregated.set(role, []);
    }
    for (let grew = true; grew; ) {
      grew = false;
      for (const role of aggregating) {
        const seen = new Set<string>();
        const rules = (this.aggregationSources.get(role) ?? []).flatMap((source) => this.effectiveRules(source)).filter((rule) => {
          const key = JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
          return !seen.has(key) && seen.add(key);
        });
        if (rules.length !== this.aggregated.get(role)?.length) grew = true;
        this.aggregated.set(role, rules);
      }
    }
  }
}

