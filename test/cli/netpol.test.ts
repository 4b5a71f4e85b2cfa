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

let cwd: string;
before(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'kubeward-netpol-'));
  writeTree(cwd, TREE);
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
  Pods with app=web in namespace shop: ingress isolated; accept TCP port named http from anywhere. Egress isolated; allow TCP 9090 to pods labelled app=api in namespace shop.
  Selects: Deployment shop/web
NetworkPolicy shop/api (netpol/shop.yaml:30)
  Pods with app=api in namespace shop: ingress isolated; accept TCP port named http from pods labelled app=web in namespace shop; or accept TCP port named metrics from pods labelled app=prometheus in namespaces labelled purpose=monitoring (both must match). Egress isolated; allow TCP port named postgres to pods labelled app=db in namespace shop.
  Selects: Deployment shop/api
NetworkPolicy shop/db (netpol/shop.yaml:64)
  Pods with app=db in namespace shop: ingress isolated; accept TCP 5432 from pods labelled app=api in namespace shop. Egress not restricted.
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
  egress from Deployment shop/web: allowed by NetworkPolicy shop/web, egress rule 1 (netpol/shop.yaml:23): allow TCP 9090 to pods labelled app=api in namespace shop
  ingress to Deployment shop/api: allowed by NetworkPolicy shop/api, ingress rule 1 (netpol/shop.yaml:41): accept TCP port named http from pods labelled app=web in namespace shop
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

describe('netpol summary', () => {
  it('lists, for every workload of a namespace, who may reach it and whom it may reach', () => {
    const result = kubeward(['netpol', 'summary', '-n', 'shop'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^# Reachability in namespace shop\n/);
    assert.match(result.stdout, /## StatefulSet shop\/db\n\ningress isolated by default-deny, db; egress isolated by default-deny\.\n\n- Reachable from: Deployment shop\/api\n- Reaches: nothing\n/);
    assert.equal(kubeward(['netpol', 'summary'], { cwd }).status, 2, '-n is required');
  });
});

