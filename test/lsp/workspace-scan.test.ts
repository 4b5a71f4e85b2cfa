/**
 * The start-up scan of a workspace large enough to be read by the server's indexing worker threads: what the
 * workers extract must reach the index exactly as if the main thread had parsed it (answers, file locations,
 * NetworkPolicy facts), and disk changes after the scan must still be picked up.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Location } from 'vscode-languageserver-protocol';
import { writeTree } from '../helpers/cli';
import { LspClient } from '../helpers/lsp-client';

/** Above the server's threshold for starting worker threads. */
const TEAMS = 130;

const roleFile = (team: number) => `# team ${team}: the comment moves the role off the first line
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader-${team}
  namespace: team-${team}
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${team}
  namespace: team-${team}
spec:
  selector: {matchLabels: {app: app-${team}}}
  template:
    metadata: {labels: {app: app-${team}}}
    spec:
      containers: [{name: app, image: registry.example/app:1}]
`;

const binding = (team: number) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
  namespace: team-${team}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader-${team}
subjects:
  - kind: ServiceAccount
    name: bot-${team}
`;

const whoCanGetConfigMaps = (team: number) =>
  client.request<{ markdown: string }>('kubeward/whoCan', { verb: 'get', resource: 'configmaps', namespace: `team-${team}`, source: 'workspace' });

let folder: string;
let client: LspClient;
const uriOf = (file: string) => pathToFileURL(path.join(folder, file)).href;

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-scan-'));
  const files: Record<string, string> = {};
  for (let team = 0; team < TEAMS; team++) {
    files[`teams/team-${team}/role.yaml`] = roleFile(team);
    files[`teams/team-${team}/binding.yaml`] = binding(team);
  }
  writeTree(folder, files);
  client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  await client.initialize();
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('every file of the workspace is indexed, whichever thread parsed it', async () => {
  const indexed = await client.workspaceIndexed();
  assert.match(indexed.message, new RegExp(`^Indexed ${TEAMS * 2} workspace files in \\d+ ms by (1 worker thread|[2-4] worker threads)\\.$`));
  for (const team of [0, 64, TEAMS - 1]) {
    const { markdown } = await whoCanGetConfigMaps(team);
    assert.match(markdown, new RegExp(`ServiceAccount team-${team}/bot-${team}\\b`));
    assert.doesNotMatch(markdown, new RegExp(`bot-${team + 1}\\b`));
  }
  const { namespaces } = await client.request<{ namespaces: string[] }>('kubeward/workloadNamespaces', undefined);
  assert.equal(namespaces.length, TEAMS);
  assert.ok(namespaces.includes(`team-${TEAMS - 1}`));
});

test('a roleRef leads to the exact place of its role in a file the scan read', async () => {
  await client.workspaceIndexed();
  const team = TEAMS - 2;
  const text = binding(team);
  const file = `teams/team-${team}/binding.yaml`;
  await client.open(uriOf(file), text);
  const line = text.split('\n').findIndex((candidate) => candidate.includes(`name: reader-${team}`));
  const location = await client.request<Location>('textDocument/definition', {
    textDocument: { uri: uriOf(file) },
    position: { line, character: 10 },
  });
  assert.equal(location.uri, uriOf(`teams/team-${team}/role.yaml`));
  assert.deepEqual(location.range.start, { line: 4, character: 8 });
});

test('a file changed on disk after the scan replaces what the workers read', async () => {
  await client.workspaceIndexed();
  const team = 3;
  const file = path.join(folder, `teams/team-${team}/binding.yaml`);
  writeFileSync(file, binding(team).replace(`bot-${team}`, 'renamed-bot'));
  await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 2 }] });
  // The notification is handled after the file is read again; ask until the answer changes, within a deadline.
  let markdown = '';
  for (const deadline = Date.now() + 10_000; !markdown.includes('renamed-bot') && Date.now() < deadline; ) {
    ({ markdown } = await whoCanGetConfigMaps(team));
  }
  assert.match(markdown, new RegExp(`ServiceAccount team-${team}/renamed-bot\\b`));
  assert.doesNotMatch(markdown, new RegExp(`bot-${team}\\b`));
});
