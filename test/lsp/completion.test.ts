/**
 * Semantic completion over stdio: per context, what is offered, what is not, and the order of the first items,
 * on a workspace folder with a namespace, workloads, a ServiceAccount and a Role.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { writeTree } from '../helpers/cli';
import { atCursor, WORKSPACE_FILES } from '../helpers/completion-workspace';
import { LspClient } from '../helpers/lsp-client';

let folder: string;
let client: LspClient;
let opened = 0;
const uriOf = (file: string) => pathToFileURL(path.join(folder, file)).href;

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-completion-'));
  writeTree(folder, WORKSPACE_FILES);
  const started = await LspClient.started({ workspaceFolders: [pathToFileURL(folder).href] });
  client = started.client;
  assert.ok(started.initialized.capabilities.completionProvider?.triggerCharacters?.includes(' '));
  // Opened files are indexed once analysed, whether or not the background scan has read them yet.
  for (const [file, text] of Object.entries(WORKSPACE_FILES)) {
    await client.open(uriOf(file), text);
    await client.diagnostics(uriOf(file));
  }
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

/** Opens the text (cursor marked `|`) as a new document and asks for completion at the cursor. */
async function complete(marked: string): Promise<CompletionItem[]> {
  const { text, offset } = atCursor(marked);
  const uri = uriOf(`edited-${++opened}.yaml`);
  await client.open(uri, text);
  const position = TextDocument.create(uri, 'yaml', 1, text).positionAt(offset);
  const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  return [...(list?.items ?? [])].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);
const ROLE = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: shop\nrules:\n${rule}`;
const BINDING = (kind: string, body: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n  namespace: shop\n${body}`;
const POLICY = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;

