/**
 * The language server's RBAC features over stdio, on a workspace folder with roles in one file and bindings in
 * another: cross-file diagnostics, effective-access hovers, go to definition, references, rename and code lenses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CodeLens, Hover, Location, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { writeTree } from '../helpers/cli';
import { LspClient } from '../helpers/lsp-client';
import { CI_DEPLOYER_BINDING, SHOP_DEPLOYER_ROLE } from '../helpers/manifests';

const ROLES = `${SHOP_DEPLOYER_ROLE}  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["list"]
`;

const BINDINGS = `${CI_DEPLOYER_BINDING}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: auditors
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: veiw
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: auditors
`;

let folder: string;
let client: LspClient;
const uriOf = (file: string) => pathToFileURL(path.join(folder, file)).href;

/** The position of the value in `key: value` (the text after the needle's last space). */
function positionOf(text: string, needle: string) {
  const offset = text.indexOf(needle);
  assert.notEqual(offset, -1, needle);
  return TextDocument.create('x', 'yaml', 1, text).positionAt(offset + needle.lastIndexOf(' ') + 1);
}

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-rbac-'));
  writeTree(folder, { 'roles.yaml': ROLES, 'bindings.yaml': BINDINGS });
  client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  await client.initialize();
  await client.open(uriOf('bindings.yaml'), BINDINGS);
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('a roleRef to a role no file defines is reported, one defined in another workspace file is not', async () => {
  // The first publication may come before the workspace scan; wait until the scan's re-check has happened.
  let diagnostics = (await client.diagnostics(uriOf('bindings.yaml'))).diagnostics;
  for (let attempt = 0; attempt < 5 && diagnostics.some((diagnostic) => String(diagnostic.message).includes('"deployer"')); attempt++) {
    diagnostics = (await client.diagnostics(uriOf('bindings.yaml'))).diagnostics;
  }
  assert.deepEqual(
    diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
    [['rbac/role-ref-not-found', 20]],
  );
});

test('hover on a subject lists what it can do, with the namespace the RoleBinding gave it', async () => {
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf('bindings.yaml') }, position: positionOf(BINDINGS, 'name: ci\n') });
  const text = (hover.contents as MarkupContent).value;
  assert.match(text, /\*\*ServiceAccount shop\/ci\*\* can, through 1 binding:/);
  assert.match(text, /binding's namespace, shop/);
  assert.match(text, /In namespace shop:/);
  assert.match(text, /\| deployments \(apps\) \| get, update \| ⚠ creates workloads \|/);
});

test('hover on a roleRef shows the role with its wildcards spelled out', async () => {
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf('bindings.yaml') }, position: positionOf(BINDINGS, 'name: deployer') });
  const text = (hover.contents as MarkupContent).value;
  assert.match(text, /\*\*Role shop\/deployer\*\* \(roles\.yaml:4\) · 2 rules/);
  assert.match(text, /deployments .*\(apps\)/);
});

test('go to definition from a roleRef lands on the role in the other file', async () => {
  const location = await client.request<Location>('textDocument/definition', { textDocument: { uri: uriOf('bindings.yaml') }, position: positionOf(BINDINGS, 'name: deployer') });
  assert.equal(location.uri, uriOf('roles.yaml'));
  assert.deepEqual(location.range.start, { line: 3, character: 8 });
});

test('references of a role are the roleRefs naming it; rename changes them all', async () => {
  await client.open(uriOf('roles.yaml'), ROLES);
  const position = positionOf(ROLES, 'name: deployer');
  const references = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf('roles.yaml') }, position, context: { includeDeclaration: true } });
  assert.deepEqual(references.map((reference) => [path.basename(reference.uri), reference.range.start.line]), [['roles.yaml', 3], ['bindings.yaml', 8]]);
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf('roles.yaml') }, position, newName: 'ci-deployer' });
  const changes = edit.changes ?? {};
  assert.deepEqual(Object.keys(changes).map((uri) => path.basename(uri)).sort(), ['bindings.yaml', 'roles.yaml']);
  for (const edits of Object.values(changes)) assert.deepEqual(edits.map((change) => change.newText), ['ci-deployer']);
  assert.equal(readFileSync(path.join(folder, 'roles.yaml'), 'utf8'), ROLES, 'rename is an edit for the client to apply, not a write');
});

test('code lenses count the subjects bound to a role and what a binding grants', async () => {
  const roleLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('roles.yaml') } });
  assert.deepEqual(roleLenses.map((lens) => lens.command?.title), ['bound to 1 subject through 1 binding']);
  const bindingLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('bindings.yaml') } });
  const titles = bindingLenses.map((lens) => lens.command?.title ?? '');
  // Both rules are risky: update on deployments starts pods, and list on every resource returns every Secret.
  assert.match(titles[0], /^grants \d+ permissions \(2 risky\)$/);
  assert.equal(titles[1], 'ClusterRole veiw not found');
});
