/**
 * What a change of policy grants and takes away, subject by subject, exactly: the requests a subject may make
 * after the change and could not before ("added"), and the reverse ("removed"), as unions of boxes of request
 * attributes (grant-sets.ts), each traced to the binding and rule that grants it in the revision that has it.
 *
 * A subject is what bindings name. A user or service account is asked about as the authentication layer presents
 * it, with the groups every such identity carries (system:authenticated; a service account's groups), so a grant
 * it already had through those groups is no gain; what changes for one of those groups is reported once, under the
 * group, and left out of each member's delta. A group is asked about alone.
 */
import { boxKey, difference, EVERYTHING, merged, only, boxContains, setContains, isEmptySet, type Box, type ValueSet } from './grant-sets';
import { UrlAtoms } from './url-atoms';
import { effectiveSubject, requestNamespace, userFromName, type AccessRequest, type Authorizer, type UserInfo } from './authorizer';
import { canBeNamed, requestableInNamespace } from './capabilities';
import { RISKS, type Risk } from './risks';
import type { BindingData, PolicyRuleData, RoleData } from '../../reference/policy-data';

export interface GrantOrigin {
  binding: BindingData;
  role: RoleData;
  rule: PolicyRuleData;
}

/** The order of a resource box's attributes: verb, API group, resource, subresource ("" for none), name ("" for none), namespace ("" for none). */
export const RESOURCE_ATTRIBUTES = ['verbs', 'apiGroups', 'resources', 'subresources', 'resourceNames', 'namespaces'] as const;
/** The order of a non-resource box's attributes: verb, URL atom (url-atoms.ts). */
export const URL_ATTRIBUTES = ['verbs', 'nonResourceURLs'] as const;

export interface SubjectGrants {
  resource: Box<GrantOrigin>[];
  nonResource: Box<GrantOrigin>[];
}

export interface DeltaSubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export interface GrantChange {
  kind: 'resource' | 'nonResource';
  box: Box<GrantOrigin>;
  /** The risky capabilities inside the change, most severe first. */
  risks: Risk[];
}

export interface SubjectDelta {
  subject: DeltaSubject;
  added: GrantChange[];
  removed: GrantChange[];
}

export interface AccessDelta {
  /** How non-resource URLs were cut into pieces; needed to read or test a non-resource box. */
  urls: UrlAtoms;
  /** Subjects with a change, the riskiest first. */
  subjects: SubjectDelta[];
}

const starOr = (values: readonly string[]): ValueSet => (values.includes('*') ? EVERYTHING : only(values));

/** The boxes of one rule's resources: plain resources together, star-slash-subresource forms together, `resource/sub` one by one. */
function resourceBoxes(resources: readonly string[]): [ValueSet, ValueSet][] {
  if (resources.includes('*')) return [[EVERYTHING, EVERYTHING]];
  const plain: string[] = [];
  const anySubresource: string[] = [];
  const boxes: [ValueSet, ValueSet][] = [];
  for (const written of resources) {
    const slash = written.indexOf('/');
    if (slash === -1 || slash === written.length - 1) plain.push(written);
    else if (slash === 1 && written[0] === '*') anySubresource.push(written.slice(2));
    else boxes.push([only([written.slice(0, slash)]), only([written.slice(slash + 1)])]);
  }
  if (plain.length > 0) boxes.unshift([only(plain), only([''])]);
  if (anySubresource.length > 0) boxes.push([EVERYTHING, only(anySubresource)]);
  return boxes;
}

interface RuleSets {
  resource: ValueSet[][];
  nonResource?: ValueSet[];
}

/**
 * The attribute sets of a rule's boxes where it applies (a namespace, or everywhere), made once per rule and URL
 * cut: many subjects reach the same rules, and a box's sets being the same objects lets their keys be computed once.
 */
const setsByRule = new WeakMap<UrlAtoms, WeakMap<PolicyRuleData, Map<string | undefined, RuleSets>>>();

