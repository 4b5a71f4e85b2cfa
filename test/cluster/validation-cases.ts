/**
 * The validation oracle's generator: valid objects of every kind Kubeward validates, changed by zero to three
 * mutations from a catalogue (drop, null or empty a field, wrong types, unknown fields, invalid names and labels,
 * selector operators, peers and ipBlocks, ports, RBAC words, subjects and roleRefs, CSR signers and usages, Secret
 * types and keys, YAML 1.1 scalars, duplicate keys, misindented selectors, removed versions). One seed gives the
 * same cases every time, so a disagreement can be replayed.
 */
import { stringify } from 'yaml';
import * as catalogue from './validation-catalogue';
import { chance, deleteAt, findAll, getAt, isMap, last, paths, pick, setAt, type Data, type Mutable, type Mutation, type Path, type Random } from './validation-data';
import { BATCH_BUILDERS, BATCH_MUTATIONS } from './validation-batch';
import { CONTROLLER_MUTATIONS, POD_MUTATIONS, WORKLOAD_BUILDERS } from './validation-workloads';


export interface ValidationCase {
  index: number;
  kind: string;
  /** The namespace the object is sent to; undefined for cluster-scoped kinds. */
  namespace?: string;
  /** apiVersion/kind the object is posted as (before any version mutation). */
  apiVersion: string;
  mutations: string[];
  yaml: string;
}

export interface GeneratorContext {
  /** Namespaces that exist in the cluster. */
  namespaces: string[];
  /** PEM certificate requests (base64 of the PEM), for CertificateSigningRequests. */
  requests: string[];
  /** The kinds to generate (all when undefined). */
  kinds?: string[];
}

// ------------------------------------------------------------------------------------------------------------
// Valid objects

const RBAC = 'rbac.authorization.k8s.io';

function labels(random: Random): Data | undefined {
  return chance(random, 0.5) ? { app: pick(random, ['web', 'db', 'api']), ...(chance(random, 0.3) ? { 'app.kubernetes.io/part-of': 'shop' } : {}) } : undefined;
}

function selector(random: Random): Data {
  const choice = random();
  if (choice < 0.25) return {};
  if (choice < 0.7) return { matchLabels: { app: pick(random, ['web', 'db', 'api']) } };
  return { matchExpressions: [{ key: 'tier', operator: pick(random, ['In', 'NotIn']), values: ['front', 'back'] }, ...(chance(random, 0.4) ? [{ key: 'app', operator: 'Exists' }] : [])] };
}

function meta(random: Random, name: string, namespace?: string): Data {
  const labelSet = labels(random);
  return { name, ...(namespace ? { namespace } : {}), ...(labelSet ? { labels: labelSet } : {}), ...(chance(random, 0.15) ? { annotations: { 'example.com/owner': 'team-a' } } : {}) };
}

function policyRule(random: Random, namespaced: boolean): Data {
  if (!namespaced && chance(random, 0.15)) return { nonResourceURLs: [pick(random, ['/healthz', '/metrics', '/api/*'])], verbs: ['get'] };
  const rule: Data = { apiGroups: [pick(random, ['', 'apps', 'batch'])], resources: [pick(random, ['pods', 'configmaps', 'deployments', 'jobs', 'secrets'])], verbs: ['get', 'list'] };
  if (chance(random, 0.2)) rule.resourceNames = ['web'];
  return rule;
}

function subject(random: Random, namespace: string | undefined): Data {
  const kind = pick(random, ['User', 'Group', 'ServiceAccount']);
  if (kind === 'ServiceAccount') return { kind, name: pick(random, ['ci', 'deployer']), namespace: namespace ?? 'oracle-a' };
  return { kind, name: kind === 'User' ? 'jane' : 'developers', apiGroup: RBAC };
}

