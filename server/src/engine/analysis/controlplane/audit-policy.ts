/**
 * An audit Policy (audit.k8s.io/v1, kube-apiserver's --audit-policy-file) read as kube-apiserver reads it
 * (k8s.io/apiserver pkg/audit/policy/reader.go, checker.go and pkg/apis/audit/validation, v0.36): strict decoding
 * that falls back to lenient decoding with a logged warning (so unknown fields are ignored, wrong types refused),
 * validation, at least one rule. Rules are first match: a request is logged at the level of the first rule that
 * matches it, and at None when no rule does. `levelFor` evaluates a request exactly so; `shadowedBy` finds rules an
 * earlier rule matches entirely, which can therefore never apply.
 */
import type { PathSegment } from '../../model/nodes';
import { dnsSubdomainProblems } from '../../validation/formats';
import { list, record, text, type Data } from '../../validation/data';
import { decodeProblems, type DecodeProblem, type Shape } from './go-shape';

export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];
const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];
const STRINGS: Shape = { list: 'string' };

const RULE: Shape = {
  object: {
    level: 'string',
    users: STRINGS,
    userGroups: STRINGS,
    verbs: STRINGS,
    resources: { list: { object: { group: 'string', resources: STRINGS, resourceNames: STRINGS } } },
    namespaces: STRINGS,
    nonResourceURLs: STRINGS,
    omitStages: STRINGS,
    omitManagedFields: 'bool',
  },
};

const SHAPE: Shape = { object: { apiVersion: 'string', kind: 'string', metadata: 'any', rules: { list: RULE }, omitStages: STRINGS, omitManagedFields: 'bool' } };

export interface GroupResources {
  group: string;
  resources: string[];
  resourceNames: string[];
}

export interface AuditRule {
  level: string;
  users: string[];
  userGroups: string[];
  verbs: string[];
  resources: GroupResources[];
  namespaces: string[];
  nonResourceURLs: string[];
}

export interface AuditRequest {
  user: string;
  groups: string[];
  verb: string;
  /** A resource request: its group, resource, subresource, namespace ('' when cluster-scoped) and name. */
  resource?: { group: string; resource: string; subresource?: string; namespace: string; name: string };
  /** A non-resource request's path. */
  path?: string;
}

export interface AuditReading {
  problems: DecodeProblem[];
  rules: AuditRule[];
}

const strings = (value: unknown) => (list(value) ?? []).map((item) => text(item) ?? '');

export function readAuditPolicy(object: Data): AuditReading {
  // Strict first, then lenient with a logged warning: unknown fields are ignored.
  const problems = decodeProblems(object, SHAPE, { strict: false });
  if (problems.some((problem) => problem.kind === 'refused')) return { problems, rules: [] };
  const rules = (list(object.rules) ?? []).map((item): AuditRule => {
    const rule = record(item) ?? {};
    return {
      level: text(rule.level) ?? '',
      users: strings(rule.users),
      userGroups: strings(rule.userGroups),
      verbs: strings(rule.verbs),
      resources: (list(rule.resources) ?? []).map((entry) => ({ group: text(record(entry)?.group) ?? '', resources: strings(record(entry)?.resources), resourceNames: strings(record(entry)?.resourceNames) })),
      namespaces: strings(rule.namespaces),
      nonResourceURLs: strings(rule.nonResourceURLs),
    };
  });
  problems.push(...validate(object, rules));
  return { problems, rules };
}