function ruleSets(rule: PolicyRuleData, namespace: string | undefined, urls: UrlAtoms): RuleSets {
  let byRule = setsByRule.get(urls);
  if (!byRule) setsByRule.set(urls, (byRule = new WeakMap()));
  let byNamespace = byRule.get(rule);
  if (!byNamespace) byRule.set(rule, (byNamespace = new Map()));
  let sets = byNamespace.get(namespace);
  if (!sets) {
    const verbs = starOr(rule.verbs);
    const groups = starOr(rule.apiGroups);
    const names = rule.resourceNames.length === 0 ? EVERYTHING : only(rule.resourceNames);
    const namespaces = namespace === undefined ? EVERYTHING : only([namespace]);
    sets = {
      resource: rule.resources.length === 0 ? [] : resourceBoxes(rule.resources).map(([resources, subresources]) => [verbs, groups, resources, subresources, names, namespaces]),
      ...(namespace === undefined && rule.nonResourceURLs.length > 0 ? { nonResource: [verbs, only(rule.nonResourceURLs.flatMap((pattern) => urls.atomsOf(pattern)))] } : {}),
    };
    byNamespace.set(namespace, sets);
  }
  return sets;
}

/** Everything `user` may do through `authorizer`, as boxes. */
export function grantsOf(authorizer: Authorizer, user: UserInfo, urls: UrlAtoms): SubjectGrants {
  const grants: SubjectGrants = { resource: [], nonResource: [] };
  for (const { binding, role, rule, namespace } of authorizer.accessOf(user)) {
    const origins = [{ binding, role, rule }];
    const sets = ruleSets(rule, namespace, urls);
    for (const resource of sets.resource) grants.resource.push({ sets: resource, origins });
    if (sets.nonResource) grants.nonResource.push({ sets: sets.nonResource, origins });
  }
  return grants;
}

/** The identity a subject is asked about as; a group stands alone, behind a user name no binding can hold. */
export function identityOf(subject: DeltaSubject): UserInfo {
  if (subject.kind === 'Group') return { name: '', groups: [subject.name] };
  if (subject.kind === 'ServiceAccount') return userFromName(`system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`);
  return userFromName(subject.name);
}

/** The subjects the bindings in force name, as they apply (a ServiceAccount with its namespace), repeats included. */
export function namedSubjects(authorizer: Authorizer): DeltaSubject[] {
  return authorizer.bindings().flatMap((binding) =>
    binding.subjects.flatMap((written) => {
      const subject = effectiveSubject(written, binding);
      if (!subject || (subject.kind !== 'User' && subject.kind !== 'Group' && subject.kind !== 'ServiceAccount')) return [];
      return [{ kind: subject.kind, name: subject.name, ...(subject.kind === 'ServiceAccount' ? { namespace: subject.namespace } : {}) }];
    }),
  );
}

function urlPatternsOf(authorizer: Authorizer): string[] {
  return authorizer.bindings().flatMap((binding) => {
    const role = authorizer.roleOf(binding);
    return role ? authorizer.effectiveRules(role).flatMap((rule) => rule.nonResourceURLs) : [];
  });
}

/**
 * The last URL cut made, reused while the patterns stay the same: the boxes of rules are kept per cut, so comparing
 * again after an edit (the change lenses do) rebuilds only the boxes of rules that changed.
 */
let lastUrlAtoms: { signature: string; atoms: UrlAtoms } | undefined;

function urlAtomsFor(patterns: readonly string[]): UrlAtoms {
  const signature = JSON.stringify([...new Set(patterns)].sort());
  if (lastUrlAtoms?.signature !== signature) lastUrlAtoms = { signature, atoms: new UrlAtoms(patterns) };
  return lastUrlAtoms.atoms;
}

const boxesKey = (boxes: readonly Box<unknown>[]): string => boxes.map(boxKey).sort().join('\n');

interface RawDelta {
  added: SubjectGrants;
  removed: SubjectGrants;
}

const NO_GRANTS: SubjectGrants = { resource: [], nonResource: [] };

function minus(a: SubjectGrants, b: SubjectGrants): SubjectGrants {
  return { resource: difference(a.resource, b.resource), nonResource: difference(a.nonResource, b.nonResource) };
}

