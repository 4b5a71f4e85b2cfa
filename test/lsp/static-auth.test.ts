/**
 * The seeds' scenario over stdio: a workspace whose kube-apiserver static pod names a password file, a token file
 * and an ABAC policy with --authorization-mode=ABAC,RBAC. The removed flag is an error in the manifest; the files,
 * opened as CSV and JSON lines, get their findings without a token or password in any message; and can-i,
 * who-can and a subject's access answer through ABAC and RBAC in the mode's order, with the ABAC file read from
 * disk by the workspace scan and then from the editor once it is open and edited. Hovers say what an ABAC line
 * allows and whom a token line signs in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import type { CanIResult } from '../../server/src/protocol';
import { LspClient } from '../helpers/lsp-client';

const TOKEN = '7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e';
const PASSWORD = 'Sup3rS3cret!';
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.36.3
      command:
        - kube-apiserver
        - --basic-auth-file=/etc/kubernetes/auth/basic_auth.csv
        - --token-auth-file=/etc/kubernetes/auth/users.csv
        - --authorization-mode=ABAC,RBAC
        - --authorization-policy-file=/etc/kubernetes/auth/policy.jsonl
`;
const POLICY = [
  '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "bob", "namespace": "shop", "resource": "pods", "readonly": true}}',
  '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "admin", "namespace": "*", "resource": "*", "apiGroup": "*"}}',
  '',
].join('\n');

let folder: string;
let client: LspClient;
const uriOf = (file: string) => pathToFileURL(path.join(folder, file)).href;
const canI = (user: string, verb: string, resource: string, namespace: string) =>
  client.request<CanIResult>('kubeward/canI', { user, groups: [], verb, resource, namespace, source: 'workspace' });

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-static-auth-'));
  mkdirSync(path.join(folder, 'auth'));
  writeFileSync(path.join(folder, 'kube-apiserver.yaml'), POD);
  // Named by the flags only: no default glob matches "users.csv" or "policy.jsonl".
  writeFileSync(path.join(folder, 'auth', 'users.csv'), `${TOKEN},alice,1001,"system:masters"\n`);
  writeFileSync(path.join(folder, 'auth', 'basic_auth.csv'), `${PASSWORD},admin,1\n`);
  writeFileSync(path.join(folder, 'auth', 'policy.jsonl'), POLICY);
  client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  await client.initialize();
  await client.workspaceIndexed();
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('the removed flag, the credential files and the over-broad ABAC line are reported, with no secret shown', async () => {
  await client.open(uriOf('kube-apiserver.yaml'), POD, 1);
  const manifest = await client.diagnostics(uriOf('kube-apiserver.yaml'), 1);
  assert.ok(manifest.diagnostics.some((diagnostic) => diagnostic.severity === 1 && /"--basic-auth-file" was removed/.test(String(diagnostic.message))));

  await client.open(uriOf('auth/users.csv'), `${TOKEN},alice,1001,"system:masters"\n`, 1, 'csv');
  const tokens = await client.diagnostics(uriOf('auth/users.csv'), 1);
  assert.deepEqual(tokens.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['auth/static-token-file', 2]]);
  assert.match(String(tokens.diagnostics[0].message), /"alice" is in system:masters/);

  await client.open(uriOf('auth/basic_auth.csv'), `${PASSWORD},admin,1\n`, 1, 'csv');
  const passwords = await client.diagnostics(uriOf('auth/basic_auth.csv'), 1);
  assert.deepEqual(passwords.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['auth/static-token-file', 1]]);

  await client.open(uriOf('auth/policy.jsonl'), POLICY, 1, 'jsonl');
  const policy = await client.diagnostics(uriOf('auth/policy.jsonl'), 1);
  assert.deepEqual(policy.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]), [['auth/abac-policy', 1]]);
  assert.match(String(policy.diagnostics[0].message), /allows user "admin" every verb on every resource/);

  const lineHover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf('auth/policy.jsonl') }, position: { line: 0, character: 20 } });
  assert.match(JSON.stringify(lineHover?.contents), /ABAC policy line 1\*\* allows user bob: get, list, watch on pods \(the core group\) in namespace shop/);
  assert.match(JSON.stringify(lineHover?.contents), /asks ABAC, RBAC in this order/);
  const tokenHover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf('auth/users.csv') }, position: { line: 0, character: 3 } });
  assert.match(JSON.stringify(tokenHover?.contents), /signs in as user `alice` \(uid `1001`\) in the groups `system:masters`, `system:authenticated`/);

  const messages = JSON.stringify([tokens, passwords, policy, manifest, lineHover, tokenHover]);
  assert.ok(!messages.includes(TOKEN) && !messages.includes(PASSWORD), 'no token or password in any message or hover');
});

test('can-i and who-can answer through ABAC, then RBAC, and follow edits of the open policy file', async () => {
  const bob = await canI('bob', 'list', 'pods', 'shop');
  assert.equal(bob.allowed, true);
  assert.match(bob.grants.join('\n'), /ABAC policy line 1 \(policy\.jsonl\): user bob: get, list, watch on pods/);
  assert.equal((await canI('bob', 'delete', 'pods', 'shop')).allowed, false);
  // RBAC still answers after ABAC has no opinion: the built-in discovery role.
  assert.equal((await client.request<CanIResult>('kubeward/canI', { user: 'bob', groups: ['system:authenticated'], verb: 'get', resource: '/version', source: 'workspace' })).allowed, true);

  const { markdown } = await client.request<{ markdown: string }>('kubeward/whoCan', { verb: 'delete', resource: 'secrets', namespace: 'shop', source: 'workspace' });
  assert.match(markdown, /\| User admin \| ABAC policy line 2/);

  await client.change(uriOf('auth/policy.jsonl'), 2, [{ text: POLICY.replace('"readonly": true', '"readonly": false') }]);
  await client.diagnostics(uriOf('auth/policy.jsonl'), 2);
  assert.equal((await canI('bob', 'delete', 'pods', 'shop')).allowed, true);
});
