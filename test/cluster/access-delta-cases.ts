/**
 * Pairs of RBAC revisions for the access-delta oracle: a scenario of the RBAC oracle's generator is the base, and
 * one to three random edits of the kinds pull requests make give the head (a verb, resource or group widened to a
 * star or narrowed, resourceNames dropped, a subject added or removed, a binding added, removed or pointed at
 * another role, an aggregation label moved, a role deleted). The questions are the scenario's requests with the
 * requester left out: each is asked for every subject of either revision.
 */
import type { AccessRequest, Authorizer, UserInfo } from '../../server/src/engine/analysis/rbac/authorizer';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { changeHolds, identityOf, type AccessDelta, type DeltaSubject } from '../../server/src/engine/analysis/rbac/access-delta';
import { generateScenario, seededRandom, type Scenario } from './oracle-cases';

type Random = () => number;
type ObjectJson = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };
type RuleJson = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };
type SubjectJson = { kind: string; name: string; namespace?: string; apiGroup?: string };

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

export interface RevisionPair {
  scenario: Scenario;
  base: ObjectJson[];
  head: ObjectJson[];
  edits: string[];
  /** The scenario's requests without their users: what every subject is asked. */
  questions: AccessRequest[];
}

const rulesOf = (objects: ObjectJson[]) => objects.filter((object) => Array.isArray(object.rules) && (object.rules as unknown[]).length > 0);
const bindingsOf = (objects: ObjectJson[]) => objects.filter((object) => object.kind.endsWith('Binding'));

const EDITS: ((objects: ObjectJson[], random: Random, scenario: Scenario) => string | undefined)[] = [
  (objects, random) => {
    const role = pick(random, rulesOf(objects));
    if (!role) return undefined;
    const rule = pick(random, role.rules as RuleJson[]);
    const field = rule.nonResourceURLs ? pick(random, ['verbs', 'nonResourceURLs'] as const) : pick(random, ['verbs', 'resources', 'apiGroups'] as const);
    (rule as Record<string, string[]>)[field] = ['*'];
    return `${role.metadata.name}: ${field} widened to *`;
  },
  (objects, random) => {
    const role = pick(random, rulesOf(objects));
    if (!role) return undefined;
    const rule = pick(random, role.rules as RuleJson[]);
    const added = rule.nonResourceURLs ? pick(random, ['post', 'get', 'head']) : pick(random, ['get', 'list', 'create', 'delete', 'escalate', 'bind']);
    rule.verbs = [...new Set([...rule.verbs, added])];
    const removed = rule.verbs.length > 1 && random() < 0.4 ? pick(random, rule.verbs) : undefined;
    if (removed) rule.verbs = rule.verbs.filter((verb) => verb !== removed);
    return `${role.metadata.name}: verb ${added} added${removed ? `, ${removed} removed` : ''}`;
  },
  (objects, random) => {
    const role = pick(random, rulesOf(objects));
    const rule = role && pick(random, role.rules as RuleJson[]);
    if (!rule?.resources) return undefined;
    const resource = pick(random, ['secrets', 'pods/exec', 'serviceaccounts/token', '*/scale', 'deployments', 'configmaps']);
    if (random() < 0.5 && rule.resources.length > 1) rule.resources = rule.resources.slice(1);
    else rule.resources = [...new Set([...rule.resources, resource])];
    if (rule.resourceNames && random() < 0.5) delete rule.resourceNames;
    return `${role.metadata.name}: resources now ${rule.resources.join(',')}${rule.resourceNames ? '' : ' (no resourceNames)'}`;
  },
  (objects, random, scenario) => {
    const binding = pick(random, bindingsOf(objects));
    if (!binding) return undefined;
    const subjects = binding.subjects as SubjectJson[];
    if (subjects.length > 1 && random() < 0.4) {
      subjects.splice(Math.floor(random() * subjects.length), 1);
      return `${binding.metadata.name}: a subject removed`;
    }
    const prefix = `o${scenario.index}`;
    const subject: SubjectJson = pick(random, [
      { kind: 'User', name: `${prefix}-carol`, apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: `${prefix}-ops`, apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: `system:serviceaccounts:${scenario.namespaces[1]}`, apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'deployer', namespace: scenario.namespaces[0] },
    ]);
    subjects.push(subject);
    return `${binding.metadata.name}: ${subject.kind} ${subject.name} added`;
  },
  (objects, random, scenario) => {
    const clusterRoles = objects.filter((object) => object.kind === 'ClusterRole');
    if (clusterRoles.length === 0) return undefined;
    const namespace = pick(random, scenario.namespaces);
    const cluster = random() < 0.3;
    const name = `o${scenario.index}-new${objects.length}`;
    const role = pick(random, clusterRoles).metadata.name;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
      metadata: { name, ...(cluster ? {} : { namespace }) },
      subjects: [{ kind: 'User', name: `o${scenario.index}-bob`, apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    });
    return `${name}: new ${cluster ? 'ClusterRoleBinding' : `RoleBinding in ${namespace}`} to ${role}`;
  },
  (objects, random) => {
    const victims = objects.filter((object) => object.kind !== 'Namespace');
    const victim = pick(random, victims);
    if (!victim) return undefined;
    objects.splice(objects.indexOf(victim), 1);
    return `${victim.kind} ${victim.metadata.name} deleted`;
  },
  (objects, random) => {
    const binding = pick(random, bindingsOf(objects).filter((object) => (object.roleRef as { kind: string }).kind === 'ClusterRole'));
    const other = pick(random, objects.filter((object) => object.kind === 'ClusterRole'));
    if (!binding || !other) return undefined;
    (binding.roleRef as { name: string }).name = other.metadata.name;
    return `${binding.metadata.name}: now bound to ${other.metadata.name}`;
  },
  (objects, random, scenario) => {
    const role = pick(random, objects.filter((object) => object.kind === 'ClusterRole' && !object.aggregationRule));
    if (!role) return undefined;
    const label = `oracle.kubeward.dev/o${scenario.index}`;
    const labels = { ...(role.metadata.labels ?? {}) };
    if (labels[label]) delete labels[label];
    else labels[label] = 'true';
    role.metadata = { ...role.metadata, labels };
    return `${role.metadata.name}: aggregation label ${labels[label] ? 'added' : 'removed'}`;
  },
];

