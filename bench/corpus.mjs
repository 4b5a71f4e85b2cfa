// Deterministic benchmark inputs for `npm run bench`.
//
// 1. rbac-10k.yaml: a generated multi-document RBAC stream (Roles, ClusterRoles,
//    RoleBindings, ClusterRoleBindings), exactly 10,000 lines, ending on a document
//    boundary. A fixed-seed PRNG makes it byte-identical on every machine. A few
//    documents carry deliberate mistakes (unknown verb `destroy`, unknown field
//    `resource:`, wildcards, risky bindings) so that servers publish diagnostics.
// 2. bootstrap-policy.yaml: the real Kubernetes bootstrap RBAC policy, i.e. the files
//    <shared k8s>/bootstrap-policy/*.yaml (each one a `kind: List` document) joined
//    in name order with `---` separators, text otherwise unchanged. The shared folder is
//    path.resolve(repoRoot, '../shared/k8s'), overridable with KUBEWARD_SHARED_K8S.
//    When it is missing (e.g. a fresh clone), this input is skipped with a note.
//
// Usage as a script: node bench/corpus.mjs [dir]   (default: <os tmpdir>/kubeward-bench, see below)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultOutDir = path.join(repoRoot, 'bench', '.out');
// The YAML inputs live outside the repo on purpose: yaml-language-server matches `yaml.schemas`
// globs with picomatch without `dot: true`, so `*.yaml` never matches a file under `bench/.out/`
// (a dot folder) and it would silently validate nothing. Override with KUBEWARD_BENCH_INPUTS.
export const defaultInputDir = process.env.KUBEWARD_BENCH_INPUTS
  ? path.resolve(process.env.KUBEWARD_BENCH_INPUTS)
  : path.join(os.tmpdir(), 'kubeward-bench');

export const RBAC_LINES = 10_000;
const SEED = 0x6b756265; // "kube"

/** mulberry32: small, fast, deterministic PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = [
  'default', 'kube-system', 'monitoring', 'payments', 'checkout', 'ingress-nginx',
  'cert-manager', 'argocd', 'logging', 'ci', 'search', 'identity',
];
const TEAMS = ['payments', 'checkout', 'platform', 'sre', 'data', 'search', 'identity', 'growth', 'security'];
const APPS = ['api', 'worker', 'frontend', 'scheduler', 'exporter', 'operator', 'gateway', 'indexer', 'migrator'];

// apiGroup -> resources (real built-in names, some subresources)
const GROUPS = [
  ['', ['pods', 'pods/log', 'pods/exec', 'services', 'endpoints', 'configmaps', 'secrets',
    'serviceaccounts', 'persistentvolumeclaims', 'events', 'namespaces', 'nodes', 'pods/portforward']],
  ['apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale']],
  ['batch', ['jobs', 'cronjobs']],
  ['networking.k8s.io', ['ingresses', 'networkpolicies', 'ingresses/status']],
  ['rbac.authorization.k8s.io', ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']],
  ['coordination.k8s.io', ['leases']],
  ['policy', ['poddisruptionbudgets']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['discovery.k8s.io', ['endpointslices']],
  ['certificates.k8s.io', ['certificatesigningrequests', 'certificatesigningrequests/approval']],
];
const CLUSTER_ONLY = new Set(['namespaces', 'nodes', 'clusterroles', 'clusterrolebindings',
  'certificatesigningrequests', 'certificatesigningrequests/approval']);

const VERB_SETS = [
  ['get', 'list', 'watch'],
  ['get', 'list', 'watch'],
  ['get'],
  ['get', 'list'],
  ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  ['create', 'update', 'patch'],
  ['create', 'delete', 'deletecollection'],
  ['get', 'update', 'patch'],
];

function pick(rnd, arr) { return arr[Math.floor(rnd() * arr.length)]; }
function pickN(rnd, arr, n) {
  const pool = arr.slice();
  const out = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]);
  return out;
}
const q = (s) => JSON.stringify(s);
const flow = (items) => `[${items.map(q).join(', ')}]`;

/** Emits `key: [a, b]` (flow) or a block sequence, chosen by the PRNG. Returns lines. */
function list(rnd, indent, key, items, first = false) {
  const lead = first ? `${indent}- ` : `${indent}  `;
  if (rnd() < 0.6) return [`${lead}${key}: ${flow(items)}`];
  return [`${lead}${key}:`, ...items.map((i) => `${indent}  - ${/^[a-z][a-z0-9./-]*$/.test(i) ? i : q(i)}`)];
}