const BUILDERS: Record<string, (random: Random, context: GeneratorContext, name: string) => { apiVersion: string; namespaced: boolean; object: Data }> = {
  Role: (random, context, name) => {
    const namespace = pick(random, context.namespaces);
    return { apiVersion: `${RBAC}/v1`, namespaced: true, object: { metadata: meta(random, name, namespace), rules: [policyRule(random, true), ...(chance(random, 0.4) ? [policyRule(random, true)] : [])] } };
  },
  ClusterRole: (random, _context, name) => {
    const object: Data = { metadata: meta(random, name), rules: [policyRule(random, false)] };
    if (chance(random, 0.2)) object.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-shop': 'true' } }] };
    return { apiVersion: `${RBAC}/v1`, namespaced: false, object };
  },
  RoleBinding: (random, context, name) => {
    const namespace = pick(random, context.namespaces);
    const roleRef = { apiGroup: RBAC, kind: pick(random, ['Role', 'ClusterRole']), name: 'reader' };
    return { apiVersion: `${RBAC}/v1`, namespaced: true, object: { metadata: meta(random, name, namespace), subjects: [subject(random, namespace)], roleRef } };
  },
  ClusterRoleBinding: (random, _context, name) => {
    return { apiVersion: `${RBAC}/v1`, namespaced: false, object: { metadata: meta(random, name), subjects: [subject(random, undefined)], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' } } };
  },
  NetworkPolicy: (random, context, name) => {
    const namespace = pick(random, context.namespaces);
    const peer = (): Data => {
      const choice = random();
      if (choice < 0.35) return { podSelector: selector(random) };
      if (choice < 0.6) return { namespaceSelector: selector(random) };
      if (choice < 0.8) return { namespaceSelector: selector(random), podSelector: selector(random) };
      return { ipBlock: { cidr: '10.0.0.0/8', ...(chance(random, 0.5) ? { except: ['10.1.0.0/16'] } : {}) } };
    };
    const port = (): Data => (chance(random, 0.5) ? { protocol: 'TCP', port: 8080 } : chance(random, 0.5) ? { port: 'http' } : { port: 8000, endPort: 8080 });
    const spec: Data = { podSelector: selector(random) };
    if (chance(random, 0.8)) spec.ingress = [{ from: [peer(), ...(chance(random, 0.3) ? [peer()] : [])], ...(chance(random, 0.5) ? { ports: [port()] } : {}) }];
    if (chance(random, 0.4)) spec.egress = [{ to: [peer()], ...(chance(random, 0.5) ? { ports: [port()] } : {}) }];
    if (chance(random, 0.5)) spec.policyTypes = [...(spec.ingress || !spec.egress ? ['Ingress'] : []), ...(spec.egress ? ['Egress'] : [])];
    return { apiVersion: 'networking.k8s.io/v1', namespaced: true, object: { metadata: meta(random, name, namespace), spec } };
  },
  CertificateSigningRequest: (random, context, name) => {
    const spec: Data = { request: pick(random, context.requests), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] };
    if (chance(random, 0.3)) spec.usages = ['digital signature', 'key encipherment', 'client auth'];
    if (chance(random, 0.3)) spec.expirationSeconds = 3600;
    return { apiVersion: 'certificates.k8s.io/v1', namespaced: false, object: { metadata: meta(random, name), spec } };
  },
  ServiceAccount: (random, context, name) => {
    const namespace = pick(random, context.namespaces);
    return { apiVersion: 'v1', namespaced: true, object: { metadata: meta(random, name, namespace), ...(chance(random, 0.3) ? { automountServiceAccountToken: false } : {}) } };
  },
  Secret: (random, context, name) => {
    const namespace = pick(random, context.namespaces);
    const type = pick(random, ['Opaque', 'kubernetes.io/tls', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth']);
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const data: Record<string, Data> = {
      Opaque: { data: { token: base64('s3cr3t') } },
      'kubernetes.io/tls': { data: { 'tls.crt': base64('cert'), 'tls.key': base64('key') } },
      'kubernetes.io/dockerconfigjson': { data: { '.dockerconfigjson': base64('{"auths":{}}') } },
      'kubernetes.io/basic-auth': { stringData: { username: 'admin', password: 'hunter2' } },
      'kubernetes.io/ssh-auth': { data: { 'ssh-privatekey': base64('key') } },
    };
    return { apiVersion: 'v1', namespaced: true, object: { metadata: meta(random, name, namespace), type, ...data[type] } };
  },
  Namespace: (random, _context, name) => ({ apiVersion: 'v1', namespaced: false, object: { metadata: meta(random, name) } }),
};

for (const [kind, build] of Object.entries({ ...WORKLOAD_BUILDERS, ...BATCH_BUILDERS })) {
  BUILDERS[kind] = (random, context, name) => {
    const namespace = pick(random, context.namespaces);
    return { ...build(random, namespace, meta(random, name, namespace)), namespaced: true };
  };
}

export const KINDS = Object.keys(BUILDERS);

let placeholderCount = 0;
const placeholder = () => `kwplaceholder${placeholderCount++}x`;

const MUTATIONS: Record<string, Mutation> = {
  drop(random, { object }) {
    const candidates = paths(object);
    if (candidates.length === 0) return undefined;
    const { path } = pick(random, candidates);
    deleteAt(object, path);
    return `drop ${path.join('.')}`;
  },
  null(random, { object }) {
    const candidates = paths(object).filter(({ path }) => typeof last(path) === 'string');
    if (candidates.length === 0) return undefined;
    const { path } = pick(random, candidates);
    setAt(object, path, null);
    return `null ${path.join('.')}`;
  },
  empty(random, { object }) {
    const candidates = paths(object).filter(({ value }) => typeof value === 'string' || Array.isArray(value) || isMap(value));
    if (candidates.length === 0) return undefined;
    const { path, value } = pick(random, candidates);
    setAt(object, path, typeof value === 'string' ? '' : Array.isArray(value) ? [] : {});
    return `empty ${path.join('.')}`;
  },
  duplicateItem(random, { object }) {
    const candidates = paths(object).filter(({ value }) => Array.isArray(value) && value.length > 0);
    if (candidates.length === 0) return undefined;
    const { path, value } = pick(random, candidates);
    const list = value as unknown[];
    list.push(structuredClone(pick(random, list)));
    return `duplicate an item of ${path.join('.')}`;
  },
  wrongType(random, { object }) {
    const candidates = paths(object);
    if (candidates.length === 0) return undefined;
    const { path, value } = pick(random, candidates);
    const replacement = typeof value === 'string' ? pick(random, [[value], 42, true, { value }]) : Array.isArray(value) ? pick(random, ['text', { item: value[0] ?? 'x' }]) : isMap(value) ? pick(random, ['text', [value]]) : pick(random, ['text', [value]]);
    setAt(object, path, replacement);
    return `wrong type at ${path.join('.')}`;
  },
  unknownField(random, { object }) {
    const candidates = paths({ root: object }).filter(({ value }) => isMap(value)).map(({ path }) => path.slice(1));
    const path = pick(random, candidates);
    const map = (path.length === 0 ? object : getAt(object, path)) as Data;
    const field = pick(random, catalogue.UNKNOWN_FIELDS);
    if (field in map) return undefined;
    map[field] = pick(random, ['x', ['a'], { a: 'b' }, 1]);
    return `unknown field ${[...path, field].join('.')}`;
  },
  name(random, { object }) {
    const metadata = (object.metadata ??= {}) as Data;
    if (chance(random, 0.25)) {
      delete metadata.name;
      metadata.generateName = pick(random, catalogue.GENERATE_NAMES);
      return `generateName ${JSON.stringify(metadata.generateName)}`;
    }
    metadata.name = pick(random, catalogue.NAMES);
    return `name ${JSON.stringify(metadata.name)}`;
  },
  referenceName(random, { object }) {
    const candidates = findAll(object, (path) => last(path) === 'name' && path[0] !== 'metadata');
    if (candidates.length === 0) return undefined;
    const path = pick(random, candidates);
    setAt(object, path, pick(random, [...catalogue.NAMES, ...catalogue.SUBJECT_NAMES]));
    return `name ${JSON.stringify(getAt(object, path))} at ${path.join('.')}`;
  },
  label(random, { object }) {
    const maps = [['metadata', 'labels'], ['metadata', 'annotations'], ...findAll(object, (path) => last(path) === 'matchLabels')];
    const path = pick(random, maps) as Path;
    let map = getAt(object, path);
    if (!isMap(map)) {
      const metadata = (object.metadata ??= {});
      if (path[0] !== 'metadata' || !isMap(metadata)) return undefined;
      map = {};
      metadata[path[1]] = map;
    }
    const key = pick(random, catalogue.LABEL_KEYS);
    const value = pick(random, catalogue.LABEL_VALUES);
    (map as Data)[key] = value;
    return `label ${JSON.stringify(key)}: ${JSON.stringify(value)} in ${path.join('.')}`;
  },
  expression(random, { object }) {
    const selectors = findAll(object, (path, value) => isMap(value) && ['podSelector', 'namespaceSelector'].includes(String(last(path)))).concat(findAll(object, (path) => path[0] === 'aggregationRule' && typeof last(path) === 'number'));
    if (selectors.length === 0) return undefined;
    const path = pick(random, selectors);
    const selectorData = getAt(object, path) as Data;
    const count = Math.floor(random() * 3);
    const requirement: Data = { key: pick(random, catalogue.LABEL_KEYS), operator: pick(random, catalogue.OPERATORS) };
    if (count > 0) requirement.values = Array.from({ length: count }, () => pick(random, catalogue.LABEL_VALUES));
    selectorData.matchExpressions = [...((selectorData.matchExpressions as unknown[]) ?? []), requirement];
    return `expression ${JSON.stringify(requirement)} in ${path.join('.')}`;
  },
  yaml11(random, target) {
    const candidates = paths(target.object).filter(({ value }) => typeof value === 'string');
    if (candidates.length === 0) return undefined;
    const { path } = pick(random, candidates);
    const marker = placeholder();
    const scalar = pick(random, catalogue.YAML_11_SCALARS);
    setAt(target.object, path, marker);
    target.textEdits.push({ placeholder: marker, apply: (text) => text.replace(marker, scalar) });
    return `plain ${scalar} at ${path.join('.')}`;
  },
  duplicateKey(random, target) {
    const candidates = paths(target.object).filter(({ path, value }) => typeof last(path) === 'string' && (typeof value === 'string' || typeof value === 'number'));
    if (candidates.length === 0) return undefined;
    const { path, value } = pick(random, candidates);
    const marker = placeholder();
    setAt(target.object, path, marker);
    const written = JSON.stringify(value);
    const second = chance(random, 0.5) ? written : JSON.stringify(`${String(value)}-again`);
    target.textEdits.push({
      placeholder: marker,
      apply: (text) =>
        text
          .split('\n')
          .flatMap((line) => {
            if (!line.includes(marker)) return [line];
            const again = line.replace(/^(\s*)- /, '$1  ').replace(marker, second);
            return [line.replace(marker, written), again];
          })
          .join('\n'),
    });
    return `duplicate key ${path.join('.')}`;
  },
};

/** Mutations that only make sense for some kinds. */
const KIND_MUTATIONS: Record<string, Record<string, Mutation>> = {
  NetworkPolicy: {
    misindent(_random, target) {
      target.textEdits.push({ placeholder: '', apply: misindentSelector });
      return 'misindent a selector';
    },
    ipBlock(random, { object }) {
      const peers = findAll(object, (path, value) => isMap(value) && typeof last(path) === 'number' && (path.includes('from') || path.includes('to')));
      if (peers.length === 0) return undefined;
      const path = pick(random, peers);
      const peer = getAt(object, path) as Data;
      if (chance(random, 0.5)) peer.ipBlock = { cidr: pick(random, catalogue.CIDRS), ...(chance(random, 0.5) ? { except: [pick(random, catalogue.EXCEPTS)] } : {}) };
      else peer[pick(random, ['podSelector', 'namespaceSelector'])] = chance(random, 0.5) ? {} : null;
      return `peer ${JSON.stringify(peer)} at ${path.join('.')}`;
    },
    peer(random, { object }) {
      const lists = findAll(object, (path, value) => Array.isArray(value) && (last(path) === 'from' || last(path) === 'to'));
      if (lists.length === 0) return undefined;
      const path = pick(random, lists);
      const peer = pick(random, [{}, { podSelector: null }, { namespaceSelector: null, podSelector: { matchLabels: { app: 'web' } } }, { podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: null }, { ipBlock: null }, { podSelector: {}, namespaceSelector: {} }]);
      (getAt(object, path) as unknown[]).push(peer);
      return `add peer ${JSON.stringify(peer)} to ${path.join('.')}`;
    },
    ports(random, { object }) {
      const rules = findAll(object, (path, value) => isMap(value) && typeof last(path) === 'number' && (path[1] === 'ingress' || path[1] === 'egress') && path.length === 3);
      if (rules.length === 0) return undefined;
      const path = pick(random, rules);
      const port: Data = {};
      if (chance(random, 0.8)) port.port = pick(random, catalogue.PORTS);
      if (chance(random, 0.4)) port.endPort = pick(random, catalogue.END_PORTS);
      if (chance(random, 0.5)) port.protocol = pick(random, catalogue.PROTOCOLS);
      (getAt(object, path) as Data).ports = [port];
      return `ports ${JSON.stringify(port)} at ${path.join('.')}`;
    },
    policyTypes(random, { object }) {
      const types = pick(random, catalogue.POLICY_TYPES);
      ((object.spec ??= {}) as Data).policyTypes = types;
      return `policyTypes ${JSON.stringify(types)}`;
    },
  },
  ...Object.fromEntries(Object.keys(WORKLOAD_BUILDERS).map((kind) => [kind, kind === 'Pod' ? POD_MUTATIONS : { ...POD_MUTATIONS, ...CONTROLLER_MUTATIONS }])),
  ...BATCH_MUTATIONS,
  Role: { rule: ruleMutation(true) },
  ClusterRole: { rule: ruleMutation(false) },
  RoleBinding: { subject: subjectMutation, roleRef: roleRefMutation },
  ClusterRoleBinding: { subject: subjectMutation, roleRef: roleRefMutation },
  CertificateSigningRequest: {
    signer(random, { object }) {
      const signerName = pick(random, catalogue.SIGNER_NAMES);
      ((object.spec ??= {}) as Data).signerName = signerName;
      return `signerName ${JSON.stringify(signerName)}`;
    },
    usages(random, { object }) {
      const usages = Array.from({ length: Math.floor(random() * 3) }, () => pick(random, catalogue.USAGES));
      ((object.spec ??= {}) as Data).usages = usages;
      return `usages ${JSON.stringify(usages)}`;
    },
    expiration(random, { object }) {
      const seconds = pick(random, catalogue.EXPIRATIONS);
      ((object.spec ??= {}) as Data).expirationSeconds = seconds;
      return `expirationSeconds ${JSON.stringify(seconds)}`;
    },
  },
  Secret: {
    type(random, { object }) {
      object.type = pick(random, catalogue.SECRET_TYPES);
      return `type ${JSON.stringify(object.type)}`;
    },
    key(random, { object }) {
      const field = chance(random, 0.7) ? 'data' : 'stringData';
      const key = pick(random, catalogue.SECRET_KEYS);
      const text = key.startsWith('.docker') ? pick(random, catalogue.SECRET_JSON_VALUES) : 'value';
      ((object[field] ??= {}) as Data)[key] = field === 'data' ? Buffer.from(text).toString('base64') : text;
      return `${field} key ${JSON.stringify(key)}`;
    },
  },
};

function ruleMutation(namespaced: boolean): Mutation {
  return (random, { object }) => {
    const rule: Data = {};
    const lists: [string, readonly string[]][] = [['verbs', catalogue.VERBS], ['apiGroups', catalogue.API_GROUPS], ['resources', catalogue.RESOURCES], ['resourceNames', catalogue.RESOURCE_NAMES], ['nonResourceURLs', catalogue.NON_RESOURCE_URLS]];
    for (const [field, values] of lists) {
      const probability = field === 'nonResourceURLs' ? (namespaced ? 0.1 : 0.3) : field === 'resourceNames' ? 0.2 : 0.85;
      if (chance(random, probability)) rule[field] = Array.from({ length: Math.floor(random() * 3) }, () => pick(random, values));
    }
    object.rules = [...((object.rules as unknown[]) ?? []), rule];
    return `rule ${JSON.stringify(rule)}`;
  };
}

function subjectMutation(random: Random, { object }: Mutable): string {
  const subjectData: Data = { kind: pick(random, catalogue.SUBJECT_KINDS), name: pick(random, catalogue.SUBJECT_NAMES) };
  if (chance(random, 0.6)) subjectData.apiGroup = pick(random, catalogue.SUBJECT_API_GROUPS);
  if (chance(random, 0.5)) subjectData.namespace = pick(random, ['oracle-a', '', 'Bad_NS']);
  object.subjects = [...((object.subjects as unknown[]) ?? []), subjectData];
  return `subject ${JSON.stringify(subjectData)}`;
}

function roleRefMutation(random: Random, { object }: Mutable): string {
  const roleRef: Data = { kind: pick(random, catalogue.ROLE_REF_KINDS), name: pick(random, ['reader', 'view', '', 'a/b', 'Reader']) };
  if (chance(random, 0.7)) roleRef.apiGroup = pick(random, catalogue.ROLE_REF_API_GROUPS);
  object.roleRef = roleRef;
  return `roleRef ${JSON.stringify(roleRef)}`;
}

/**
 * Dedents the first `matchLabels`/`matchExpressions` block found under a selector written in block style, so it
 * sits beside the selector instead of under it (the selector is left with no value).
 */
function misindentSelector(text: string): string {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length - 1; index++) {
    const selectorLine = /^(\s*)(- )?(podSelector|namespaceSelector):\s*$/.exec(lines[index]);
    if (!selectorLine) continue;
    const keyIndent = selectorLine[1].length + (selectorLine[2] ? 2 : 0);
    const child = /^(\s*)(matchLabels|matchExpressions):/.exec(lines[index + 1]);
    if (!child || child[1].length !== keyIndent + 2) continue;
    for (let line = index + 1; line < lines.length && lines[line].length - lines[line].trimStart().length > keyIndent; line++) lines[line] = lines[line].slice(2);
    return lines.join('\n');
  }
  return text;
}

// ------------------------------------------------------------------------------------------------------------
// Cases

export function generateCase(random: Random, index: number, context: GeneratorContext): ValidationCase {
  const kind = pick(random, context.kinds ?? KINDS);
  const built = BUILDERS[kind](random, context, `oracle-${index}`);
  const target: Mutable = { object: built.object, textEdits: [] };
  const count = pick(random, [0, 1, 1, 1, 1, 1, 2, 2, 3]);
  const available = { ...MUTATIONS, ...(KIND_MUTATIONS[kind] ?? {}) };
  const names = Object.keys(available);
  const mutations: string[] = [];
  for (let attempt = 0; mutations.length < count && attempt < count * 4; attempt++) {
    // Mutations of the kind's own fields are picked as often as all generic ones together.
    const name = KIND_MUTATIONS[kind] && chance(random, 0.5) ? pick(random, Object.keys(KIND_MUTATIONS[kind])) : pick(random, names);
    // A mutation may find the object already changed out of its shape by an earlier one; it is then skipped.
    let description: string | undefined;
    try {
      description = available[name](random, target);
    } catch {
      description = undefined;
    }
    if (description) mutations.push(description);
  }
  let apiVersion = built.apiVersion;
  if (chance(random, 0.03)) {
    apiVersion = pick(random, catalogue.REMOVED_VERSIONS[built.apiVersion]);
    mutations.push(`apiVersion ${apiVersion}`);
  }
  let yaml = stringify({ apiVersion, kind, ...target.object }, { lineWidth: 0 });
  for (const edit of target.textEdits) yaml = edit.apply(yaml);
  const written = isMap(target.object.metadata) ? target.object.metadata.namespace : undefined;
  const namespace = built.namespaced ? (typeof written === 'string' && context.namespaces.includes(written) ? written : 'default') : undefined;
  return { index, kind, namespace, apiVersion: built.apiVersion, mutations, yaml };
}