/** Every subject named in either revision whose access differs, with what it gained and lost. */
export function accessDelta(base: Authorizer, head: Authorizer): AccessDelta {
  const urls = urlAtomsFor([...urlPatternsOf(base), ...urlPatternsOf(head)]);
  const raw = new Map<string, RawDelta>();
  const rawDelta = (user: UserInfo): RawDelta => {
    const key = JSON.stringify([user.name, user.groups]);
    let delta = raw.get(key);
    if (!delta) {
      const before = grantsOf(base, user, urls);
      const after = grantsOf(head, user, urls);
      const unchanged = boxesKey(before.resource) === boxesKey(after.resource) && boxesKey(before.nonResource) === boxesKey(after.nonResource);
      delta = unchanged ? { added: NO_GRANTS, removed: NO_GRANTS } : { added: minus(after, before), removed: minus(before, after) };
      raw.set(key, delta);
    }
    return delta;
  };
  const seen = new Set<string>();
  const subjects: SubjectDelta[] = [];
  for (const subject of [...namedSubjects(base), ...namedSubjects(head)]) {
    const key = JSON.stringify([subject.kind, subject.name, subject.namespace ?? '']);
    if (seen.has(key)) continue;
    seen.add(key);
    const user = identityOf(subject);
    let { added, removed } = rawDelta(user);
    if (subject.kind !== 'Group') {
      for (const group of user.groups) {
        const ofGroup = rawDelta({ name: '', groups: [group] });
        added = minus(added, ofGroup.added);
        removed = minus(removed, ofGroup.removed);
      }
    }
    const delta = { subject, added: changesOf(added), removed: changesOf(removed) };
    if (delta.added.length > 0 || delta.removed.length > 0) subjects.push(delta);
  }
  subjects.sort((a, b) => severity(a) - severity(b));
  return { urls, subjects };
}

const sameOrigins = (a: readonly GrantOrigin[], b: readonly GrantOrigin[]) => a.length === b.length && a.every((origin, index) => origin.rule === b[index].rule && origin.binding === b[index].binding);

function changesOf(grants: SubjectGrants): GrantChange[] {
  const changes: GrantChange[] = [
    ...merged(grants.resource, sameOrigins).map((box) => ({ kind: 'resource' as const, box, risks: risksIn(box) })),
    ...merged(grants.nonResource, sameOrigins).map((box) => ({ kind: 'nonResource' as const, box, risks: [] })),
  ];
  return changes.sort((a, b) => riskRank(a.risks) - riskRank(b.risks));
}

const riskRank = (risks: readonly Risk[]): number => (risks.length === 0 ? RISKS.length : RISKS.indexOf(risks[0]));
/** Gains before losses, and the riskiest gain first: a reviewer reads the top of the list. */
const severity = (delta: SubjectDelta): number =>
  delta.added.length > 0 ? Math.min(...delta.added.map((change) => riskRank(change.risks))) : RISKS.length + 1 + Math.min(...delta.removed.map((change) => riskRank(change.risks)));

/** The risks whose capability queries meet the box at a request that can happen. */
function risksIn(box: Box<GrantOrigin>): Risk[] {
  const [verbs, groups, resources, subresources, names, namespaces] = box.sets;
  const meets = (verb: string, group: string, written: string): boolean => {
    const [resource, subresource = ''] = written.split('/');
    if (!setContains(verbs, verb) || !setContains(groups, group) || !setContains(resources, resource) || !setContains(subresources, subresource)) return false;
    if (isEmptySet(names) || (!setContains(names, '') && !canBeNamed(verb, written))) return false;
    return setContains(namespaces, '') || requestableInNamespace(verb, group, written);
  };
  return RISKS.filter((risk) => risk.queries.some((query) => query.verbs.some((verb) => query.groups.some((group) => query.resources.some((resource) => meets(verb, group, resource))))));
}

/** Whether a change holds a request: the test that makes the delta checkable against a real authorizer. */
export function changeHolds(change: GrantChange, request: AccessRequest, urls: UrlAtoms): boolean {
  if (request.kind === 'nonResource') return change.kind === 'nonResource' && boxContains(change.box, [request.verb, urls.atomOf(request.path)]);
  if (change.kind !== 'resource') return false;
  const point = [request.verb, request.apiGroup, request.resource, request.subresource ?? '', request.name ?? '', requestNamespace(request)];
  return boxContains(change.box, point);
}