function rule(rnd, ctx, cluster) {
  const { i, r } = ctx;
  const out = [];
  if (cluster && rnd() < 0.05) {
    out.push(...list(rnd, '', 'nonResourceURLs', pick(rnd, [['/healthz', '/livez', '/readyz'], ['/metrics'], ['/version']]), true));
    out.push(...list(rnd, '', 'verbs', ['get']));
    return out;
  }
  const [group, resources] = pick(rnd, GROUPS);
  let res = pickN(rnd, resources.filter((x) => cluster || !CLUSTER_ONLY.has(x)), 1 + Math.floor(rnd() * 3));
  if (res.length === 0) res = ['configmaps'];
  let verbs = pick(rnd, VERB_SETS).slice();
  const g = group === '' || !res.some((x) => resources.includes(x)) ? '' : group;
  // deliberate wildcards and mistakes, keyed on the document index so that they are spread evenly
  if (i % 11 === 3 && r === 0) verbs = ['*'];
  if (i % 29 === 7 && r === 0) res = ['*'];
  if (i % 37 === 5 && r === 0) verbs = ['get', 'list', 'destroy']; // unknown verb
  out.push(...list(rnd, '', 'apiGroups', [i % 43 === 9 && r === 0 ? '*' : g], true));
  const resKey = i % 53 === 17 && r === 0 ? 'resource' : 'resources'; // unknown field `resource:`
  out.push(...list(rnd, '', resKey, res));
  if (!cluster && rnd() < 0.08 && !res.includes('*')) {
    out.push(...list(rnd, '', 'resourceNames', [`${pick(rnd, APPS)}-${i}`]));
  }
  out.push(...list(rnd, '', 'verbs', verbs));
  return out;
}

function metadata(rnd, name, ns) {
  const out = ['metadata:', `  name: ${name}`];
  if (ns) out.push(`  namespace: ${ns}`);
  if (rnd() < 0.7) {
    out.push('  labels:', `    app.kubernetes.io/part-of: ${pick(rnd, TEAMS)}`);
    if (rnd() < 0.5) out.push('    app.kubernetes.io/managed-by: helm');
  }
  if (rnd() < 0.15) out.push('  annotations:', `    kubeward.dev/owner: ${q(`team-${pick(rnd, TEAMS)}@example.com`)}`);
  return out;
}

function roleDoc(rnd, i, cluster) {
  const team = pick(rnd, TEAMS);
  const name = `${team}-${pick(rnd, APPS)}-${cluster ? 'cluster-' : ''}${pick(rnd, ['reader', 'editor', 'operator', 'deployer'])}-${i}`;
  const ns = cluster ? null : pick(rnd, NAMESPACES);
  const lines = ['apiVersion: rbac.authorization.k8s.io/v1', `kind: ${cluster ? 'ClusterRole' : 'Role'}`, ...metadata(rnd, name, ns)];
  if (cluster && rnd() < 0.06) {
    lines.push('aggregationRule:', '  clusterRoleSelectors:', '  - matchLabels:',
      `      rbac.example.com/aggregate-to-${team}: "true"`, 'rules: []');
    return lines;
  }
  lines.push('rules:');
  const n = 1 + Math.floor(rnd() * 5);
  for (let r = 0; r < n; r++) lines.push(...rule(rnd, { i, r }, cluster));
  return lines;
}

function subject(rnd, i, ns, s) {
  const k = rnd();
  if (i % 61 === 21 && s === 0) return ['- kind: Group', '  apiGroup: rbac.authorization.k8s.io', '  name: system:authenticated'];
  if (k < 0.6) return ['- kind: ServiceAccount', `  name: ${pick(rnd, APPS)}`, `  namespace: ${ns ?? pick(rnd, NAMESPACES)}`];
  if (k < 0.8) return ['- kind: User', '  apiGroup: rbac.authorization.k8s.io', `  name: ${q(`${pick(rnd, ['alice', 'bob', 'carol', 'dave', 'erin'])}@example.com`)}`];
  return ['- kind: Group', '  apiGroup: rbac.authorization.k8s.io', `  name: ${pick(rnd, ['oidc:', ''])}${pick(rnd, TEAMS)}-devs`];
}

function bindingDoc(rnd, i, cluster) {
  const team = pick(rnd, TEAMS);
  const ns = cluster ? null : pick(rnd, NAMESPACES);
  const toCluster = cluster || rnd() < 0.3;
  let roleName = `${team}-${pick(rnd, APPS)}-${toCluster ? 'cluster-' : ''}reader-${Math.max(0, i - 1 - Math.floor(rnd() * 20))}`;
  if (i % 67 === 31) roleName = 'cluster-admin';
  else if (toCluster && rnd() < 0.15) roleName = pick(rnd, ['view', 'edit', 'admin']);
  const lines = ['apiVersion: rbac.authorization.k8s.io/v1', `kind: ${cluster ? 'ClusterRoleBinding' : 'RoleBinding'}`,
    ...metadata(rnd, `${team}-${pick(rnd, APPS)}-binding-${i}`, ns), 'subjects:'];
  const n = 1 + Math.floor(rnd() * 3);
  for (let s = 0; s < n; s++) lines.push(...subject(rnd, i, ns, s));
  lines.push('roleRef:', '  apiGroup: rbac.authorization.k8s.io', `  kind: ${toCluster ? 'ClusterRole' : 'Role'}`, `  name: ${roleName}`);
  return lines;
}

