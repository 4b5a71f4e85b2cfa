/**
 * `kubeward netpol explain` and `kubeward netpol reach` over a small realistic tree (a shop namespace with a
 * default deny, a web front end, an API and a database, and a monitoring namespace): plain-English summaries with
 * file and line, allowed and denied answers citing the rules responsible, and usage errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { kubeward, writeTree } from '../helpers/cli';

const TREE = {
  'namespaces.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    purpose: monitoring
`,
  'apps/shop.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.example/web:1.4
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: registry.example/api:2.0
          ports:
            - name: http
              containerPort: 9090
            - name: metrics
              containerPort: 9100
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:17
          ports:
            - name: postgres
              containerPort: 5432
`,
  'apps/monitoring.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus
  namespace: monitoring
spec:
  template:
    metadata:
      labels:
        app: prometheus
    spec:
      containers:
        - name: prometheus
          image: prom/prometheus:v3
`,
  'netpol/shop.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - ports:
        - port: http
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 9090
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
      ports:
        - port: http
    - from:
        - namespaceSelector:
            matchLabels:
              purpose: monitoring
          podSelector:
            matchLabels:
              app: prometheus
      ports:
        - port: metrics
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: db
      ports:
        - port: postgres
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 5432
`,
};

const deployment = (name: string, ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: ${name}, image: "registry.example/${name}:1", ports: ${ports}}]}
`;

/** A client whose egress allows only 443, a server whose ingress allows only 8080, a DNS server on UDP. */
const OTHER_TREE = {
  'all.yaml': `${deployment('client', '[]')}---
${deployment('server', '[{name: http, containerPort: 8080}]')}---
${deployment('dns', '[{name: dns, containerPort: 53, protocol: UDP}]')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress: [{ports: [{port: 443}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}}], ports: [{port: 8080}]}]
`,
};

/** A Pod and a Deployment both named server, and a folder of JSON files. */
const TWINS_TREE = {
  'all.yaml': `${deployment('client', '[]')}---
${deployment('server', '[{name: http, containerPort: 8080}]')}---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: shop, labels: {app: server-pod}}
spec: {containers: [{name: server, image: "registry.example/server:1"}]}
`,
  'json/policy.json': JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'from-json', namespace: 'shop' }, spec: { podSelector: {} } }, null, 2),
  'json/package.json': JSON.stringify({ name: 'not-a-manifest', version: '1.0.0' }),
  'list.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny-all, namespace: shop}
    spec: {podSelector: {}}
`,
};

let cwd: string;
let other: string;
let twins: string;
before(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'kubeward-netpol-'));
  writeTree(cwd, TREE);
  other = mkdtempSync(path.join(os.tmpdir(), 'kubeward-netpol-other-'));
  writeTree(other, OTHER_TREE);
  twins = mkdtempSync(path.join(os.tmpdir(), 'kubeward-netpol-twins-'));
  writeTree(twins, TWINS_TREE);
});

describe('netpol explain', () => {
  it('summarises every policy with its file and line and the workloads it selects', () => {
    const result = kubeward(['netpol', 'explain'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `NetworkPolicy shop/default-deny (netpol/shop.yaml:1)
  All pods in namespace shop: ingress isolated; accept nothing. Egress isolated; allow nothing.
  Selects: Deployment shop/web, Deployment shop/api, StatefulSet shop/db
NetworkPolicy shop/web (netpol/shop.yaml:10)
  Pods with app=web in namespace shop: ingress isolated; accept TCP port named http from anywhere. Egress isolated; allow TCP 9090 to pods with app=api in namespace shop.
  Selects: Deployment shop/web
NetworkPolicy shop/api (netpol/shop.yaml:30)
  Pods with app=api in namespace shop: ingress isolated; accept TCP port named http from pods with app=web in namespace shop; or accept TCP port named metrics from pods with app=prometheus in namespaces with purpose=monitoring (both must match). Egress isolated; allow TCP port named postgres to pods with app=db in namespace shop.
  Selects: Deployment shop/api
NetworkPolicy shop/db (netpol/shop.yaml:64)
  Pods with app=db in namespace shop: ingress isolated; accept TCP 5432 from pods with app=api in namespace shop. Egress not restricted.
  Selects: StatefulSet shop/db
`,
    );
  });

  it('says so when the manifests hold no NetworkPolicy', () => {
    const result = kubeward(['netpol', 'explain', '-f', 'apps'], { cwd });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^No NetworkPolicy in the manifests/);
  });
});

describe('netpol reach', () => {
  it('answers allowed and cites the egress and ingress rules with file and line', () => {
    const result = kubeward(['netpol', 'reach', 'shop/web', 'shop/api', '--port', '9090/TCP'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `allowed
  egress from Deployment shop/web: allowed by NetworkPolicy shop/web, egress rule 1 (netpol/shop.yaml:23): allow TCP 9090 to pods with app=api in namespace shop
  ingress to Deployment shop/api: allowed by NetworkPolicy shop/api, ingress rule 1 (netpol/shop.yaml:41): accept TCP port named http from pods with app=web in namespace shop
