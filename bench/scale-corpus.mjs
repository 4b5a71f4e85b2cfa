// The scale workspace of issue #8: a deterministic tree of manifest files (default 5,000) holding about 50,000
// RBAC rules across 200 namespaces, plus ServiceAccounts, Deployments, Services and NetworkPolicies.
//
// Layout (for the default 5,000 files; fewer files shrink every namespace in proportion):
//   <dir>/namespaces/<ns>/namespace.yaml          Namespace + 3 ServiceAccounts
//   <dir>/namespaces/<ns>/rbac/access-NN.yaml     14 per namespace: 3 Roles (3-8 rules each) + 2 RoleBindings
//   <dir>/namespaces/<ns>/apps/<app>.yaml         6 per namespace: Deployment (labels, probes, securityContext) + Service
//   <dir>/namespaces/<ns>/netpol/netpol-NN.yaml   3 per namespace: default deny, tier-to-tier, ingress + DNS egress
//   <dir>/cluster/clusterroles-NNN.yaml           200: 2 ClusterRoles (4-14 rules each) + 1 ClusterRoleBinding
// Subjects are the namespace's ServiceAccounts, ServiceAccounts of other namespaces, users and groups
// (`<team>-devs`, `oidc:<team>-oncall`) that recur across namespaces. A few documents carry deliberate mistakes
// (an unknown field `resource:` in a rule, `replica:` in a Deployment spec) so that both tools have something to report.
//
// Usage as a script: node bench/scale-corpus.mjs [dir] [--files N]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './corpus.mjs';

const SEED = 0x7363616c; // "scal"

const pick = (rnd, arr) => arr[Math.floor(rnd() * arr.length)];
function pickN(rnd, arr, n) {
  const pool = arr.slice();
  const out = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]);
  return out;
}
const between = (rnd, lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const q = (s) => JSON.stringify(s);
const clusterRoleName = (c, suffix) => `${TEAMS[c % TEAMS.length]}-cluster-${c}-${suffix}`;
const flow = (items) => `[${items.map(q).join(', ')}]`;

const TEAMS = ['payments', 'checkout', 'platform', 'sre', 'data', 'search', 'identity', 'growth', 'security', 'billing',
  'catalog', 'orders', 'shipping', 'notify', 'media', 'ads', 'ml', 'risk', 'support', 'web'];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'perf', 'sandbox', 'canary', 'eu', 'us', 'apac'];
const APPS = ['api', 'worker', 'frontend', 'scheduler', 'exporter', 'gateway', 'indexer', 'migrator', 'cache', 'consumer'];
const TIERS = { api: 'backend', worker: 'backend', frontend: 'frontend', scheduler: 'backend', exporter: 'monitoring',
  gateway: 'edge', indexer: 'backend', migrator: 'jobs', cache: 'data', consumer: 'backend' };
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter'];

/** The 200 namespace names: every team in every environment. */
export function namespaceNames(count = 200) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(`${TEAMS[i % TEAMS.length]}-${ENVS[Math.floor(i / TEAMS.length) % ENVS.length]}${i >= TEAMS.length * ENVS.length ? `-${Math.floor(i / 200)}` : ''}`);
  return out;
}

