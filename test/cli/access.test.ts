/**
 * `kubeward can-i`, `who-can` and `access` over a small realistic tree of manifests: answers, explanations with
 * file and line, service account and group subjects, non-resource URLs, the built-in policy, and usage errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { kubeward, writeTree } from '../helpers/cli';
import { CI_DEPLOYER_BINDING } from '../helpers/manifests';

const TREE = {
  'rbac/roles.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "update", "patch"]
  - apiGroups: ["apps"]
    resources: ["deployments/scale"]
    verbs: ["update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metrics-reader
rules:
  - nonResourceURLs: ["/metrics"]
    verbs: ["get"]
`,
  'rbac/bindings.yaml': `${CI_DEPLOYER_BINDING}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: developers-view
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: shop-developers
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: prometheus-metrics
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: metrics-reader
subjects:
  - kind: ServiceAccount
    name: prometheus
    namespace: monitoring
`,
};

let cwd: string;
before(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'kubeward-access-'));
  writeTree(cwd, TREE);
});

describe('can-i', () => {
  it('answers yes for a service account subject whose namespace comes from the RoleBinding, and explains with file:line', () => {
    const result = kubeward(['can-i', 'update', 'deployments.apps', '--as', 'system:serviceaccount:shop:ci', '-n', 'shop', '-f', 'rbac', '--explain'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    const [answer, explanation] = result.stdout.split('\n');
    assert.equal(answer, 'yes');
    assert.match(explanation, /RoleBinding shop\/ci-deployer \(rbac\/bindings\.yaml:4\) -> Role shop\/deployer, rule 1 \(rbac\/roles\.yaml:7\)/);
  });

  it('answers no in another namespace, for a verb not granted, and for a subresource the rule does not name', () => {
    for (const args of [
      ['update', 'deployments', '--as', 'system:serviceaccount:shop:ci', '-n', 'other'],
      ['delete', 'deployments', '--as', 'system:serviceaccount:shop:ci', '-n', 'shop'],
      ['get', 'deployments/status', '--as', 'system:serviceaccount:shop:ci', '-n', 'shop'],
    ]) {
      const result = kubeward(['can-i', ...args, '-f', 'rbac'], { cwd });
      assert.equal(result.stdout, 'no\n', args.join(' '));
      assert.equal(result.status, 1);
    }
  });

  it('resolves short names and subresources the way kubectl does', () => {
    const result = kubeward(['can-i', 'update', 'deploy/scale', '--as', 'system:serviceaccount:shop:ci', '-n', 'shop', '-f', 'rbac'], { cwd });
    assert.equal(result.stdout, 'yes\n');
  });

  it("takes kubectl's --subresource, which must agree with a subresource written after a slash", () => {
    const ask = (...args: string[]) => kubeward(['can-i', 'update', ...args, '--as', 'system:serviceaccount:shop:ci', '-n', 'shop', '-f', 'rbac'], { cwd });
    assert.equal(ask('deployments.apps', '--subresource', 'scale').stdout, 'yes\n');
    assert.equal(ask('deployments.apps', '--subresource', 'status').stdout, 'no\n', 'the Role grants deployments/scale, not deployments/status');
    assert.equal(ask('deployments/scale', '--subresource', 'scale').stdout, 'yes\n');
    const conflicting = ask('deployments/scale', '--subresource', 'status');
    assert.equal(conflicting.status, 2);
    assert.match(conflicting.stderr, /names the subresource scale, but --subresource says status/);
    const who = kubeward(['who-can', 'update', 'deployments.apps', '--subresource', 'scale', '-n', 'shop', '-f', 'rbac'], { cwd });
    assert.match(who.stdout, /^ServiceAccount shop\/ci {2}via RoleBinding shop\/ci-deployer .* rule 2 /m);
  });

  it('grants a group member what a RoleBinding to the built-in view role allows, and nothing in other namespaces', () => {
    const inShop = kubeward(['can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'shop-developers', '-n', 'shop', '-f', 'rbac'], { cwd });
    assert.equal(inShop.stdout, 'yes\n');
    const secrets = kubeward(['can-i', 'get', 'secrets', '--as', 'jane', '--as-group', 'shop-developers', '-n', 'shop', '-f', 'rbac'], { cwd });
    assert.equal(secrets.stdout, 'no\n', 'the built-in view role does not read secrets');
    const elsewhere = kubeward(['can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'shop-developers', '-n', 'kube-system', '-f', 'rbac'], { cwd });
    assert.equal(elsewhere.stdout, 'no\n');
  });

  it('answers non-resource URLs through ClusterRoleBindings, including the built-in public-info-viewer', () => {
    const metrics = kubeward(['can-i', 'get', '/metrics', '--as', 'system:serviceaccount:monitoring:prometheus', '-f', 'rbac'], { cwd });
    assert.equal(metrics.stdout, 'yes\n');
    const healthz = kubeward(['can-i', 'get', '/healthz', '--as', 'system:anonymous', '-f', 'rbac', '--explain'], { cwd });
    assert.match(healthz.stdout, /^yes\n {2}granted by ClusterRoleBinding system:public-info-viewer \(built into Kubernetes\)/);
    const api = kubeward(['can-i', 'get', '/api', '--as', 'system:anonymous', '-f', 'rbac'], { cwd });
    assert.equal(api.stdout, 'no\n');
  });

  it('treats a missing --as, an unknown resource or a missing path as usage errors', () => {
    assert.equal(kubeward(['can-i', 'get', 'pods', '-f', 'rbac'], { cwd }).status, 2);
    const unknown = kubeward(['can-i', 'get', 'gizmos', '--as', 'jane', '-f', 'rbac'], { cwd });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown resource type "gizmos"/);
    assert.equal(kubeward(['can-i', 'get', 'pods', '--as', 'jane', '-f', 'nowhere'], { cwd }).status, 2);
  });
});

describe('who-can', () => {
  it('lists the subjects of the manifests first, each with the binding and rule that grant it', () => {
    const result = kubeward(['who-can', 'patch', 'deployments.apps', '-n', 'shop', '-f', 'rbac'], { cwd });
    assert.equal(result.status, 0);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0], /^ServiceAccount shop\/ci {2}via RoleBinding shop\/ci-deployer \(rbac\/bindings\.yaml:4\)/);
    assert.ok(lines.some((line) => line.startsWith('Group system:masters  via ClusterRoleBinding cluster-admin')), 'cluster-admin holders are listed too');
    assert.ok(!lines.some((line) => line.includes('shop-developers')), 'view does not patch deployments');
  });
});

describe('access', () => {
  it('prints what a service account can do, cluster-wide first, then by namespace', () => {
    const result = kubeward(['access', 'ServiceAccount:shop:ci', '-f', 'rbac'], { cwd });
    assert.equal(result.status, 0);
    const text = result.stdout;
    assert.ok(text.indexOf('cluster-wide:') < text.indexOf('namespace shop:'));
    assert.match(text, /namespace shop:\n {2}get, list, update, patch {2}deployments \(apps\) {2}\[risk: creates workloads\] {2}<- RoleBinding shop\/ci-deployer/);
    assert.match(text, /update {2}deployments\/scale \(apps\) {2}<- RoleBinding/, 'a grant without risk carries no marker');
  });

  it('writes JSON with one entry per granting rule and its scope', () => {
    const result = kubeward(['access', 'Group:shop-developers', '-f', 'rbac', '--format', 'json'], { cwd });
    const json = JSON.parse(result.stdout) as { access: { scope: string; resources: string[]; risks: string[] }[] };
    assert.ok(json.access.length > 10, 'view aggregates many rules');
    assert.ok(json.access.every((entry) => entry.scope === 'shop'));
    assert.ok(!json.access.some((entry) => entry.resources.includes('secrets')));
    assert.ok(json.access.every((entry) => !entry.risks.includes('rbac/secrets-access')), 'view carries no Secret-reading risk');
  });
});
