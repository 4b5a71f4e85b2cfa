/**
 * A request asked of kube-apiserver's authorizers in the order of --authorization-mode, as its union authorizer
 * asks them: the first that allows or denies decides, and one with no opinion passes the request on. ABAC and
 * RBAC only ever allow; AlwaysAllow allows and AlwaysDeny denies everything that reaches them. The Node
 * authorizer and webhooks are not modelled: a request they would decide is answered as if they had no opinion,
 * which is what they answer for any user who is not a node (Node) and is unknown offline (Webhook). Before them all,
 * members of system:masters are allowed everything.
 */
import type { AccessEntry, AccessRequest, Authorizer, Decision, UserInfo, WhoCanEntry, WhoCanQuery } from '../rbac/authorizer';
import type { AbacLine } from './abac-file';
import { abacGrants, subjectMatches } from './abac-authorizer';
import type { AuthorizationChain } from './references';
import { MASTERS_GROUP } from '../../reference/system-identities';

export interface ChainDecision extends Decision {
  /** The ABAC lines that allow the request, when ABAC decided. */
  abacLines: AbacLine[];
  /** The authorizer that decided, or undefined when none had an opinion (denied). */
  decidedBy?: string;
  /** Authorizers asked before the decision whose answer is not modelled. */
  notModelled: string[];
}

const NOT_MODELLED = new Set(['Node', 'Webhook']);

export function authorizeThrough(chain: AuthorizationChain | undefined, rbac: Authorizer, request: AccessRequest): ChainDecision {
  const notModelled: string[] = [];
  // kube-apiserver allows system:masters before any authorizer of the mode list (RBAC alone says the same through
  // the built-in cluster-admin binding, and names it, so it answers when it is the only authorizer).
  if (chain && request.user.groups.includes(MASTERS_GROUP)) return { allowed: true, grants: [], abacLines: [], decidedBy: MASTERS_GROUP, notModelled };
  for (const mode of chain?.modes ?? ['RBAC']) {
    if (mode === 'RBAC') {
      const decision = rbac.authorize(request);
      if (decision.allowed) return { ...decision, abacLines: [], decidedBy: mode, notModelled };
    } else if (mode === 'ABAC') {
      const lines = abacGrants(chain?.abacLines ?? [], request);
      if (lines.length > 0) return { allowed: true, grants: [], abacLines: lines, decidedBy: mode, notModelled };
    } else if (mode === 'AlwaysAllow' || mode === 'AlwaysDeny') {
      return { allowed: mode === 'AlwaysAllow', grants: [], abacLines: [], decidedBy: mode, notModelled };
    } else if (NOT_MODELLED.has(mode)) notModelled.push(mode);
  }
  return { allowed: false, grants: [], abacLines: [], notModelled };
}

/** Whether the chain asks RBAC at all: without ABAC in the workspace it is the only authorizer modelled. */
export function asksRbac(chain: AuthorizationChain | undefined): boolean {
  return !chain || chain.modes.includes('RBAC');
}

/** The RBAC subjects that may make the request, when RBAC is among the authorizers. */
export function rbacWhoCan(chain: AuthorizationChain | undefined, rbac: Authorizer, query: WhoCanQuery): WhoCanEntry[] {
  return asksRbac(chain) ? rbac.whoCan(query) : [];
}

/** The ABAC lines that let someone make the request: every line whose verbs and target match, whoever it names. */
export function abacWhoCan(chain: AuthorizationChain | undefined, query: WhoCanQuery): AbacLine[] {
  if (!chain?.modes.includes('ABAC')) return [];
  // A user that every line's subject matches, so only the verb and the target decide.
  return chain.abacLines.filter((line) => {
    const user: UserInfo = { name: line.policy.user || 'any', groups: line.policy.group ? [line.policy.group] : [] };
    const request: AccessRequest = 'path' in query
      ? { kind: 'nonResource', user, verb: query.verb, path: query.path }
      : { kind: 'resource', user, ...query };
    return abacGrants([line], request).length > 0;
  });
}

/** The RBAC rules a user gets, when RBAC is among the authorizers. */
export function rbacAccessOf(chain: AuthorizationChain | undefined, rbac: Authorizer, user: UserInfo): AccessEntry[] {
  return asksRbac(chain) ? rbac.accessOf(user) : [];
}

/** The ABAC lines whose subject matches a user. */
export function abacAccessOf(chain: AuthorizationChain | undefined, user: UserInfo): AbacLine[] {
  return chain?.modes.includes('ABAC') ? chain.abacLines.filter((line) => subjectMatches(line.policy, user)) : [];
}

/** Whom a line names, as who-can lists subjects: `User alice`, `Group devs`, `User alice in Group devs`. */
export function abacSubjectLabel(line: AbacLine): string {
  const { user, group } = line.policy;
  return user && group ? `User ${user} in Group ${group}` : user ? `User ${user}` : `Group ${group}`;
}

/** A line in words: who it names and what it allows. */
export function describeAbacLine(line: AbacLine): string {
  const { user, group, readonly, apiGroup, resource, namespace, nonResourcePath } = line.policy;
  const who = user && group ? `user ${user} in group ${group}` : user ? `user ${user}` : `group ${group}`;
  const verbs = readonly ? 'get, list, watch' : 'every verb';
  const targets: string[] = [];
  if (resource) {
    const groupText = apiGroup === '*' ? 'any API group' : apiGroup ? apiGroup : 'the core group';
    const where = namespace === '*' ? 'every namespace and cluster-wide' : namespace ? `namespace ${namespace}` : 'cluster-wide';
    targets.push(`${resource === '*' ? 'every resource' : resource} (${groupText}) in ${where}`);
  }
  if (nonResourcePath) targets.push(`non-resource URL ${nonResourcePath}`);
  return `${who}: ${verbs} on ${targets.join(' and ') || 'nothing'}`;
}
