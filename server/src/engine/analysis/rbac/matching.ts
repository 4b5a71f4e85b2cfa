/**
 * The matching rules of the Kubernetes RBAC authorizer for a single policy rule, exactly as it applies them:
 * a star matches any verb, group or resource (subresources included); a star followed by a slash and a
 * subresource name matches that subresource of any resource (scale, status); `pods` never matches `pods/status`;
 * resourceNames restrict named requests only; a non-resource URL pattern ending in a star matches by prefix.
 */
import type { PolicyRuleData } from '../../reference/policy-data';

export function verbMatches(rule: Pick<PolicyRuleData, 'verbs'>, verb: string): boolean {
  return rule.verbs.some((candidate) => candidate === '*' || candidate === verb);
}

export function apiGroupMatches(rule: Pick<PolicyRuleData, 'apiGroups'>, group: string): boolean {
  return rule.apiGroups.some((candidate) => candidate === '*' || candidate === group);
}

/** `resource` is the resource alone or `resource/subresource`. */
export function resourceMatches(rule: Pick<PolicyRuleData, 'resources'>, resource: string): boolean {
  const slash = resource.indexOf('/');
  const subresource = slash === -1 ? undefined : resource.slice(slash + 1);
  return rule.resources.some(
    (candidate) => candidate === '*' || candidate === resource || (subresource !== undefined && candidate === `*/${subresource}`),
  );
}

/**
 * A rule without resourceNames matches any name and requests without one; otherwise only the listed names, where
 * a request without a name has the name "" (so a listed "" matches it, as the authorizer compares strings).
 */
export function resourceNameMatches(rule: Pick<PolicyRuleData, 'resourceNames'>, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return rule.resourceNames.includes(name ?? '');
}

export function nonResourceURLMatches(rule: Pick<PolicyRuleData, 'nonResourceURLs'>, path: string): boolean {
  return rule.nonResourceURLs.some(
    (candidate) => candidate === '*' || candidate === path || (candidate.endsWith('*') && path.startsWith(urlPatternPrefix(candidate))),
  );
}

export interface ResourceRequestAttributes {
  verb: string;
  apiGroup: string;
  /** The resource alone or `resource/subresource`. */
  resource: string;
  name?: string;
}

export function ruleAllowsResource(rule: PolicyRuleData, request: ResourceRequestAttributes): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, request.resource) &&
    resourceNameMatches(rule, request.name)
  );
}

export function ruleAllowsNonResource(rule: PolicyRuleData, verb: string, path: string): boolean {
  return verbMatches(rule, verb) && nonResourceURLMatches(rule, path);
}

/** The prefix a URL pattern ending in stars stands for: the authorizer trims every trailing star, not just one. */
export function urlPatternPrefix(pattern: string): string {
  return pattern.replace(/\*+$/, '');
}
