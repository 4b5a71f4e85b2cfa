/**
 * The ABAC authorizer as kube-apiserver runs it over a policy file: the first line that matches allows the
 * request, and no line means no opinion (the next authorizer of --authorization-mode decides). A line matches a
 * subject by user name, group or both; any request when it is not read-only, else only get, list and watch; a
 * resource request by namespace, resource (never a subresource: a line for `pods` also allows `pods/exec`) and
 * API group, each `*` or equal; a non-resource request by path, `*`, equal, or a prefix ending in `*`.
 */
import type { AccessRequest, UserInfo } from '../rbac/authorizer';
import type { AbacLine, AbacPolicy } from './abac-file';

const READ_ONLY_VERBS = new Set(['get', 'list', 'watch']);

export function subjectMatches(policy: AbacPolicy, user: UserInfo): boolean {
  let matched = false;
  if (policy.user) {
    if (policy.user !== '*' && policy.user !== user.name) return false;
    matched = true;
  }
  if (policy.group) {
    if (policy.group !== '*' && !user.groups.includes(policy.group)) return false;
    matched = true;
  }
  return matched;
}

export function abacLineAllows(policy: AbacPolicy, request: AccessRequest): boolean {
  if (!subjectMatches(policy, request.user)) return false;
  if (policy.readonly && !READ_ONLY_VERBS.has(request.verb)) return false;
  if (request.kind === 'resource') {
    return (policy.namespace === '*' || policy.namespace === (request.namespace ?? ''))
      && (policy.resource === '*' || policy.resource === request.resource)
      && (policy.apiGroup === '*' || policy.apiGroup === request.apiGroup);
  }
  const path = policy.nonResourcePath;
  return path === '*' || path === request.path || (path.endsWith('*') && request.path.startsWith(path.replace(/\*+$/, '')));
}

/** The lines that allow the request, in file order; the server stops at the first. */
export function abacGrants(lines: readonly AbacLine[], request: AccessRequest): AbacLine[] {
  return lines.filter((line) => abacLineAllows(line.policy, request));
}