export function generateRevisionPair(seed: number, index: number, questionCount: number): RevisionPair {
  const scenario = generateScenario(seed, index, questionCount);
  const random = seededRandom(seed * 7_919 + index);
  const base = scenario.objects as ObjectJson[];
  const head = structuredClone(base);
  const edits: string[] = [];
  for (let attempts = 0; edits.length < 1 + Math.floor(random() * 3) && attempts < 20; attempts++) {
    const edit = pick(random, EDITS)(head, random, scenario);
    if (edit) edits.push(edit);
  }
  const questions = scenario.requests.map((request) => ({ ...request, user: { name: '', groups: [] } }));
  return { scenario, base, head, edits, questions };
}

/** The identities of a scenario's names moved to another scenario number, so both revisions can live on one cluster. */
export function renumbered<T>(value: T, from: number, to: number): T {
  const text = JSON.stringify(value).replace(new RegExp(`\\bo${from}-`, 'g'), `o${to}-`).replace(new RegExp(`oracle\\.kubeward\\.dev/o${from}"`, 'g'), `oracle.kubeward.dev/o${to}"`);
  return JSON.parse(text) as T;
}

export function describeSubject(subject: DeltaSubject): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

export type Revision = 'base' | 'head';
export type Verdicts = (revision: Revision, user: UserInfo, question: AccessRequest) => Promise<boolean>;

/**
 * What a change does to one subject's answer to one question, by the definition of the access delta: a gain
 * (or loss) for the subject's identity that none of the groups it always carries gains (or loses) as well.
 */
export async function expectedChange(allowed: Verdicts, subject: DeltaSubject, question: AccessRequest): Promise<'added' | 'removed' | 'none'> {
  const user = identityOf(subject);
  const change = async (identity: UserInfo) => {
    const [before, after] = await Promise.all([allowed('base', identity, question), allowed('head', identity, question)]);
    return before === after ? 'none' : after ? 'added' : 'removed';
  };
  const own = await change(user);
  if (own === 'none' || subject.kind === 'Group') return own;
  for (const group of user.groups) if ((await change({ name: '', groups: [group] })) === own) return 'none';
  return own;
}

/** What the delta says happened to one subject's answer to one question. */
export function deltaSays(delta: AccessDelta, subject: DeltaSubject, question: AccessRequest): 'added' | 'removed' | 'none' {
  const entry = delta.subjects.find((candidate) => JSON.stringify(candidate.subject) === JSON.stringify(subject));
  if (entry?.added.some((change) => changeHolds(change, question, delta.urls))) return 'added';
  if (entry?.removed.some((change) => changeHolds(change, question, delta.urls))) return 'removed';
  return 'none';
}


/** Kubeward's authorizer over a revision's objects (and the built-in policy). */
export function authorizerOf(objects: readonly unknown[]): Authorizer {
  const index = new WorkspaceIndex();
  index.setFileText('file:///delta/policy.yaml', objects.map((object) => JSON.stringify(object)).join('\n---\n'));
  return index.authorizer();
}
