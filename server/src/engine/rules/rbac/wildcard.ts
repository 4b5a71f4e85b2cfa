/**
 * Flags `*` in the apiGroups, resources or verbs of a role rule. A wildcard grants more than anyone listed,
 * including subresources such as pods/exec, special verbs such as escalate, and whatever later releases or
 * extensions add, none of which a reviewer saw. The quick fix writes out what the wildcard covers today.
 */
import { isSeq } from 'yaml';
import {
  abbreviate,
  groupsServingResource,
  isBuiltInGroup,
  isClusterScoped,
  resourceNamesOf,
  roleRules,
  verbsOfResource,
  verbsServed,
  type RoleRule,
} from '../../analysis/rbac/capabilities';
import { apiGroupMatches, resourceMatches } from '../../analysis/rbac/matching';
import { lineStart, replaceScalar } from '../../edits';
import type { TextEdit } from '../../fix';
import type { ManifestDocument } from '../../model/document';
import { RBAC_GROUP, type StringListField } from '../../model/views/rbac';
import { apiGroups as apiGroupsBuiltIn, STANDARD_VERBS } from '../../reference/rbac-reference';
import { defineRule, type FixProposal } from '../define-rule';
import type { StringValue } from '../../model/nodes';

type MessageId = 'verbs' | 'verbsSpecial' | 'resources' | 'apiGroups' | 'expandVerbs' | 'expandResources' | 'expandApiGroups';

export default defineRule({
  id: 'rbac/wildcard',
  meta: {
    summary: 'Role rule uses "*" for API groups, resources or verbs.',
    why: 'A wildcard grants every verb, resource or group, including subresources such as pods/exec, special verbs such as escalate and impersonate, and anything later releases, custom resources or extensions add; none of it was reviewed, and the role grows without anyone changing it.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      verbs: '"*" in verbs grants every verb on {resources}: whoever holds it can also delete them, and gains any verb later releases add.',
      verbsSpecial: '"*" in verbs grants every verb on {resources} ({special} among them): whoever holds it can also delete them, and gains any verb later releases add.',
      resources: '"*" in resources covers every resource of {groups}, subresources included: whoever holds it gets {verbs} on all of them, including any that later releases or extensions add.',
      apiGroups: '"*" in apiGroups covers every API group: whoever holds it gets {verbs} on {resources} in all of them, including groups that custom resources and extensions add later.',
      expandVerbs: 'Replace "*" with the {count} verbs these resources serve',
      expandResources: 'Replace "*" with the {count} resources of {groups}',
      expandApiGroups: 'Replace "*" with the groups that serve these resources: {groups}',
    },
  },
  check(doc, context) {
    const target = context.config.kubernetesVersion;
    for (const entry of roleRules(doc)) {
      const { rule, data } = entry;
      // Rules for non-resource URLs reach health, version and metrics endpoints; their wildcards are not this rule's concern.
      if (data.resources.length === 0 && data.apiGroups.length === 0) continue;
      const verbs = data.verbs.includes('*') ? 'every verb' : data.verbs.join('/');
      const resources = data.resources.includes('*') ? 'every resource' : abbreviate(data.resources);
      const groups = describeGroups(data.apiGroups);
      for (const star of stars(rule.verbs)) {
        const fix = expansion(doc, rule.verbs!, star, expandVerbs(entry, target), (names) => ({ messageId: 'expandVerbs', data: { count: names.length } }));
        const special = specialVerbs(entry, target);
        if (special.length > 0) context.report({ at: star.node, messageId: 'verbsSpecial', data: { resources, special: andList(special) }, fixes: fix });
        else context.report({ at: star.node, messageId: 'verbs', data: { resources }, fixes: fix });
      }
      for (const star of stars(rule.resources)) {
        const fix = expansion(doc, rule.resources!, star, expandResources(entry, target), (names) => ({ messageId: 'expandResources', data: { count: names.length, groups } }));
        context.report({ at: star.node, messageId: 'resources', data: { groups, verbs }, fixes: fix });
      }
      for (const star of stars(rule.apiGroups)) {
        const fix = expansion(doc, rule.apiGroups!, star, expandApiGroups(entry, target), (names) => ({
          messageId: 'expandApiGroups',
          data: { groups: names.map((name) => (name === '' ? '"" (core)' : name)).join(', ') },
        }));
        context.report({ at: star.node, messageId: 'apiGroups', data: { verbs, resources }, fixes: fix });
      }
    }
  },
});

function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function stars(field: StringListField | undefined): StringValue[] {
  return field?.items.filter((item) => item.value === '*') ?? [];
}

function describeGroups(groups: readonly string[]): string {
  if (groups.includes('*')) return 'every API group';
  const named = groups.map((group) => (group === '' ? 'the core group' : group));
  return named.length === 1 ? named[0] : `groups ${named.join(', ')}`;
}

/** The verbs that matter most when a wildcard hands them out, most dangerous first. */
const SPECIAL_VERB_ORDER = ['escalate', 'bind', 'impersonate', 'approve', 'sign', 'attest', 'proxy', 'use'];