function validate(object: Data, rules: AuditRule[]): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  const refuse = (path: PathSegment[], message: string) => problems.push({ path, kind: 'refused', message });
  strings(object.omitStages).forEach((stage, index) => STAGES.includes(stage) || refuse(['omitStages', index], `must be one of ${STAGES.join(', ')}`));
  rules.forEach((rule, index) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['rules', index, ...rest];
    if (rule.level === '') refuse(at('level'), 'is required');
    else if (!(AUDIT_LEVELS as readonly string[]).includes(rule.level)) refuse(at('level'), `must be one of ${AUDIT_LEVELS.join(', ')}`);
    rule.nonResourceURLs.forEach((url, urlIndex) => {
      if (url === '*') return;
      if (!url.startsWith('/')) refuse(at('nonResourceURLs', urlIndex), 'must begin with "/"');
      if (url !== '' && url.slice(0, -1).includes('*')) refuse(at('nonResourceURLs', urlIndex), 'may have "*" only as its last character');
    });
    rule.resources.forEach((entry, entryIndex) => {
      const problem = entry.group && entry.group !== '*' ? dnsSubdomainProblems(entry.group)[0] : undefined;
      if (problem) refuse(at('resources', entryIndex, 'group'), problem);
      if (entry.resourceNames.length > 0 && entry.resources.length === 0) refuse(at('resources', entryIndex, 'resourceNames'), 'needs at least one resource beside it');
    });
    const rawRule = record(list(object.rules)?.[index]) ?? {};
    strings(rawRule.omitStages).forEach((stage, stageIndex) => STAGES.includes(stage) || refuse(at('omitStages', stageIndex), `must be one of ${STAGES.join(', ')}`));
    if (rule.nonResourceURLs.length > 0 && (rule.resources.length > 0 || rule.namespaces.length > 0)) refuse(at('nonResourceURLs'), 'cannot be set in a rule that also names resources or namespaces');
  });
  if (rules.length === 0) refuse(['rules'], 'needs at least one rule');
  return problems;
}

/** The level kube-apiserver logs a request at, and the index of the rule that decides it (undefined: none, None). */
export function levelFor(rules: readonly AuditRule[], request: AuditRequest): { level: AuditLevel; rule?: number } {
  const index = rules.findIndex((rule) => ruleMatches(rule, request));
  return index < 0 ? { level: 'None' } : { level: rules[index].level as AuditLevel, rule: index };
}

export function ruleMatches(rule: AuditRule, request: AuditRequest): boolean {
  if (rule.users.length > 0 && !rule.users.includes(request.user)) return false;
  if (rule.userGroups.length > 0 && !request.groups.some((group) => rule.userGroups.includes(group))) return false;
  if (rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return resourceMatches(rule, request);
  if (rule.nonResourceURLs.length > 0) return !request.resource && rule.nonResourceURLs.some((spec) => pathMatches(request.path ?? '', spec));
  return true;
}

function pathMatches(path: string, spec: string): boolean {
  return spec === '*' || spec === path || (spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, '')));
}

function resourceMatches(rule: AuditRule, request: AuditRequest): boolean {
  const target = request.resource;
  if (!target) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(target.namespace)) return false;
  if (rule.resources.length === 0) return true;
  const combined = target.subresource ? `${target.resource}/${target.subresource}` : target.resource;
  return rule.resources.some((entry) => {
    if (entry.group !== target.group && entry.group !== '*') return false;
    if (entry.resources.length === 0) return true;
    return entry.resources.some((written) => {
      if (entry.resourceNames.length > 0 && !entry.resourceNames.includes(target.name)) return false;
      if (written === combined || written === '*') return true;
      if (target.subresource && written.startsWith('*/') && target.subresource === written.slice(2)) return true;
      return written.endsWith('/*') && target.resource === written.slice(0, -2);
    });
  });
}

/**
 * The first earlier rule that matches every request `rules[index]` matches, if one surely does. Conservative: a
 * rule is only said to be shadowed when each of its conditions is at least as narrow as the earlier rule's.
 */
export function shadowedBy(rules: readonly AuditRule[], index: number): number | undefined {
  const rule = rules[index];
  const found = rules.slice(0, index).findIndex((earlier) => covers(earlier, rule));
  return found < 0 ? undefined : found;
}

const narrower = (inner: string[], outer: string[]) => outer.length === 0 || (inner.length > 0 && inner.every((item) => outer.includes(item)));

function covers(earlier: AuditRule, rule: AuditRule): boolean {
  if (!narrower(rule.users, earlier.users) || !narrower(rule.userGroups, earlier.userGroups) || !narrower(rule.verbs, earlier.verbs)) return false;
  const scope = (candidate: AuditRule) => (candidate.namespaces.length > 0 || candidate.resources.length > 0 ? 'resource' : candidate.nonResourceURLs.length > 0 ? 'nonresource' : 'all');
  const outer = scope(earlier);
  const inner = scope(rule);
  if (outer === 'all') return true;
  if (outer !== inner) return false;
  if (outer === 'nonresource') return rule.nonResourceURLs.every((url) => earlier.nonResourceURLs.some((spec) => spec === '*' || spec === url || (spec.endsWith('*') && url.startsWith(spec.replace(/\*+$/, '')))));
  if (!narrower(rule.namespaces, earlier.namespaces)) return false;
  if (earlier.resources.length === 0) return true;
  if (rule.resources.length === 0) return false;
  return rule.resources.every((entry) => earlier.resources.some((outerEntry) => {
    if (outerEntry.group !== '*' && outerEntry.group !== entry.group) return false;
    if (!narrower(entry.resourceNames, outerEntry.resourceNames)) return false;
    if (outerEntry.resources.length === 0) return outerEntry.resourceNames.length === 0;
    if (outerEntry.resources.includes('*')) return true;
    return entry.resources.length > 0 && entry.resources.every((written) => outerEntry.resources.includes(written));
  }));
}