const GROUPS = [
  ['', ['pods', 'pods/log', 'pods/exec', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts',
    'persistentvolumeclaims', 'events', 'pods/portforward', 'replicationcontrollers', 'resourcequotas', 'limitranges']],
  ['apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale', 'statefulsets/scale']],
  ['batch', ['jobs', 'cronjobs']],
  ['networking.k8s.io', ['ingresses', 'networkpolicies', 'ingresses/status']],
  ['rbac.authorization.k8s.io', ['roles', 'rolebindings']],
  ['coordination.k8s.io', ['leases']],
  ['policy', ['poddisruptionbudgets']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['discovery.k8s.io', ['endpointslices']],
  ['monitoring.coreos.com', ['servicemonitors', 'podmonitors', 'prometheusrules']],
];
const CLUSTER_GROUPS = [
  ['', ['namespaces', 'nodes', 'persistentvolumes', 'nodes/proxy', 'pods', 'secrets', 'configmaps', 'events']],
  ['storage.k8s.io', ['storageclasses', 'volumeattachments', 'csidrivers']],
  ['apiextensions.k8s.io', ['customresourcedefinitions']],
  ['admissionregistration.k8s.io', ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']],
  ['certificates.k8s.io', ['certificatesigningrequests']],
  ['rbac.authorization.k8s.io', ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings']],
  ['apps', ['deployments', 'daemonsets', 'statefulsets']],
  ['metrics.k8s.io', ['pods', 'nodes']],
];
const VERB_SETS = [
  ['get', 'list', 'watch'], ['get', 'list', 'watch'], ['get', 'list', 'watch'], ['get'], ['get', 'list'],
  ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['create', 'update', 'patch'],
  ['create', 'delete', 'deletecollection'], ['get', 'update', 'patch'],
];

function listLines(rnd, indent, key, items, first) {
  const lead = first ? `${indent}- ` : `${indent}  `;
  if (rnd() < 0.6) return [`${lead}${key}: ${flow(items)}`];
  return [`${lead}${key}:`, ...items.map((i) => `${indent}  - ${/^[a-z][a-z0-9./-]*$/.test(i) ? i : q(i)}`)];
}

function ruleLines(rnd, groups, mistake) {
  const [group, resources] = pick(rnd, groups);
  const res = pickN(rnd, resources, between(rnd, 1, 3));
  const out = [...listLines(rnd, '', 'apiGroups', [group], true)];
  out.push(...listLines(rnd, '', mistake ? 'resource' : 'resources', res));
  if (rnd() < 0.07) out.push(...listLines(rnd, '', 'resourceNames', [`${pick(rnd, APPS)}-config`]));
  out.push(...listLines(rnd, '', 'verbs', pick(rnd, VERB_SETS)));
  return out;
}

function labels(indent, map) {
  return Object.entries(map).map(([k, v]) => `${indent}${k}: ${/^[a-z0-9][a-z0-9.-]*$/i.test(v) ? v : q(v)}`);
}

function subjectLines(rnd, ctx, forced) {
  const kind = forced ?? pick(rnd, ['sa', 'sa', 'sa', 'sa-other', 'user', 'group', 'group']);
  if (kind === 'sa') return ['- kind: ServiceAccount', `  name: ${pick(rnd, ctx.apps)}`, `  namespace: ${ctx.ns}`];
  if (kind === 'sa-other') return ['- kind: ServiceAccount', `  name: ${pick(rnd, APPS)}`, `  namespace: ${pick(rnd, ctx.namespaces)}`];
  if (kind === 'user') return ['- kind: User', '  apiGroup: rbac.authorization.k8s.io', `  name: ${pick(rnd, USERS)}@example.com`];
  return ['- kind: Group', '  apiGroup: rbac.authorization.k8s.io', `  name: ${rnd() < 0.7 ? `${ctx.team}-devs` : `oidc:${pick(rnd, TEAMS)}-oncall`}`];
}

function metadata(name, ns, extra = {}) {
  const out = ['metadata:', `  name: ${name}`];
  if (ns) out.push(`  namespace: ${ns}`);
  out.push('  labels:', ...labels('    ', { 'app.kubernetes.io/managed-by': 'kustomize', ...extra }));
  return out;
}

/** Generates the workspace in memory: [{ rel, text }] plus counts. */
export function generateScaleWorkspace({ files = 5000 } = {}) {
  const rnd = prng(SEED);
  const nsCount = Math.max(1, Math.round((200 * files) / 5000));
  const namespaces = namespaceNames(nsCount);
  const perNs = { rbac: 14, apps: 6, netpol: 3 };
  const clusterFiles = Math.max(0, files - nsCount * (1 + perNs.rbac + perNs.apps + perNs.netpol));
  const out = [];
  const counts = { files: 0, documents: 0, rules: 0, roles: 0, clusterRoles: 0, roleBindings: 0, clusterRoleBindings: 0,
    subjects: 0, deployments: 0, services: 0, networkPolicies: 0, serviceAccounts: 0, namespaces: 0 };
  const emit = (rel, docs) => {
    out.push({ rel, text: docs.map((d) => d.join('\n') + '\n').join('---\n') });
    counts.documents += docs.length;
  };

  namespaces.forEach((ns, n) => {
    const team = TEAMS[n % TEAMS.length];
    const apps = pickN(rnd, APPS, perNs.apps);
    const ctx = { ns, team, apps, namespaces };
    const base = `namespaces/${ns}`;
    // Namespace and ServiceAccounts
    const docs = [['apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${ns}`, '  labels:',
      ...labels('    ', { team, environment: ns.slice(team.length + 1), 'pod-security.kubernetes.io/enforce': 'restricted' })]];
    counts.namespaces++;
    for (const app of apps.slice(0, 3)) {
      docs.push(['apiVersion: v1', 'kind: ServiceAccount', ...metadata(app, ns, { 'app.kubernetes.io/name': app }), 'automountServiceAccountToken: false']);
      counts.serviceAccounts++;
    }
    emit(`${base}/namespace.yaml`, docs);

    // RBAC: 3 Roles + 2 RoleBindings per file
    for (let f = 0; f < perNs.rbac; f++) {
      const rdocs = [];
      const roleNames = [];
      for (let r = 0; r < 3; r++) {
        const name = `${team}-${pick(rnd, apps)}-${pick(rnd, ['reader', 'editor', 'operator', 'deployer', 'debugger'])}-${f}${r}`;
        roleNames.push(name);
        const lines = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: Role', ...metadata(name, ns, { team }), 'rules:'];
        const nRules = between(rnd, 3, 8);
        for (let k = 0; k < nRules; k++) lines.push(...ruleLines(rnd, GROUPS, (n * 31 + f * 7 + r + k) % 997 === 0));
        counts.rules += nRules;
        counts.roles++;
        rdocs.push(lines);
      }
      for (let b = 0; b < 2; b++) {
        const toCluster = b === 1 && rnd() < 0.35;
        const roleRef = toCluster
          ? ['roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: ClusterRole', `  name: ${rnd() < 0.5 ? pick(rnd, ['view', 'edit']) : clusterRoleName(between(rnd, 0, Math.max(0, clusterFiles - 1)), pick(rnd, ['a', 'b']))}`]
          : ['roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: Role', `  name: ${roleNames[b === 0 ? 0 : between(rnd, 1, 2)]}`];
        const lines = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: RoleBinding', ...metadata(`${roleNames[0]}-binding-${b}`, ns, { team }), 'subjects:'];
        // The first binding of each namespace's first file binds the namespace's first ServiceAccount and its team's
        // group: the subjects the scale benchmark hovers on.
        const forced = f === 0 && b === 0 ? ['sa-first', 'group'] : [];
        const nSubjects = Math.max(forced.length, between(rnd, 1, 4));
        for (let s = 0; s < nSubjects; s++) {
          const kind = forced[s];
          if (kind === 'sa-first') lines.push('- kind: ServiceAccount', `  name: ${apps[0]}`, `  namespace: ${ns}`);
          else if (kind === 'group') lines.push('- kind: Group', '  apiGroup: rbac.authorization.k8s.io', `  name: ${team}-devs`);
          else lines.push(...subjectLines(rnd, ctx));
        }
        counts.subjects += nSubjects;
        lines.push(...roleRef);
        counts.roleBindings++;
        rdocs.push(lines);
      }
      emit(`${base}/rbac/access-${String(f).padStart(2, '0')}.yaml`, rdocs);
    }

    // Workloads: Deployment + Service
    apps.forEach((app, a) => {
      const tier = TIERS[app];
      const l = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': team, tier };
      const replicaTypo = (n * 6 + a) % 211 === 5;
      const dep = ['apiVersion: apps/v1', 'kind: Deployment', ...metadata(app, ns, l), 'spec:',
        `  ${replicaTypo ? 'replica' : 'replicas'}: ${between(rnd, 1, 6)}`,
        '  selector:', '    matchLabels:', ...labels('      ', { 'app.kubernetes.io/name': app }),
        '  template:', '    metadata:', '      labels:', ...labels('        ', l),
        '    spec:', `      serviceAccountName: ${a < 3 ? app : 'default'}`,
        '      securityContext:', '        runAsNonRoot: true', '        seccompProfile:', '          type: RuntimeDefault',
        '      containers:', `      - name: ${app}`, `        image: registry.example.com/${team}/${app}:1.${between(rnd, 0, 40)}.${between(rnd, 0, 9)}`,
        '        ports:', '        - name: http', `          containerPort: ${pick(rnd, [8080, 8080, 9090, 3000])}`];
      if (rnd() < 0.4) dep.push('        - name: metrics', '          containerPort: 9102');
      dep.push('        env:', '        - name: LOG_LEVEL', `          value: ${pick(rnd, ['info', 'debug', 'warn'])}`,
        '        resources:', '          requests:', `            cpu: ${pick(rnd, ['50m', '100m', '250m'])}`, `            memory: ${pick(rnd, ['64Mi', '128Mi', '256Mi'])}`,
        '          limits:', `            memory: ${pick(rnd, ['256Mi', '512Mi', '1Gi'])}`,
        '        readinessProbe:', '          httpGet:', '            path: /healthz', '            port: http',
        '        securityContext:', '          allowPrivilegeEscalation: false', '          readOnlyRootFilesystem: true',
        '          capabilities:', '            drop: ["ALL"]');
      const svc = ['apiVersion: v1', 'kind: Service', ...metadata(app, ns, l), 'spec:', '  selector:', ...labels('    ', { 'app.kubernetes.io/name': app }),
        '  ports:', '  - name: http', '    port: 80', '    targetPort: http'];
      counts.deployments++;
      counts.services++;
      emit(`${base}/apps/${app}.yaml`, [dep, svc]);
    });

    // NetworkPolicies
    for (let p = 0; p < perNs.netpol; p++) {
      let lines;
      if (p === 0) {
        lines = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', ...metadata('default-deny', ns), 'spec:', '  podSelector: {}', '  policyTypes: ["Ingress", "Egress"]'];
      } else if (p === 1) {
        const to = pick(rnd, apps);
        lines = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', ...metadata(`allow-to-${to}`, ns), 'spec:',
          '  podSelector:', '    matchLabels:', ...labels('      ', { 'app.kubernetes.io/name': to }),
          '  policyTypes: ["Ingress"]', '  ingress:', '  - from:', '    - podSelector:', '        matchLabels:',
          ...labels('          ', { tier: pick(rnd, ['frontend', 'edge', 'backend']) }),
          '    - namespaceSelector:', '        matchLabels:', ...labels('          ', { 'kubernetes.io/metadata.name': pick(rnd, namespaces) }),
          '      podSelector:', '        matchLabels:', ...labels('          ', { 'app.kubernetes.io/name': 'gateway' }),
          '    ports:', '    - protocol: TCP', '      port: 8080'];
      } else {
        lines = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', ...metadata('allow-dns-and-ingress', ns), 'spec:',
          '  podSelector:', '    matchLabels:', ...labels('      ', { tier: 'frontend' }), '  policyTypes: ["Ingress", "Egress"]',
          '  ingress:', '  - from:', '    - namespaceSelector:', '        matchLabels:', '          kubernetes.io/metadata.name: ingress-nginx',
          '    ports:', '    - port: http', '  egress:', '  - to:', '    - namespaceSelector:', '        matchLabels:',
          '          kubernetes.io/metadata.name: kube-system', '      podSelector:', '        matchLabels:', '          k8s-app: kube-dns',
          '    ports:', '    - protocol: UDP', '      port: 53', '    - protocol: TCP', '      port: 53',
          '  - to:', '    - ipBlock:', `        cidr: 10.${between(rnd, 0, 255)}.0.0/16`, '    ports:', '    - protocol: TCP', '      port: 443'];
      }
      counts.networkPolicies++;
      emit(`${base}/netpol/netpol-${String(p).padStart(2, '0')}.yaml`, [lines]);
    }
  });

  // Cluster-wide: 2 ClusterRoles + 1 ClusterRoleBinding per file
  for (let c = 0; c < clusterFiles; c++) {
    const docs = [];
    const team = TEAMS[c % TEAMS.length];
    for (const suffix of ['a', 'b']) {
      const name = `${team}-cluster-${c}-${suffix}`;
      const lines = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', ...metadata(name, null, { team }), 'rules:'];
      const nRules = between(rnd, 4, 14);
      for (let k = 0; k < nRules; k++) lines.push(...ruleLines(rnd, rnd() < 0.5 ? CLUSTER_GROUPS : GROUPS, false));
      counts.rules += nRules;
      counts.clusterRoles++;
      docs.push(lines);
    }
    const lines = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRoleBinding', ...metadata(`${team}-cluster-${c}-binding`, null, { team }), 'subjects:'];
    const nSubjects = between(rnd, 1, 3);
    for (let s = 0; s < nSubjects; s++) {
      lines.push(...subjectLines(rnd, { ns: pick(rnd, namespaces), team, apps: APPS, namespaces }, pick(rnd, ['group', 'group', 'sa-other', 'user'])));
    }
    counts.subjects += nSubjects;
    lines.push('roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: ClusterRole', `  name: ${team}-cluster-${c}-${pick(rnd, ['a', 'b'])}`);
    counts.clusterRoleBindings++;
    docs.push(lines);
    emit(`cluster/clusterroles-${String(c).padStart(3, '0')}.yaml`, docs);
  }
  counts.files = out.length;
  return { files: out, counts, namespaces };
}