/**
 * The special (non-REST) verbs a `*` verb hands out on the rule's built-in resources: escalate and bind on roles,
 * impersonate on service accounts, approve on signers. The constrained impersonation verbs are summed up by
 * impersonate.
 */
function specialVerbs({ data }: RoleRule, target: string): string[] {
  const found = new Set<string>();
  const groups = data.apiGroups.includes('*') ? apiGroupsBuiltIn() : data.apiGroups.filter(isBuiltInGroup);
  for (const group of groups) {
    if (!apiGroupMatches(data, group)) continue;
    for (const name of resourceNamesOf(group, target)) {
      if (!resourceMatches(data, name)) continue;
      for (const verb of verbsOfResource(group, name) ?? []) if (SPECIAL_VERB_ORDER.includes(verb)) found.add(verb);
    }
  }
  return SPECIAL_VERB_ORDER.filter((verb) => found.has(verb));
}

/** Standard verbs in their usual order, then the others alphabetically. */
function orderVerbs(verbs: Iterable<string>): string[] {
  const all = [...new Set(verbs)];
  const standard: string[] = STANDARD_VERBS.filter((verb) => all.includes(verb));
  return [...standard, ...all.filter((verb) => !standard.includes(verb)).sort()];
}

/** Every verb the rule's resources can be requested with; undefined when a group is `*` or a resource unknown. */
function expandVerbs({ data }: RoleRule, target: string): string[] | undefined {
  if (data.apiGroups.length === 0 || data.apiGroups.includes('*') || data.resources.length === 0) return undefined;
  const verbs = new Set<string>();
  for (const group of data.apiGroups) {
    for (const resource of data.resources) {
      const served = verbsServed(group, resource, target);
      if (!served) return undefined;
      served.forEach((verb) => verbs.add(verb));
    }
  }
  return orderVerbs(verbs);
}

/**
 * Every resource and subresource of the rule's groups that serves one of its verbs (all of them for `*`);
 * undefined unless every group is built in.
 */
function expandResources({ role, data }: RoleRule, target: string): string[] | undefined {
  if (data.apiGroups.length === 0 || !data.apiGroups.every((group) => group !== '*' && isBuiltInGroup(group))) return undefined;
  const anyVerb = data.verbs.includes('*');
  const names = new Set<string>();
  for (const group of data.apiGroups) {
    for (const name of resourceNamesOf(group, target)) {
      const served = verbsOfResource(group, name);
      const verbs = anyVerb ? [...(served ?? [])] : data.verbs.filter((verb) => served?.has(verb));
      // A Role grants nothing on requests without a namespace, so the names it could never grant are left out.
      if (role.kind === 'Role' && !verbs.some((verb) => grantableInRole(verb, group, name))) continue;
      if (verbs.length > 0) names.add(name);
    }
  }
  return [...names];
}

/** Requests a Role can allow: namespaced ones, its own Namespace object, and binding ClusterRoles in its namespace. */
function grantableInRole(verb: string, group: string, name: string): boolean {
  if (group === '' && (name === 'namespaces' || name.startsWith('namespaces/'))) return true;
  if (verb === 'bind' && group === RBAC_GROUP && name === 'clusterroles') return true;
  return !isClusterScoped(group, name);
}

/** The built-in groups that serve the rule's resources; undefined when one of them is not built in. */
function expandApiGroups({ data }: RoleRule, target: string): string[] | undefined {
  if (data.resources.length === 0 || data.resources.some((resource) => resource.startsWith('*'))) return undefined;
  const groups = new Set<string>();
  for (const resource of data.resources) {
    const serving = groupsServingResource(resource, target);
    if (serving.length === 0) return undefined;
    serving.forEach((group) => groups.add(group));
  }
  return [...groups];
}

/**
 * The fix that puts `names` in place of the `*` item, written like the list around it (flow or block, same
 * quoting). Names the list already holds are not repeated. No fix when there is nothing to write.
 */
function expansion(
  doc: ManifestDocument,
  field: StringListField,
  star: StringValue,
  names: string[] | undefined,
  title: (names: string[]) => Omit<FixProposal<MessageId>, 'edits'>,
): FixProposal<MessageId>[] | undefined {
  const present = new Set(field.items.map((item) => item.value));
  const missing = names?.filter((name) => !present.has(name));
  if (!missing || missing.length === 0) return undefined;
  const edit = spliceItems(doc, field, star, missing);
  return edit ? [{ ...title(missing), edits: [edit] }] : undefined;
}

function spliceItems(doc: ManifestDocument, field: StringListField, star: StringValue, names: string[]): TextEdit | undefined {
  const [start] = star.node.range ?? [0, 0];
  const texts = names.map((name) => replaceScalar(star.node, name).newText);
  if (isSeq(field.node) && field.node.flow) return { ...replaceScalar(star.node, ''), newText: texts.join(', ') };
  const prefix = doc.text.slice(lineStart(doc.text, start), start);
  if (!/^[ \t]*-[ \t]+$/.test(prefix)) return undefined;
  return { ...replaceScalar(star.node, ''), newText: texts.join(`\n${prefix}`) };
}