/** A ClusterRole of exactly `n` lines (n >= 9), used to fill the stream up to the line count. */
function fillerDoc(n) {
  const lines = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: bench-filler', 'rules:'];
  let left = n - lines.length;
  const core = ['configmaps', 'services', 'endpoints', 'pods', 'serviceaccounts', 'persistentvolumeclaims'];
  for (let k = 0; left - 3 >= 4; k++) {
    lines.push('- apiGroups: [""]', `  resources: ["${core[k % core.length]}"]`, '  verbs: ["get", "list"]');
    left -= 3;
  }
  const verbs = ['get', 'list', 'watch'];
  lines.push('- apiGroups: [""]', '  resources: ["events"]', '  verbs:');
  for (let k = 0; k < left - 3; k++) lines.push(`  - ${verbs[k % verbs.length]}`);
  return lines;
}

/**
 * The generated RBAC stream: `lines` lines exactly (each ending in "\n"), documents separated
 * by `---`, never cut inside a document.
 */
export function generateRbacStream(lines = RBAC_LINES) {
  const rnd = prng(SEED);
  const docs = [];
  let total = 0; // lines used, including `---` separators
  for (let i = 0; ; i++) {
    const kindSel = i % 8; // 3 Roles, 2 RoleBindings, 2 ClusterRoles, 1 ClusterRoleBinding per 8
    const doc = kindSel < 3 ? roleDoc(rnd, i, false)
      : kindSel < 5 ? bindingDoc(rnd, i, false)
        : kindSel < 7 ? roleDoc(rnd, i, true)
          : bindingDoc(rnd, i, true);
    const cost = doc.length + (docs.length ? 1 : 0);
    if (total + cost > lines) break;
    docs.push(doc);
    total += cost;
  }
  // Fill the remainder with one document of the right size; drop documents until it fits.
  while (lines - total > 0 && lines - total - 1 < 9) {
    const d = docs.pop();
    total -= d.length + (docs.length ? 1 : 0);
  }
  if (lines - total > 0) {
    docs.push(fillerDoc(lines - total - (docs.length ? 1 : 0)));
  }
  const text = docs.map((d) => d.join('\n') + '\n').join('---\n');
  const count = text.split('\n').length - 1;
  if (count !== lines) throw new Error(`corpus: generated ${count} lines, expected ${lines}`);
  return { text, documents: docs.length };
}

export function sharedK8sDir() {
  return process.env.KUBEWARD_SHARED_K8S
    ? path.resolve(process.env.KUBEWARD_SHARED_K8S)
    : path.resolve(repoRoot, '../shared/k8s');
}

/** The bootstrap policy files joined with `---`, or null (with the reason) when unavailable. */
export function bootstrapPolicyStream() {
  const dir = path.join(sharedK8sDir(), 'bootstrap-policy');
  let files;
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return { text: null, reason: `${dir} not found; set KUBEWARD_SHARED_K8S to the shared k8s reference folder` };
  }
  if (files.length === 0) return { text: null, reason: `no *.yaml files in ${dir}` };
  const parts = files.map((f) => {
    const t = fs.readFileSync(path.join(dir, f), 'utf8');
    return t.endsWith('\n') ? t : t + '\n';
  });
  return { text: parts.join('---\n'), files: files.map((f) => path.join(dir, f)), documents: files.length };
}

/**
 * Writes the inputs into outDir and returns descriptors
 * { name, file, text, lines, bytes, documents, source } (skipped inputs are reported in `skipped`).
 */
export function prepareInputs(outDir = defaultInputDir, { log = console.log } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const inputs = [];
  const skipped = [];
  const add = (name, fileName, text, documents, source) => {
    const file = path.join(outDir, fileName);
    fs.writeFileSync(file, text);
    inputs.push({ name, file, text, lines: text.split('\n').length - 1, bytes: Buffer.byteLength(text), documents, source });
  };
  const rbac = generateRbacStream();
  add('rbac-10k', 'rbac-10k.yaml', rbac.text, rbac.documents, 'generated by bench/corpus.mjs (fixed seed)');
  const boot = bootstrapPolicyStream();
  if (boot.text) {
    add('bootstrap-policy', 'bootstrap-policy.yaml', boot.text, boot.documents,
      `Kubernetes bootstrap policy testdata: ${boot.files.map((f) => path.basename(f)).join(', ')}`);
  } else {
    skipped.push({ name: 'bootstrap-policy', reason: boot.reason });
    log(`note: skipping input bootstrap-policy: ${boot.reason}`);
  }
  return { inputs, skipped };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { inputs } = prepareInputs(process.argv[2] ? path.resolve(process.argv[2]) : defaultInputDir);
  for (const i of inputs) console.log(`${i.file}: ${i.lines} lines, ${i.bytes} bytes, ${i.documents} documents`);
}
