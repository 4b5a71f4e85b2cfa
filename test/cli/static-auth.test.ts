/**
 * The command line over the seeds' scenario: a folder with a kube-apiserver static pod whose flags name a password
 * file, a token file and an ABAC policy (running ABAC,RBAC), and a token file found by the default glob alone.
 * `kubeward lint` reports the removed flag and the files' findings and never prints a secret; `can-i`, `who-can`
 * and `access` answer through ABAC and RBAC in the mode's order; `--config` can point the globs elsewhere.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { kubeward } from '../helpers/cli';

const TOKEN = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const PASSWORD = 'Sup3rS3cret!';
let folder: string;

before(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-cli-static-auth-'));
  mkdirSync(path.join(folder, 'auth'));
  writeFileSync(path.join(folder, 'kube-apiserver.yaml'), [
    'apiVersion: v1', 'kind: Pod', 'metadata: {name: kube-apiserver, namespace: kube-system}', 'spec:', '  containers:', '    - name: kube-apiserver',
    '      image: registry.k8s.io/kube-apiserver:v1.36.3', '      command:', '        - kube-apiserver',
    '        - --basic-auth-file=/etc/kubernetes/auth/basic_auth.csv', '        - --token-auth-file=/etc/kubernetes/auth/users.csv',
    '        - --authorization-mode=ABAC,RBAC', '        - --authorization-policy-file=/etc/kubernetes/auth/policy.jsonl', '',
  ].join('\n'));
  writeFileSync(path.join(folder, 'auth', 'users.csv'), `${TOKEN},ops,1001,"system:masters"\n`);
  writeFileSync(path.join(folder, 'auth', 'basic_auth.csv'), `${PASSWORD},admin,1\n`);
  writeFileSync(path.join(folder, 'auth', 'policy.jsonl'), '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "*", "namespace": "*", "resource": "*", "apiGroup": "*"}}\n{"user": "carol", "namespace": "shop", "resource": "pods", "readonly": true}\n');
  writeFileSync(path.join(folder, 'known_tokens.csv'), 'short,dave,1002\n');
});

test('kubeward lint reports the flag, the credential files and the ABAC lines, and no secret', () => {
  const result = kubeward(['lint', '.'], { cwd: folder });
  assert.equal(result.status, 1);
  assert.match(result.stdout, /kube-apiserver\.yaml:\d+:\d+ +error +"--basic-auth-file" was removed/);
  assert.match(result.stdout, /auth\/basic_auth\.csv:1:1 +error +kube-apiserver has not read password files since Kubernetes 1\.19/);
  assert.match(result.stdout, /auth\/users\.csv:1:\d+ +warning +"ops" is in system:masters/);
  assert.match(result.stdout, /auth\/policy\.jsonl:1:1 +warning +This line allows every authenticated user every verb on every resource/);
  assert.match(result.stdout, /known_tokens\.csv:1:1 +warning +This token has 5 characters/);
  assert.ok(!result.stdout.includes(TOKEN) && !result.stdout.includes(PASSWORD) && !result.stdout.includes('short,'), 'no token or password is printed');
  const sarif = JSON.parse(kubeward(['lint', '--format', 'sarif', '.'], { cwd: folder }).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  const files = new Set(sarif.runs[0].results.map((found) => found.locations[0].physicalLocation.artifactLocation.uri));
  assert.ok(files.has('auth/policy.jsonl') && files.has('auth/users.csv'), `SARIF names the static auth files: ${[...files].join(', ')}`);
});

test('can-i, who-can and access answer through ABAC, then RBAC', () => {
  const carol = kubeward(['can-i', 'list', 'pods', '-n', 'shop', '--as', 'carol', '--explain', '-f', '.'], { cwd: folder });
  assert.equal(carol.status, 0);
  assert.match(carol.stdout, /^yes\n  authorizers, in order: ABAC, RBAC\n  granted by ABAC policy line 1 \(auth\/policy\.jsonl:1\)/);
  const anonymous = kubeward(['can-i', 'delete', 'secrets', '-n', 'shop', '--as', 'system:anonymous', '-f', '.'], { cwd: folder });
  assert.equal(anonymous.stdout, 'no\n');
  const whoCan = kubeward(['who-can', 'delete', 'secrets', '-n', 'shop', '-f', '.'], { cwd: folder });
  assert.match(whoCan.stdout, /^Group system:authenticated  via ABAC policy line 1/m);
  const access = kubeward(['access', 'User:carol', '-f', '.'], { cwd: folder });
  assert.match(access.stdout, /ABAC \(asked 1\. of ABAC, RBAC\):\n  group system:authenticated: every verb on every resource \(any API group\) in every namespace and cluster-wide  <- ABAC policy line 1 \(auth\/policy\.jsonl:1\)\n  user carol: get, list, watch on pods \(any API group\) in namespace shop  <- ABAC policy line 2/);
});

test('files.staticAuth in a config file recognises files the flags do not name', () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'kubeward-cli-static-auth-globs-'));
  writeFileSync(path.join(other, 'people.csv'), 'x,erin\n');
  writeFileSync(path.join(other, 'kubeward.json'), JSON.stringify({ files: { staticAuth: { tokenFile: ['**/people.csv'] } } }));
  const result = kubeward(['lint', '--config', 'kubeward.json', '.'], { cwd: other });
  assert.match(result.stdout, /people\.csv:1:1 +error +kube-apiserver refuses to start with this file: line 1 has 2 field\(s\)/);
  assert.equal(result.status, 1);
});
