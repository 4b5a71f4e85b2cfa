/**
 * The settings and requests the editor commands rely on, over stdio: file selection, the risk profile, the log
 * level, the effective-access report and the namespaces offered for a reachability summary.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { writeTree } from '../helpers/cli';
import { eventually } from '../helpers/eventually';
import { LspClient } from '../helpers/lsp-client';
import { SHOP_API_DEPLOYMENT } from '../helpers/manifests';

const WILDCARD_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-editor
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["*"]
`;

const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config-editor
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: deployer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-editor
`;

function workspaceFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-settings-'));
  writeTree(folder, files);
  return folder;
}

test('files.exclude silences and unindexes matching files until the setting changes', async () => {
  const folder = workspaceFolder({ 'charts/templates/role.yaml': WILDCARD_ROLE, 'rbac/binding.yaml': BINDING });
  const excluded = pathToFileURL(path.join(folder, 'charts/templates/role.yaml')).href;
  const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href], settings: { kubeward: { files: { exclude: ['**/charts/**'] } } } });
  try {
    await client.initialize();
    await client.open(excluded, readFileSync(path.join(folder, 'charts/templates/role.yaml'), 'utf8'), 1);
    assert.deepEqual((await client.diagnostics(excluded, 1)).diagnostics, []);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: excluded }, position: { line: 8, character: 14 } });
    assert.equal(hover, null, 'an excluded file gets no hover either');

    client.settings = { kubeward: {} };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    // The end of the first scan may publish the excluded state once more; the change then publishes the findings.
    let republished = await client.diagnostics(excluded, 1);
    while (republished.diagnostics.length === 0) republished = await client.diagnostics(excluded, 1);
    assert.deepEqual(republished.diagnostics.map((diagnostic) => diagnostic.code), ['rbac/wildcard']);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('riskProfile "quiet" shows risky grants as information, and mistakes keep their severity', async () => {
  const client = LspClient.start({ settings: { kubeward: { riskProfile: 'quiet' } } });
  try {
    await client.initialize();
    const uri = 'file:///workspace/quiet.yaml';
    await client.open(uri, WILDCARD_ROLE.replace('kind: Role', 'kind: Role\nspec: {}'), 1);
    const published = await client.diagnostics(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [
        ['k8s/unknown-field', DiagnosticSeverity.Error],
        ['rbac/wildcard', DiagnosticSeverity.Information],
      ],
    );
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('logLevel decides whether the indexing summary reaches the output channel', async () => {
  const folder = workspaceFolder({ 'role.yaml': WILDCARD_ROLE, 'binding.yaml': BINDING });
  for (const [logLevel, expected] of [['info', true], ['error', false]] as const) {
    const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href], settings: { kubeward: { logLevel } } });
    try {
      await client.initialize();
      // Any request answered after the scan finished; the namespace list fills once both files are indexed.
      await eventually(
        'the workspace scan',
        () => client.request<{ markdown: string }>('kubeward/effectiveAccess', { uri: pathToFileURL(path.join(folder, 'binding.yaml')).href, position: { line: 0, character: 0 } }),
        () => client.logMessages.some((message) => message.message.startsWith('Indexed')) || !expected,
      );
      const indexed = client.logMessages.find((message) => message.message.startsWith('Indexed'));
      if (expected) assert.match(indexed?.message ?? '', /^Indexed 2 workspace files in \d+ ms\.$/);
      else assert.equal(indexed, undefined, `logLevel error still logged: ${JSON.stringify(client.logMessages)}`);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  }
});

test('kubeward/effectiveAccess reports everything the subject under the cursor can do', async () => {
  const folder = workspaceFolder({ 'role.yaml': WILDCARD_ROLE, 'binding.yaml': BINDING, 'app.yaml': SHOP_API_DEPLOYMENT });
  const uri = pathToFileURL(path.join(folder, 'binding.yaml')).href;
  const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  try {
    await client.initialize();
    await client.open(uri, BINDING, 1);
    const onSubject = { line: 7, character: 12 };
    const { markdown } = await eventually(
      'the ConfigMap grant in the effective access',
      () => client.request<{ markdown: string }>('kubeward/effectiveAccess', { uri, position: onSubject }),
      (answer) => answer.markdown.includes('configmaps'),
    );
    assert.match(markdown, /^# Effective access\n/);
    assert.match(markdown, /\*\*ServiceAccount shop\/deployer\*\* can, through 1 binding:/);
    assert.match(markdown, /In namespace shop:\n\n\| resources \| verbs \| risk \|\n\| --- \| --- \| --- \|\n\| configmaps \(core\) \| .*\(any verb\)/);
    const elsewhere = await client.request<{ markdown: string }>('kubeward/effectiveAccess', { uri, position: { line: 2, character: 4 } });
    assert.equal(elsewhere.markdown, '');

    const { namespaces } = await client.request<{ namespaces: string[] }>('kubeward/workloadNamespaces', null);
    assert.deepEqual(namespaces, ['shop']);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('indexing a workspace reports its progress to a client that supports it', async () => {
  const files = Object.fromEntries(Array.from({ length: 600 }, (_, index) => [`rbac/role-${index}.yaml`, WILDCARD_ROLE.replace('config-editor', `editor-${index}`)]));
  const folder = workspaceFolder(files);
  const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href], workDoneProgress: true });
  try {
    await client.initialize();
    await eventually(
      'the end of the indexing progress',
      async () => client.progress.map((value) => value.kind),
      (kinds) => kinds.includes('end'),
    );
    assert.deepEqual(client.progress[0], { kind: 'begin', title: 'Kubeward: indexing the workspace', message: 'reading YAML files' });
    assert.deepEqual(
      client.progress.filter((value) => value.kind === 'report').map((value) => value.message),
      ['250 files read', '500 files read'],
    );
    assert.equal(client.progress.at(-1)?.kind, 'end');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