test('kind follows the apiVersion, and apiVersion follows the kind', async () => {
  const kinds = labels(await complete('apiVersion: rbac.authorization.k8s.io/v1\nkind: |\n'));
  assert.deepEqual(kinds.slice(0, 4), ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
  assert.ok(!kinds.includes('NetworkPolicy'));
  assert.deepEqual(labels(await complete('apiVersion: |\nkind: NetworkPolicy\n')), ['networking.k8s.io/v1']);
  const versions = labels(await complete('apiVersion: |\n'));
  assert.deepEqual(versions.slice(0, 2), ['rbac.authorization.k8s.io/v1', 'v1']);
  assert.ok(versions.includes('certificates.k8s.io/v1') && !versions.includes('certificates.k8s.io/v1beta1'));
  const all = labels(await complete('kind: |\n'));
  assert.ok(all.includes('Config') && all.includes('CertificateSigningRequest') && !all.includes('PodSecurityPolicy'));
});

test('apiGroups start with the core group, shown as ""', async () => {
  const items = await complete(ROLE('  - apiGroups: [|]\n'));
  assert.deepEqual(labels(items).slice(0, 3), ['""', 'apps', 'batch']);
  assert.match(String(items[0].detail), /core/);
  assert.equal((items[0].textEdit as TextEdit).newText, '""');
  assert.ok(!labels(items).includes('*') && !labels(items).includes('extensions'));
});

test('resources come from the listed groups, subresources included; a Role gets no cluster-scoped ones', async () => {
  const apps = labels(await complete(ROLE('  - apiGroups: ["apps"]\n    resources: [|]\n')));
  assert.ok(apps.includes('deployments') && apps.includes('deployments/scale'));
  assert.ok(!apps.includes('pods'));
  assert.ok(apps.indexOf('statefulsets') < apps.indexOf('deployments/scale'), 'plain resources come before subresources');
  const core = labels(await complete(ROLE('  - apiGroups: [""]\n    resources: ["pods", |]\n')));
  assert.ok(core.includes('pods/exec') && core.includes('secrets'));
  assert.ok(!core.includes('pods') && !core.includes('nodes') && !core.includes('deployments'));
});

test('verbs come in the usual order, skip those written, and special verbs appear only where they mean something', async () => {
  const pods = labels(await complete(ROLE('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: [get, |')));
  assert.deepEqual(pods, ['list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy']);
  const roles = labels(await complete(ROLE('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs:\n      - |\n')));
  assert.deepEqual(roles.slice(0, 8), ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
  assert.ok(roles.includes('bind') && roles.includes('escalate') && !roles.includes('impersonate'));
  const exec = labels(await complete(ROLE('  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: [|]\n')));
  assert.deepEqual(exec, ['get', 'create']);
  const users = labels(await complete('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: c}\nrules:\n- apiGroups: [""]\n  resources: [users, groups]\n  verbs: [|]\n'));
  assert.deepEqual(users, ['impersonate']);
});

test('a value that would make the rule risky is offered with the warning it brings', async () => {
  const details = async (marked: string) => Object.fromEntries((await complete(marked)).map((item) => [item.label, item.detail ?? '']));
  const exec = await details(ROLE('  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: [|]\n'));
  assert.match(exec.create, /^⚠ runs commands in pods or on nodes \(rbac\/exec-access\)/);
  const secrets = await details(ROLE('  - apiGroups: [""]\n    resources: ["secrets", "configmaps"]\n    verbs: [|]\n'));
  assert.match(secrets.list, /^⚠ reads Secrets \(rbac\/secrets-access\)/);
  assert.doesNotMatch(secrets.create, /⚠/);
  // A risk the rule carries already is no news.
  const reading = await details(ROLE('  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: [get, |]\n'));
  assert.doesNotMatch(reading.watch, /⚠/);
  const resources = await details(ROLE('  - apiGroups: [""]\n    resources: [|]\n    verbs: ["get"]\n'));
  assert.match(resources.secrets, /^⚠ reads Secrets/);
  assert.doesNotMatch(resources.configmaps, /⚠/);
});

test('a flow list spread over lines is completed like one written on one line', async () => {
  const verbs = labels(await complete(ROLE('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: [\n      "get",\n      |\n    ]\n')));
  assert.deepEqual(verbs, ['list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy']);
});

test('a partial word is replaced, not appended to', async () => {
  const marked = ROLE('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: [ge|]\n');
  const items = await complete(marked);
  const get = items.find((item) => item.label === 'get');
  const { text, offset } = atCursor(marked);
  const edit = get?.textEdit as TextEdit;
  const document = TextDocument.create('x', 'yaml', 1, text);
  assert.deepEqual([document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)], [offset - 2, offset]);
});

test('resourceNames are the names of workspace objects of the resource', async () => {
  const names = labels(await complete(ROLE('  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get"]\n    resourceNames:\n      - |\n')));
  assert.deepEqual(names, ['web', 'api']);
  // Any kind the workspace names, only from the Role's namespace.
  const secrets = labels(await complete(ROLE('  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get"]\n    resourceNames: [|]\n')));
  assert.deepEqual(secrets, ['ci-token']);
});

test('roleRef offers the kinds the binding can name and the roles of its namespace and the built-in ones', async () => {
  assert.deepEqual(labels(await complete(BINDING('ClusterRoleBinding', 'roleRef:\n  kind: |\n'))), ['ClusterRole']);
  assert.deepEqual(labels(await complete(BINDING('RoleBinding', 'roleRef:\n  kind: |\n'))), ['ClusterRole', 'Role']);
  // Roles of the namespace only (the documents these tests open are Roles named r there too), no built-in ClusterRoles.
  const roles = labels(await complete(BINDING('RoleBinding', 'roleRef:\n  kind: Role\n  name: |\n')));
  assert.ok(roles.includes('deployer') && !roles.includes('view'));
  const cluster = labels(await complete(BINDING('RoleBinding', 'roleRef:\n  kind: ClusterRole\n  name: |\n')));
  // Workspace ClusterRoles (here `c`, opened by an earlier test) come before the built-in ones.
  assert.deepEqual(cluster.slice(0, 5), ['c', 'admin', 'cluster-admin', 'edit', 'view']);
  assert.ok(!cluster.includes('deployer') && cluster.includes('system:discovery'));
  assert.ok(cluster.indexOf('view') < cluster.indexOf('system:discovery'));
});

test('choosing a subject kind sets the matching apiGroup', async () => {
  const items = await complete(BINDING('RoleBinding', 'roleRef: {kind: ClusterRole, name: view}\nsubjects:\n  - kind: |\n    name: jane\n'));
  assert.deepEqual(labels(items), ['ServiceAccount', 'User', 'Group']);
  const user = items.find((item) => item.label === 'User');
  assert.deepEqual(user?.additionalTextEdits?.map((edit) => edit.newText), ['    apiGroup: rbac.authorization.k8s.io\n']);
  assert.equal(items.find((item) => item.label === 'ServiceAccount')?.additionalTextEdits, undefined);
  // In a flow mapping, the entry goes before its closing brace.
  const flow = await complete(BINDING('RoleBinding', 'roleRef: {kind: ClusterRole, name: view}\nsubjects:\n  - {kind: |, name: jane}\n'));
  assert.deepEqual(flow.find((item) => item.label === 'Group')?.additionalTextEdits, [
    { range: { start: { line: 7, character: 23 }, end: { line: 7, character: 23 } }, newText: ', apiGroup: rbac.authorization.k8s.io' },
  ]);
});

test('ServiceAccount subjects get the names and namespaces the workspace defines', async () => {
  const items = await complete(BINDING('ClusterRoleBinding', 'roleRef: {kind: ClusterRole, name: view}\nsubjects:\n  - kind: ServiceAccount\n    name: |\n'));
  assert.deepEqual(labels(items), ['ci']);
  assert.deepEqual(items[0].additionalTextEdits?.map((edit) => edit.newText), ['    namespace: shop\n']);
  const namespaces = labels(await complete(BINDING('RoleBinding', 'roleRef: {kind: ClusterRole, name: view}\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: |\n')));
  assert.deepEqual(namespaces, ['shop']);
});

test('User and Group subjects get the names the workspace binds, most bound first, never everyone', async () => {
  const subject = (kind: string) => BINDING('RoleBinding', `roleRef: {kind: Role, name: deployer}\nsubjects:\n  - kind: ${kind}\n    apiGroup: rbac.authorization.k8s.io\n    name: |\n`);
  const groups = await complete(subject('Group'));
  assert.deepEqual(labels(groups), ['payments-devs', 'auditors']);
  assert.equal(groups[0].detail, 'Group in 2 bindings of the workspace');
  assert.deepEqual(labels(await complete(subject('User'))), ['jane']);
});

test('matchLabels offers the labels the selected pods and namespaces carry', async () => {
  const keys = await complete(POLICY('  podSelector:\n    matchLabels:\n      |\n'));
  assert.deepEqual(labels(keys), ['app', 'tier']);
  assert.equal((keys[0].textEdit as TextEdit).newText, 'app: ');
  assert.deepEqual(labels(await complete(POLICY('  podSelector:\n    matchLabels: {app: |'))), ['api', 'web']);
  // Values stay consistent with the pairs already written.
  assert.deepEqual(labels(await complete(POLICY('  podSelector:\n    matchLabels:\n      tier: backend\n      app: |\n'))), ['api']);
  const namespaceKeys = labels(await complete(POLICY('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              |\n')));
  assert.deepEqual(namespaceKeys, ['kubernetes.io/metadata.name', 'team']);
});

test('protocol and named ports of the pods the port is about', async () => {
  assert.deepEqual(labels(await complete(POLICY('  podSelector: {}\n  ingress:\n    - ports:\n        - protocol: |\n'))), ['TCP', 'UDP', 'SCTP']);
  const ports = labels(await complete(POLICY('  podSelector:\n    matchLabels: {app: api}\n  ingress:\n    - ports:\n        - port: |\n')));
  assert.deepEqual(ports, ['grpc']);
  const udp = labels(await complete(POLICY('  podSelector: {}\n  ingress:\n    - ports:\n        - protocol: UDP\n          port: |\n')));
  assert.deepEqual(udp, ['metrics']);
  // Egress: the ports of the pods the rule's peers pick, or of every workload when it names none.
  const toWeb = labels(await complete(POLICY('  podSelector: {}\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: web}}\n      ports:\n        - port: |\n')));
  assert.deepEqual(toWeb, ['http']);
  const anywhere = labels(await complete(POLICY('  podSelector: {}\n  egress:\n    - ports:\n        - port: |\n')));
  assert.deepEqual(anywhere, ['grpc', 'http']);
  const toAddresses = labels(await complete(POLICY('  podSelector: {}\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.0/8}\n      ports:\n        - port: |\n')));
  assert.deepEqual(toAddresses, []);
});

test('CSR signers and the usages the signer issues', async () => {
  const csr = (spec: string) => `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: c}\nspec:\n${spec}`;
  const signers = labels(await complete(csr('  signerName: |\n')));
  assert.deepEqual(signers, ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']);
  const usages = labels(await complete(csr('  signerName: kubernetes.io/kubelet-serving\n  usages:\n    - digital signature\n    - |\n')));
  assert.deepEqual(usages, ['server auth', 'key encipherment']);
});

test('kubeconfig references offer the names the file defines', async () => {
  const config = (tail: string) =>
    `apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster: {server: "https://dev.example.com"}\n- name: prod\n  cluster: {server: "https://prod.example.com"}\nusers:\n- name: jane\n  user: {token: abc}\ncontexts:\n- name: dev-jane\n  context:\n${tail}`;
  assert.deepEqual(labels(await complete(config('    cluster: |\n'))), ['dev', 'prod']);
  assert.deepEqual(labels(await complete(config('    cluster: dev\n    user: |\n'))), ['jane']);
  assert.deepEqual(labels(await complete(config('    cluster: dev\n    user: jane\ncurrent-context: |\n'))), ['dev-jane']);
});

test('nothing is offered where Kubeward knows no values', async () => {
  assert.deepEqual(await complete(ROLE('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"] # |\n')), []);
  assert.deepEqual(await complete('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: |\n'), []);
});

test('an empty document offers the snippets, as snippets, unless the client reads them itself', async () => {
  const snippets = (await complete('|')).filter((item) => item.kind === 15);
  assert.deepEqual(snippets.map((item) => item.label).slice(0, 2), ['role-binding', 'clusterrole-aggregated']);
  assert.ok(snippets.every((item) => item.insertTextFormat === 2 && item.textEdit && 'newText' in item.textEdit && item.textEdit.newText.includes('$')));
  assert.deepEqual((await complete('apiVersion: v1\nkind: ServiceAccount\n|')).filter((item) => item.kind === 15), [], 'not inside a manifest');
  const vscodeLike = await LspClient.started({ initializationOptions: { snippets: false } });
  try {
    const uri = 'untitled:Untitled-1';
    await vscodeLike.client.open(uri, '');
    const list = await vscodeLike.client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.deepEqual(list?.items ?? [], []);
  } finally {
    assert.equal(await vscodeLike.client.shutdown(), 0);
  }
});
