/**
 * Document links over stdio: a kubeconfig's certificate, key and token paths open the file kubectl reads (relative
 * paths against the kubeconfig's directory), an exec command is no link, a roleRef opens its role's definition,
 * a built-in role has no link, and the settings turn each kind off.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { DocumentLink, Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

/** The range of `value` on the line that holds `needle` (its first appearance after the needle). */
function rangeOf(text: string, needle: string, value: string): Range {
  const at = text.indexOf(needle);
  assert.notEqual(at, -1, needle);
  const start = text.indexOf(value, at);
  const line = text.slice(0, start).split('\n').length - 1;
  const character = start - (text.lastIndexOf('\n', start - 1) + 1);
  return { start: { line, character }, end: { line, character: character + value.length } };
}

async function linksOf(client: LspClient, uri: string): Promise<{ range: Range; target: string | undefined }[]> {
  const links = await client.request<DocumentLink[] | null>('textDocument/documentLink', { textDocument: { uri } });
  return (links ?? []).map((link) => ({ range: link.range, target: link.target }));
}

const absolute = path.join(os.tmpdir(), 'kubeward-links', 'jane.crt');

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
      server: https://dev.example:6443
      certificate-authority: certs/ca.crt
users:
  - name: jane
    user:
      client-certificate: ${absolute}
      client-key: "../keys/jane.key"
  - name: robot
    user:
      tokenFile: ~/robot.token
  - name: oidc
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: kubectl-oidc_login
contexts: []
`;

test('kubeconfig file paths link to the files kubectl reads; an exec command does not', async () => {
  const directory = path.join(os.tmpdir(), 'kubeward-links', 'conf');
  const uri = pathToFileURL(path.join(directory, 'kubeconfig.yaml')).href;
  const fileUri = (file: string) => pathToFileURL(file).href;
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(uri, KUBECONFIG);
    const expected = [
      { range: rangeOf(KUBECONFIG, 'certificate-authority:', 'certs/ca.crt'), target: fileUri(path.join(directory, 'certs', 'ca.crt')) },
      { range: rangeOf(KUBECONFIG, 'client-certificate:', absolute), target: fileUri(absolute) },
      // The quotes are not part of the link.
      { range: rangeOf(KUBECONFIG, 'client-key:', '../keys/jane.key'), target: fileUri(path.join(directory, '..', 'keys', 'jane.key')) },
      // client-go joins "~/…" to the kubeconfig's directory like any other relative path: it does not expand ~.
      { range: rangeOf(KUBECONFIG, 'tokenFile:', '~/robot.token'), target: fileUri(path.join(directory, '~', 'robot.token')) },
    ];
    assert.deepEqual(await linksOf(client, uri), expected);

    // A document that is not a file has no directory to resolve against.
    await client.open('untitled:Untitled-1', KUBECONFIG);
    assert.deepEqual(await linksOf(client, 'untitled:Untitled-1'), []);

    await client.changeConfiguration({ kubeward: { documentLinks: { kubeconfigFiles: false } } });
    assert.deepEqual(await linksOf(client, uri), []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get"]
`;

const BINDINGS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: 'deployer'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: viewers
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: viewers
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`;

test('a roleRef links to its role in the workspace; a built-in role has no link', async () => {
  const rolesUri = 'file:///links/roles.yaml';
  const bindingsUri = 'file:///links/bindings.yaml';
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(rolesUri, ROLES);
    await client.diagnostics(rolesUri, 1);
    await client.open(bindingsUri, BINDINGS);
    // The Role's metadata.name is on line 10, column 9 (both 1-based, as in the fragment).
    assert.deepEqual(await linksOf(client, bindingsUri), [{ range: rangeOf(BINDINGS, "  name: 'deployer'", 'deployer'), target: `${rolesUri}#L10,9` }]);
    await client.changeConfiguration({ kubeward: { documentLinks: { roleRefs: false } } });
    assert.deepEqual(await linksOf(client, bindingsUri), []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