`,
    );
  });

  it('resolves named ports against the destination and follows a combined namespace and pod peer', () => {
    assert.equal(kubeward(['netpol', 'reach', 'shop/api', 'shop/db', '--port', 'postgres', '-f', '.'], { cwd }).status, 0);
    const metrics = kubeward(['netpol', 'reach', 'monitoring/prometheus', 'shop/api', '--port', '9100'], { cwd });
    assert.equal(metrics.status, 0, metrics.stdout);
    assert.match(metrics.stdout, /egress from Deployment monitoring\/prometheus: not restricted/);
    assert.match(metrics.stdout, /ingress rule 2 \(netpol\/shop\.yaml:47\)/);
  });

  it('answers denied, naming the isolating policies, when no rule allows the traffic', () => {
    const result = kubeward(['netpol', 'reach', 'shop/web', 'shop/db', '--port', '5432'], { cwd });
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      `denied
  egress from Deployment shop/web: denied; isolated by NetworkPolicy shop/default-deny (netpol/shop.yaml:1), shop/web (netpol/shop.yaml:10) and no rule allows it
  ingress to StatefulSet shop/db: denied; isolated by NetworkPolicy shop/default-deny (netpol/shop.yaml:1), shop/db (netpol/shop.yaml:64) and no rule allows it
