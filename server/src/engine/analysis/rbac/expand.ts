/**
 * Spells out what the wildcards of a rule cover for the target Kubernetes version: `*` groups become the built-in
 * groups, `*` resources the resources of each listed group, `*` verbs the verbs those resources serve. Wildcards
 * also cover custom resources and future additions; `open` says where that is the case.
 */
import { apiGroups, resourcesOf, STANDARD_VERBS, verbsOf } from '../../reference/rbac-reference';
import type { PolicyRuleData } from '../../reference/policy-data';

export interface ExpandedGroup {
  group: string;
  resources: string[];
  /** True when `*` resources also match subresources and resources this version does not know. */
  open: boolean;
}

export interface ExpandedRule {
  groups: ExpandedGroup[];
  verbs: string[];
  /** True when some wildcard also matches things not listed (custom resources, other verbs). */
  open: boolean;
}

export function expandRule(rule: PolicyRuleData): ExpandedRule {
  const allGroups = rule.apiGroups.includes('*');
  const groupNames = allGroups ? apiGroups() : rule.apiGroups;
  const allResources = rule.resources.includes('*');
  const groups: ExpandedGroup[] = groupNames.map((group) => ({
    group,
    resources: allResources ? [...resourcesOf(group).keys()].sort() : rule.resources.filter((resource) => resource !== '*'),
    open: allResources,
  }));
  const allVerbs = rule.verbs.includes('*');
  let verbs = rule.verbs.filter((verb) => verb !== '*');
  if (allVerbs) {
    const served = new Set<string>();
    for (const { group, resources } of groups) for (const resource of resources) verbsOf(group, resource)?.forEach((verb) => served.add(verb));
    verbs = served.size > 0 ? [...served] : [...STANDARD_VERBS];
  }
  return { groups: groups.filter((group) => group.resources.length > 0), verbs, open: allGroups || allResources || allVerbs };
}