/** Requests whose audit record can hold a credential, and at which levels it does. */
interface SensitiveClass {
  what: string;
  holds: string;
  verbs: string[];
  resource: { group: string; resource: string; subresource?: string; clusterScoped?: boolean };
  leaksAt: AuditLevel[];
}

const SENSITIVE: SensitiveClass[] = [
  { what: 'reads of Secrets', holds: 'Secret contents', verbs: ['get', 'list', 'watch'], resource: { group: '', resource: 'secrets' }, leaksAt: ['RequestResponse'] },
  { what: 'writes of Secrets', holds: 'Secret contents', verbs: ['create', 'update', 'patch'], resource: { group: '', resource: 'secrets' }, leaksAt: ['Request', 'RequestResponse'] },
  { what: 'reads of ConfigMaps', holds: 'ConfigMap contents (often credentials)', verbs: ['get', 'list', 'watch'], resource: { group: '', resource: 'configmaps' }, leaksAt: ['RequestResponse'] },
  { what: 'writes of ConfigMaps', holds: 'ConfigMap contents (often credentials)', verbs: ['create', 'update', 'patch'], resource: { group: '', resource: 'configmaps' }, leaksAt: ['Request', 'RequestResponse'] },
  { what: 'token requests', holds: 'the service account tokens issued', verbs: ['create'], resource: { group: '', resource: 'serviceaccounts', subresource: 'token' }, leaksAt: ['RequestResponse'] },
  { what: 'token reviews', holds: 'the bearer tokens under review', verbs: ['create'], resource: { group: 'authentication.k8s.io', resource: 'tokenreviews', clusterScoped: true }, leaksAt: ['Request', 'RequestResponse'] },
];

/** Who may send a request: every user and group the rules name, and someone they do not name. */
function requesters(rules: readonly AuditRule[]): { user: string; groups: string[] }[] {
  const users = [...new Set([...rules.flatMap((rule) => rule.users), 'kubeward:someone-else'])];
  const groups = [...new Set(rules.flatMap((rule) => rule.userGroups))];
  return users.flatMap((user) => [{ user, groups: ['system:authenticated'] }, ...groups.map((group) => ({ user, groups: ['system:authenticated', group] }))]);
}

/** For each rule, the sensitive requests it logs with their credentials, and what the log then holds. */
export function credentialLeaks(rules: readonly AuditRule[]): Map<number, { what: string[]; holds: string[] }> {
  const leaks = new Map<number, { what: string[]; holds: string[] }>();
  const namespaces = [...new Set([...rules.flatMap((rule) => rule.namespaces), 'kubeward-other'])];
  for (const sensitive of SENSITIVE) {
    for (const requester of requesters(rules)) {
      for (const namespace of sensitive.resource.clusterScoped ? [''] : namespaces) {
        for (const verb of sensitive.verbs) {
          const { level, rule } = levelFor(rules, { ...requester, verb, resource: { ...sensitive.resource, namespace, name: 'x' } });
          if (rule === undefined || !sensitive.leaksAt.includes(level)) continue;
          const entry = leaks.get(rule) ?? { what: [], holds: [] };
          if (!entry.what.includes(sensitive.what)) entry.what.push(sensitive.what);
          if (!entry.holds.includes(sensitive.holds)) entry.holds.push(sensitive.holds);
          leaks.set(rule, entry);
        }
      }
    }
  }
  return leaks;
}

/** Whether reading a Secret, by someone the rules do not name, is logged at all. */
export function secretReadsAudited(rules: readonly AuditRule[]): boolean {
  return levelFor(rules, { user: 'kubeward:someone-else', groups: ['system:authenticated'], verb: 'get', resource: { group: '', resource: 'secrets', namespace: 'kubeward-other', name: 'x' } }).level !== 'None';
}