/**
 * Writes the workspace into `dir` (emptied first unless it already holds this exact generation, recorded in
 * scale-manifest.json) and returns { dir, files: [absolute paths, sorted], bytes, counts, namespaces }.
 */
export function writeScaleWorkspace(dir, { files = 5000 } = {}) {
  const marker = path.join(dir, '.scale-manifest.json');
  const gen = generateScaleWorkspace({ files });
  const key = `${SEED}:${files}:${gen.files.length}:${gen.files.reduce((a, f) => a + f.text.length, 0)}`;
  let cached = null;
  try { cached = JSON.parse(fs.readFileSync(marker, 'utf8')); } catch { /* none */ }
  if (cached?.key !== key) {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const f of gen.files) {
      const file = path.join(dir, f.rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.text);
    }
    fs.writeFileSync(marker, JSON.stringify({ key, counts: gen.counts }, null, 2));
  }
  const list = gen.files.map((f) => path.join(dir, f.rel)).sort();
  const bytes = gen.files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  return { dir, files: list, bytes, counts: gen.counts, namespaces: gen.namespaces, texts: new Map(gen.files.map((f) => [path.join(dir, f.rel), f.text])) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const fi = args.indexOf('--files');
  const files = fi >= 0 ? Number(args[fi + 1]) : 5000;
  const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--files') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '.out', 'scale', `workspace-${files}`));
  const w = writeScaleWorkspace(dir, { files });
  console.log(`${w.dir}: ${w.files.length} files, ${w.bytes} bytes, ${JSON.stringify(w.counts)}`);
}
