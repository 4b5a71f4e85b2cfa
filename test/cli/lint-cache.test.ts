/**
 * `kubeward lint --cache`: a run with the cache prints exactly what a run without it prints, and reads (parses and
 * lints alone) only the files that changed; a change to what the workspace index holds re-lints every file against
 * it; a changed configuration, a corrupt or foreign cache file start afresh; findings that depend on the machine
 * (files a kubeconfig names) are computed every run. KUBEWARD_DEBUG_CACHE makes the command say what it read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { kubeward, writeTree } from '../helpers/cli';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lint-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
`;
const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
`;
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: ${image}
          securityContext: {privileged: true}
`;
const configMap = (level: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {level: ${level}}
`;
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: shop
    cluster: {server: 'https://api.shop.example.com:6443', certificate-authority: ca.crt}
users:
  - name: jane
    user: {token: abc}
contexts:
  - name: jane@shop
    context: {cluster: shop, user: jane}
current-context: jane@shop
`;

function lint(dir: string, cache: string, ...extra: string[]): { stdout: string; read: string; stderr: string } {
  const result = kubeward(['lint', '--format', 'json', '--cache-location', cache, ...extra, '.'], { cwd: dir, env: { KUBEWARD_DEBUG_CACHE: '1' } });
  const read = /cache: (\d+ of \d+ files read, \d+ linted)/.exec(result.stderr)?.[1] ?? `no cache line in: ${result.stderr}`;
  return { stdout: result.stdout, read, stderr: result.stderr };
}

function uncached(dir: string, ...extra: string[]): string {
  return kubeward(['lint', '--format', 'json', ...extra, '.'], { cwd: dir }).stdout;
}

test('an unchanged tree is answered from the cache, with the output of a run without it', () => {
  const dir = path.join(root, 'unchanged');
  writeTree(dir, { 'role.yaml': ROLE, 'binding.yaml': BINDING, 'app.yaml': deployment('nginx:1.27') });
  const cache = path.join(root, 'unchanged.cache');
  const first = lint(dir, cache);
  assert.equal(first.read, '3 of 3 files read, 3 linted');
  const second = lint(dir, cache);
  assert.equal(second.read, '0 of 3 files read, 0 linted');
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.stdout, uncached(dir));
  assert.match(second.stdout, /pod\/privileged|privileged/);
});

test('a change that leaves the index alone re-reads that file only; one that changes it re-lints every file', () => {
  const dir = path.join(root, 'changes');
  writeTree(dir, { 'role.yaml': ROLE, 'binding.yaml': BINDING, 'settings.yaml': configMap('info') });
  const cache = path.join(root, 'changes.cache');
  lint(dir, cache);
  writeFileSync(path.join(dir, 'settings.yaml'), configMap('debug'));
  const edited = lint(dir, cache);
  assert.equal(edited.read, '1 of 3 files read, 1 linted');
  assert.equal(edited.stdout, uncached(dir));
  // Renaming the Role leaves the binding pointing at nothing: a finding in a file that did not change.
  assert.doesNotMatch(edited.stdout, /role-ref-not-found/);
  writeFileSync(path.join(dir, 'role.yaml'), ROLE.replace('name: reader', 'name: viewer'));
  const renamed = lint(dir, cache);
  assert.equal(renamed.read, '3 of 3 files read, 3 linted');
  assert.match(renamed.stdout, /rbac\/role-ref-not-found/);
  assert.equal(renamed.stdout, uncached(dir));
  assert.equal(lint(dir, cache).read, '0 of 3 files read, 0 linted');
});

test('another configuration, a corrupt or a foreign cache file start afresh', () => {
  const dir = path.join(root, 'afresh');
  writeTree(dir, { 'role.yaml': ROLE, 'app.yaml': deployment('nginx:1.27') });
  const cache = path.join(root, 'afresh.cache');
  lint(dir, cache);
  const disabled = lint(dir, cache, '--disable', 'pod/pod-security');
  assert.equal(disabled.read, '2 of 2 files read, 2 linted');
  assert.equal(disabled.stdout, uncached(dir, '--disable', 'pod/pod-security'));
  writeFileSync(cache, Buffer.from([0xff, 0x0d, 0x6f, 0x22, 0x05, 0x6d, 0x61, 0x67]));
  const corrupt = lint(dir, cache);
  assert.match(corrupt.stderr, /cannot be read; it is ignored|is not a Kubeward lint cache; it is ignored/);
  assert.equal(corrupt.read, '2 of 2 files read, 2 linted');
  assert.equal(corrupt.stdout, uncached(dir));
  writeFileSync(cache, JSON.stringify({ files: {} }));
  const foreign = lint(dir, cache);
  assert.match(foreign.stderr, /ignored/);
  assert.equal(foreign.stdout, uncached(dir));
  assert.equal(lint(dir, cache).read, '0 of 2 files read, 0 linted');
});

test('findings that depend on the machine are computed every run', () => {
  const dir = path.join(root, 'machine');
  writeTree(dir, { 'kubeconfig.yaml': KUBECONFIG, 'role.yaml': ROLE });
  const cache = path.join(root, 'machine.cache');
  assert.match(lint(dir, cache).stdout, /kubeconfig\/missing-file/);
  const again = lint(dir, cache);
  assert.equal(again.read, '1 of 2 files read, 1 linted');
  writeFileSync(path.join(dir, 'ca.crt'), 'placeholder');
  const found = lint(dir, cache);
  assert.doesNotMatch(found.stdout, /kubeconfig\/missing-file/);
  assert.equal(found.stdout, uncached(dir));
});

test('--cache with --fix is a usage error', () => {
  const result = kubeward(['lint', '--cache', '--fix', '.'], { cwd: root });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--cache cannot be combined with --fix/);
});