`,
    );
  });

  it('treats addresses as endpoints outside the cluster', () => {
    const result = kubeward(['netpol', 'reach', '203.0.113.7', 'shop/web', '--port', '8080'], { cwd });
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /egress from address 203\.0\.113\.7: not restricted \(NetworkPolicies govern pods/);
    assert.equal(kubeward(['netpol', 'reach', 'shop/db', '203.0.113.0/24'], { cwd }).status, 1, 'default-deny isolates db for egress');
  });

  it('exits 2 on usage errors', () => {
    for (const args of [
      ['netpol'],
      ['netpol', 'draw'],
      ['netpol', 'reach', 'shop/web'],
      ['netpol', 'reach', 'shop/web', 'shop/nothing'],
      ['netpol', 'reach', 'web', 'shop/db'],
      ['netpol', 'reach', 'shop/web', 'shop/db', '--port', '70000'],
      ['netpol', 'reach', 'shop/web', 'shop/db', '--port', '80/ICMP'],
      ['netpol', 'explain', '-f', 'nowhere'],
    ]) {
      const result = kubeward(args, { cwd });
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^kubeward: /, args.join(' '));
    }
  });
});

describe('netpol usability', () => {
  const run = (...args: string[]) => kubeward(['netpol', ...args], { cwd });

  it('has its own help, for netpol and for every subcommand', () => {
    for (const args of [['--help'], ['help'], ['reach', '--help'], ['reach', '-h'], ['explain', '--help'], ['summary', '--help']]) {
      const result = run(...args);
      assert.equal(result.status, 0, args.join(' '));
      assert.match(result.stdout, /^Usage: kubeward netpol/, args.join(' '));
    }
    assert.match(run('reach', '--help').stdout, /NAMESPACE\/KIND\/NAME/);
  });

  it('reports a mistake in one line with a pointer to --help, and suggests names', () => {
    const unknown = run('reach', 'shop/wbe', 'shop/db');
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, 'kubeward: no Pod or workload named "wbe" in namespace "shop" in the manifests; did you mean shop/web?\nRun "kubeward netpol reach --help" for usage.\n');
    assert.match(run('reach', 'shpo/web', 'shop/db').stderr, /did you mean namespace "shop"\?/);
    assert.match(run('raech').stderr, /^kubeward: unknown netpol subcommand "raech"; did you mean "reach"\?\nRun "kubeward netpol --help" for usage\.\n$/);
    const option = run('reach', 'shop/web', 'shop/db', '--prot', '80');
    assert.equal(option.stderr, 'kubeward: netpol reach has no option --prot\nRun "kubeward netpol reach --help" for usage.\n');
  });

  it('shows the number a port name stands for, and refuses a name the destination lacks', () => {
    const named = run('reach', 'shop/api', 'shop/db', '--port', 'postgres');
    assert.match(named.stdout, /^allowed\n {2}port postgres of StatefulSet shop\/db: TCP 5432\n/);
    const missing = run('reach', 'shop/web', 'shop/db', '--port', 'metrics');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^kubeward: StatefulSet shop\/db has no port named "metrics"; its named ports: postgres \(TCP 5432\)\n/);
  });

  it('refuses two --port options instead of keeping the last, and takes -p', () => {
    const two = run('reach', 'shop/web', 'shop/api', '--port', '80', '--port', '443');
    assert.equal(two.status, 2);
    assert.match(two.stderr, /give one --port \(got 80, 443\)/);
    assert.equal(run('reach', 'shop/web', 'shop/api', '-p', '9090').status, 0);
  });

  it('without a port, answers on the ports both sides allow, and denies when they do not meet', () => {
    const result = run('reach', 'shop/web', 'shop/api');
    assert.match(result.stdout, /^allowed\n {2}on TCP 9090\n/);
    const disjoint = kubeward(['netpol', 'reach', 'shop/client', 'shop/server'], { cwd: other });
    assert.equal(disjoint.status, 1);
    assert.match(disjoint.stdout, /^denied\n/);
    assert.match(disjoint.stdout, /no port passes both: egress allows TCP 443, ingress allows TCP 8080/);
  });

  it('resolves a UDP port name with its own protocol and says so', () => {
    const result = kubeward(['netpol', 'reach', 'shop/client', 'shop/dns', '--port', 'dns'], { cwd: other });
    assert.match(result.stdout, / {2}port dns of Deployment shop\/dns: UDP 53\n/);
  });

  it('says a CIDR is answered for every address in it', () => {
    const result = run('reach', 'shop/db', '203.0.113.0/24');
    assert.equal(result.status, 1);
    assert.match(result.stdout, / {2}203\.0\.113\.0\/24 is a range: the answer holds for every address in it\n/);
  });

  it('tells a Pod from a Deployment of the same name by kind', () => {
    const ambiguous = kubeward(['netpol', 'reach', 'shop/client', 'shop/server'], { cwd: twins });
    assert.equal(ambiguous.status, 2);
    assert.match(ambiguous.stderr, /shop\/server names a Deployment and a Pod: write shop\/deployment\/server or shop\/pod\/server/);
    assert.match(kubeward(['netpol', 'reach', 'shop/client', 'shop/deploy/server'], { cwd: twins }).stdout, /ingress to Deployment shop\/server/);
    assert.match(kubeward(['netpol', 'reach', 'shop/client', 'shop/Pod/server'], { cwd: twins }).stdout, /ingress to Pod shop\/server/);
  });

  it('reads a folder of JSON manifests, leaving other JSON files alone', () => {
    const result = kubeward(['netpol', 'explain', '-f', 'json'], { cwd: twins });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^NetworkPolicy shop\/from-json \(json\/policy\.json:1\)/);
  });

  it('writes JSON for every subcommand', () => {
    const reach = JSON.parse(run('reach', 'shop/web', 'shop/api', '--format', 'json').stdout);
    assert.equal(reach.answer, 'allowed');
    assert.deepEqual(reach.ingress.allowedBy[0].policy, { namespace: 'shop', name: 'api' });
    assert.equal(reach.ingress.allowedBy[0].file, 'netpol/shop.yaml');
    assert.equal(typeof reach.ingress.allowedBy[0].line, 'number');
    const explain = JSON.parse(run('explain', '--format', 'json').stdout);
    assert.deepEqual(explain.policies.map((policy: { name: string }) => policy.name), ['default-deny', 'web', 'api', 'db']);
    const summary = JSON.parse(run('summary', '-n', 'shop', '--format', 'json').stdout);
    assert.equal(summary.namespace, 'shop');
    assert.ok(summary.workloads.some((row: { workload: string }) => row.workload === 'StatefulSet shop/db'));
  });

  it('says "with no label" for DoesNotExist', () => {
    assert.match(kubeward(['netpol', 'explain'], { cwd: other }).stdout, /namespaces with no label tier/);
  });

  it('sees the policies and workloads inside a List, as kubectl applies them', () => {
    const list = kubeward(['netpol', 'reach', '203.0.113.9', 'shop/web', '-p', '80', '-f', 'list.yaml'], { cwd: twins });
    assert.equal(list.status, 1, list.stdout);
    assert.match(list.stdout, /^denied\n/);
    assert.match(list.stdout, /isolated by NetworkPolicy shop\/deny-all \(list\.yaml:12\)/);
  });

  it('refuses a summary of a namespace the manifests do not know', () => {
    const result = run('summary', '-n', 'shpo');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /the manifests say nothing of namespace "shpo"; did you mean "shop"\?/);
  });
});

describe('netpol summary', () => {
  it('lists, for every workload of a namespace, who may reach it and whom it may reach', () => {
    const result = kubeward(['netpol', 'summary', '-n', 'shop'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^# Reachability in namespace shop\n/);
    assert.match(result.stdout, /## StatefulSet shop\/db\n\ningress isolated by default-deny, db; egress isolated by default-deny\.\n\n- Reachable from: Deployment shop\/api\n- Reaches: nothing\n/);
    assert.equal(kubeward(['netpol', 'summary'], { cwd }).status, 2, '-n is required');
  });
});

