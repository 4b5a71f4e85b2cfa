/**
 * `kubeward diff` on scratch git repositories: findings matched across revisions by object and path (moving,
 * reordering and re-indenting change nothing; one changed value is one new finding), access gained and lost with
 * the rules responsible, reachability and Pod Security changes, every format, --fail-on, and the errors a user
 * can make.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { kubeward, writeTree } from '../helpers/cli';
import { commitAll, git, initRepository } from '../helpers/git';
import { bareDeployment, PRIVILEGED_DEPLOYMENT, READER_ROLE, READER_ROLE_REINDENTED, SHOP_API_DEPLOYMENT, SHOP_DEFAULT_DENY_INGRESS, SUPPORT_BINDING } from '../helpers/manifests';
import type { DiffJson } from '../../server/src/cli/revision-diff';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubeward-diff-'));
after(() => rmSync(root, { recursive: true, force: true }));


function repository(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  writeTree(dir, files);
  initRepository(dir);
  commitAll(dir, 'base');
  return dir;
}

function diffJson(dir: string, ...args: string[]): { status: number | null; diff: DiffJson; stderr: string } {
  const result = kubeward(['diff', '--format', 'json', ...args], { cwd: dir });
  assert.equal(result.stderr.includes('Error'), false, result.stderr);
  return { status: result.status, diff: JSON.parse(result.stdout) as DiffJson, stderr: result.stderr };
}

test('moving, reordering and re-indenting documents is no change; one changed value is exactly one new finding', () => {
  const dir = repository('moves', { 'app.yaml': `${PRIVILEGED_DEPLOYMENT}---\n${READER_ROLE}` });
  writeFileSync(path.join(dir, 'app.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {level: info}\n---\n${PRIVILEGED_DEPLOYMENT}`);
  writeFileSync(path.join(dir, 'roles.yaml'), READER_ROLE_REINDENTED);
  const moved = diffJson(dir, '--base', 'main').diff;
  assert.deepEqual(moved.findings, { new: [], fixed: [] });
  assert.deepEqual(moved.access, []);
  assert.deepEqual(moved.podSecurity, []);

  writeFileSync(path.join(dir, 'roles.yaml'), READER_ROLE_REINDENTED.replace('-   apiGroups: [""]\n        resources: [pods]', '-   apiGroups: ["apps"]\n        resources: [pods]'));
  const changed = diffJson(dir, '--base', 'main').diff;
  assert.deepEqual(changed.findings.new.map((finding) => [finding.ruleId, finding.file, finding.line, finding.object]), [['rbac/resource-wrong-group', 'roles.yaml', 14, 'rbac.authorization.k8s.io/v1/Role/shop/reader']]);
  assert.deepEqual(changed.findings.fixed, []);
  // No binding names the Role, so the narrower rule changes nobody's access.
  assert.deepEqual(changed.access, []);
});

test('a new binding and a widened rule: who gains what, through which rule, risky first; --fail-on sets the status', () => {
  const dir = repository('access', { 'rbac/role.yaml': READER_ROLE, 'rbac/old-binding.yaml': SUPPORT_BINDING.replace('support-reads', 'old').replace('name: support', 'name: auditors') });
  writeFileSync(path.join(dir, 'rbac/binding.yaml'), SUPPORT_BINDING);
  unlinkSync(path.join(dir, 'rbac/old-binding.yaml'));
  writeFileSync(path.join(dir, 'rbac/role.yaml'), READER_ROLE.replace('verbs: [get, list]', 'verbs: [get, list, watch]'));
  const { status, diff } = diffJson(dir, '--base', 'main');
  assert.equal(status, 0, 'no --fail-on, no failure');
  assert.deepEqual(diff.summary, { subjectsGaining: 1, subjectsLosing: 1, riskyGains: 1, reachabilityChanges: 0, newFindings: { error: 0, warning: 0, information: 0 }, fixedFindings: 0, admissionChanges: 0 });
  const [support, auditors] = diff.access;
  assert.deepEqual(support.subject, { kind: 'Group', name: 'support' });
  assert.deepEqual(support.added.map((grant) => [grant.verbs, grant.resources, grant.namespaces, grant.risks, grant.via.map((via) => `${via.binding.name}@${via.binding.at?.file}:${via.binding.at?.line} rule ${via.rule?.file}:${via.rule?.line}`)]), [
    [{ values: ['get'] }, { values: ['secrets'] }, { values: ['shop'] }, ['reads Secrets'], ['support-reads@rbac/binding.yaml:4 rule rbac/role.yaml:7']],
    [{ values: ['get', 'list', 'watch'] }, { values: ['pods'] }, { values: ['shop'] }, [], ['support-reads@rbac/binding.yaml:4 rule rbac/role.yaml:10']],
  ]);
  assert.deepEqual(auditors.subject, { kind: 'Group', name: 'auditors' });
  assert.deepEqual(auditors.added, []);
  assert.deepEqual(auditors.removed.map((grant) => [grant.verbs, grant.resources, grant.via[0].binding.name]), [
    [{ values: ['get'] }, { values: ['secrets'] }, 'old'],
    [{ values: ['get', 'list'] }, { values: ['pods'] }, 'old'],
  ]);

  const text = kubeward(['diff', '--base', 'main', '--fail-on', 'new-error,any-access-gain'], { cwd: dir });
  assert.equal(text.status, 1);
  assert.match(text.stderr, /the change brings any-access-gain/);
  assert.match(text.stdout, /Group support: \+2 grants \(gains: reads Secrets\)\n {4}\+ get secrets in shop \[reads Secrets\] — via RoleBinding shop\/support-reads → Role reader \(rbac\/role\.yaml:7\)/);
  assert.match(text.stdout, /Group auditors: −2 grants\n {4}- get secrets in shop/);
  assert.equal(kubeward(['diff', '--base', 'main', '--fail-on', 'new-risk'], { cwd: dir }).status, 1);
  assert.equal(kubeward(['diff', '--base', 'main', '--fail-on', 'new-error'], { cwd: dir }).status, 0);
});

test('reachability and Pod Security: a deny-all policy and an enforced level, between two commits, from a subfolder', () => {
  const dir = repository('network', {
    'deploy/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    'deploy/api.yaml': SHOP_API_DEPLOYMENT,
    'deploy/web.yaml': bareDeployment('shop'),
    'README.md': 'not a manifest\n',
  });
  writeFileSync(path.join(dir, 'deploy/deny.yaml'), SHOP_DEFAULT_DENY_INGRESS);
  writeFileSync(path.join(dir, 'deploy/namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n');
  const head = commitAll(dir, 'lock down shop');
  const { diff } = diffJson(path.join(dir, 'deploy'), '--base', 'HEAD~1', '--head', 'HEAD', '.');
  assert.equal(diff.head.commit, head);
  assert.deepEqual(
    diff.reachability.map((change) => `${change.from} → ${change.to}: ${change.before.answer} → ${change.after.answer}, lost ${change.removed}`).sort(),
    [
      'Deployment shop/api → Deployment shop/web: allowed → denied, lost every port',
      'Deployment shop/web → Deployment shop/api: allowed → denied, lost every port',
      'address 0.0.0.0/0 → Deployment shop/api: allowed → denied, lost every port',
      'address 0.0.0.0/0 → Deployment shop/web: allowed → denied, lost every port',
    ],
  );
  assert.deepEqual(diff.podSecurity.map((change) => [change.workload.name, change.file, change.before?.refused.length, change.after.enforced, change.after.refused.length > 0]), [
    ['api', 'api.yaml', 0, 'restricted:latest', true],
    ['web', 'web.yaml', 0, 'restricted:latest', true],
  ]);
  assert.deepEqual([...new Set(diff.findings.new.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}`))], ['error pod/pod-security api.yaml', 'error pod/pod-security web.yaml']);
  const markdown = kubeward(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], { cwd: path.join(dir, 'deploy') }).stdout;
  assert.match(markdown, /\| Reachability \| 4 pairs of workloads or address ranges change \|/);
  assert.match(markdown, /<details><summary>Workloads<\/summary>/);
});

test('SARIF holds the new findings only; usage and git errors exit 2 with a reason', () => {
  const dir = repository('sarif', { 'app.yaml': PRIVILEGED_DEPLOYMENT });
  writeFileSync(path.join(dir, 'role.yaml'), READER_ROLE);
  const sarif = JSON.parse(kubeward(['diff', '--base', 'main', '--format', 'sarif'], { cwd: dir }).stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.deepEqual(sarif.runs[0].results.map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri]), [['rbac/secrets-access', 'role.yaml']]);
  const unknown = kubeward(['diff', '--base', 'no-such-branch'], { cwd: dir });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /kubeward: no commit named "no-such-branch" in this repository/);
  const format = kubeward(['diff', '--format', 'html'], { cwd: dir });
  assert.equal(format.status, 2);
  assert.match(format.stderr, /--format must be text, markdown, json or sarif/);
  const outside = mkdtempSync(path.join(os.tmpdir(), 'kubeward-not-git-'));
  try {
    const notGit = kubeward(['diff'], { cwd: outside });
    assert.equal(notGit.status, 2);
    assert.match(notGit.stderr, /kubeward: git rev-parse failed: fatal: not a git repository/);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
  assert.equal(git(dir, 'status', '--porcelain').trim(), '?? role.yaml', 'the repository and its index are untouched');
});

test('reachability to the address ranges the policies name: an egress policy that opens 443 to 10.0.0.0/8 only', () => {
  const dir = repository('ranges', { 'api.yaml': SHOP_API_DEPLOYMENT });
  writeFileSync(path.join(dir, 'egress.yaml'), `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-egress
  namespace: shop
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
      ports: [{port: 443}]
`);
  const { diff } = diffJson(dir, '--base', 'main');
  assert.deepEqual(diff.reachability.map((change) => `${change.from} → ${change.to}: ${change.after.answer} on ${change.after.ports}, lost ${change.removed}`), [
    'Deployment shop/api → address 0.0.0.0/0: depends on TCP 443, lost TCP 1-442, 444-65535; all UDP ports; all SCTP ports',
    'Deployment shop/api → address 10.0.0.0/8: allowed on TCP 443, lost TCP 1-442, 444-65535; all UDP ports; all SCTP ports',
  ]);
});
