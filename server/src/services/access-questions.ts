/**
 * RBAC questions as kubectl writes them (`VERB RESOURCE[/SUBRESOURCE] [NAME]`, a non-resource URL, a subject such
 * as `ServiceAccount:shop:ci`), read into the authorizer's requests. The CLI and the editor's access commands
 * share them, so both understand the same words.
 */
import { userFromName, type AccessRequest, type UserInfo, type WhoCanQuery } from '../engine/analysis/rbac/authorizer';
import { resolveResourceName, resourceInfo } from '../engine/reference/rbac-reference';
import type { AccessTarget } from '../protocol';

export class AccessQuestionError extends Error {}

/** Reads a verb, a resource as kubectl names it (or a non-resource URL), an optional name and namespace. */
export function parseAccessTarget(verb: string | undefined, what: string | undefined, name?: string, namespaceOption?: string, subresourceOption?: string): AccessTarget {
  if (!verb || !what) throw new AccessQuestionError('expected VERB and RESOURCE (or a non-resource URL such as /healthz)');
  if (what.startsWith('/')) {
    if (subresourceOption) throw new AccessQuestionError('a non-resource URL has no subresource');
    return { kind: 'nonResource', verb, path: what };
  }
  const found = resolveResourceName(what);
  if (!found) throw new AccessQuestionError(`unknown resource type "${what}"; name a custom resource as <plural>.<group>`);
  // kubectl's --subresource, or the subresource written after a slash (pods/log); both must say the same.
  if (subresourceOption && found.subresource && found.subresource !== subresourceOption) {
    throw new AccessQuestionError(`"${what}" names the subresource ${found.subresource}, but --subresource says ${subresourceOption}`);
  }
  const resolved = subresourceOption ? { ...found, subresource: subresourceOption } : found;
  const info = resourceInfo(resolved.group, resolved.resource);
  // Like kubectl, a namespaced resource is asked about in the given namespace, else in "default"; a request for
  // one Namespace object carries that namespace.
  const namespace = info?.namespaced || !info ? (namespaceOption ?? (info ? 'default' : undefined)) : resolved.resource === 'namespaces' ? name : undefined;
  return {
    kind: 'resource',
    verb,
    apiGroup: resolved.group,
    resource: resolved.resource,
    ...(resolved.subresource ? { subresource: resolved.subresource } : {}),
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

/** `User:jane`, `jane`, `Group:devs`, `ServiceAccount:ns:name` or `system:serviceaccount:ns:name`. */
export function parseSubject(text: string | undefined, groups: readonly string[] = []): UserInfo {
  if (!text) throw new AccessQuestionError('expected a SUBJECT: User:NAME, Group:NAME or ServiceAccount:NAMESPACE:NAME');
  const [kind, ...rest] = text.split(':');
  if (kind === 'Group' && rest.length > 0) return { name: '', groups: [rest.join(':'), ...groups] };
  if (kind === 'ServiceAccount' && rest.length === 2) return userFromName(`system:serviceaccount:${rest[0]}:${rest[1]}`, [...groups]);
  if (kind === 'User' && rest.length > 0) return userFromName(rest.join(':'), [...groups]);
  return userFromName(text, [...groups]);
}

export function accessRequest(target: AccessTarget, user: UserInfo): AccessRequest {
  return target.kind === 'nonResource' ? { kind: 'nonResource', user, verb: target.verb, path: target.path } : { ...target, user };
}

export function whoCanQuery(target: AccessTarget): WhoCanQuery {
  if (target.kind === 'nonResource') return { verb: target.verb, path: target.path };
  const { kind: _kind, ...query } = target;
  return query;
}

/** The request in kubectl's words, for titles and messages. */
export function describeTarget(target: AccessTarget): string {
  if (target.kind === 'nonResource') return `${target.verb} ${target.path}`;
  const resource = `${target.resource}${target.subresource ? `/${target.subresource}` : ''}${target.apiGroup ? `.${target.apiGroup}` : ''}`;
  return `${target.verb} ${resource}${target.name ? ` ${target.name}` : ''}${target.namespace ? ` in namespace ${target.namespace}` : ''}`;
}
