/**
 * Generated audit Policies for the control-plane oracle: one to five rules with every kind of condition (users,
 * groups, verbs, namespaces, resources with subresource and wildcard forms, resource names, non-resource URLs)
 * over the names the oracle's requests use, so that rule order decides, then zero to two mutations that break a
 * rule kube-apiserver checks. No rule omits ResponseComplete, so a logged request always leaves that line.
 */
import { stringify } from 'yaml';
import { chance, pick, type Data, type Random } from './validation-data';

export interface AuditCase {
  index: number;
  text: string;
  object: Data;
  mutations: string[];
}

const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'];

function some<T>(random: Random, items: readonly T[], max = 2): T[] {
  return [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(random, items)))];
}

function rule(random: Random): Data {
  const result: Data = { level: pick(random, LEVELS) };
  if (chance(random, 0.2)) result.users = some(random, ['kubeward-admin', 'jane', 'system:kube-proxy']);
  if (chance(random, 0.2)) result.userGroups = some(random, ['system:masters', 'system:authenticated', 'devs']);
  if (chance(random, 0.35)) result.verbs = some(random, ['get', 'list', 'create', 'update', 'watch', 'delete'], 3);
  if (chance(random, 0.2)) {
    result.nonResourceURLs = some(random, ['/healthz*', '/healthz', '/api', '*', '/readyz']);
    return result;
  }
  if (chance(random, 0.25)) result.namespaces = some(random, ['default', 'kube-system', 'payments', '']);
  if (chance(random, 0.6)) {
    result.resources = Array.from({ length: chance(random, 0.8) ? 1 : 2 }, () => {
      const entry: Data = { group: pick(random, ['', '', '*', 'apps', 'authentication.k8s.io']) };
      if (chance(random, 0.8)) entry.resources = some(random, ['secrets', 'configmaps', 'pods', '*', 'pods/log', '*/status', 'secrets/*'], 3);
      if (entry.resources && chance(random, 0.2)) entry.resourceNames = some(random, ['probe', 'other']);
      return entry;
    });
  }
  if (chance(random, 0.15)) result.omitStages = ['RequestReceived'];
  return result;
}

type Mutation = { name: string; apply: (object: Data, random: Random) => boolean };
const someRule = (object: Data, random: Random) => pick(random, object.rules as Data[]);

const MUTATIONS: Mutation[] = [
  { name: 'no rules', apply: (object) => ((object.rules = []), true) },
  { name: 'an unknown level', apply: (object, random) => ((someRule(object, random).level = pick(random, ['Verbose', 'metadata', 'All'])), true) },
  { name: 'no level', apply: (object, random) => (delete someRule(object, random).level, true) },
  { name: 'an unknown stage', apply: (object, random) => ((someRule(object, random).omitStages = ['RequestRecieved']), true) },
  { name: 'a URL without a slash', apply: (object, random) => ((someRule(object, random).nonResourceURLs = ['healthz']), true) },
  { name: 'a wildcard inside a URL', apply: (object, random) => ((someRule(object, random).nonResourceURLs = ['/api/*/pods']), true) },
  { name: 'URLs beside namespaces', apply: (object, random) => {
    const target = someRule(object, random);
    target.nonResourceURLs = ['/healthz'];
    target.namespaces = ['default'];
    return true;
  } },
  { name: 'an invalid group', apply: (object, random) => ((someRule(object, random).resources = [{ group: 'Apps_v1', resources: ['deployments'] }]), true) },
  { name: 'resource names without resources', apply: (object, random) => ((someRule(object, random).resources = [{ group: '', resourceNames: ['probe'] }]), true) },
  { name: 'verbs as a string', apply: (object, random) => ((someRule(object, random).verbs = 'get'), true) },
  { name: 'a field it ignores', apply: (object, random) => ((someRule(object, random).comment = 'added for the audit'), true) },
  { name: 'an unknown top-level stage', apply: (object) => ((object.omitStages = ['Panick']), true) },
  { name: 'an old apiVersion', apply: (object) => ((object.apiVersion = 'audit.k8s.io/v1beta1'), true) },
];

export function generateAuditCase(random: Random, index: number): AuditCase {
  const object: Data = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: Array.from({ length: 1 + Math.floor(random() * 5) }, () => rule(random)) };
  if (chance(random, 0.2)) object.omitStages = ['RequestReceived'];
  const mutations: string[] = [];
  const rounds = chance(random, 0.6) ? 0 : chance(random, 0.7) ? 1 : 2;
  for (let round = 0; round < rounds; round++) {
    const mutation = pick(random, MUTATIONS);
    if ((object.rules as Data[]).length > 0 && mutation.apply(object, random)) mutations.push(mutation.name);
  }
  return { index, text: stringify(object), object, mutations };
}
