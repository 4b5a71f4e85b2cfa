/**
 * The workspace index kept between sessions (server/src/lsp/index-cache.ts) over stdio: a second session with the
 * same cache folder takes every unchanged file's facts from the cache and answers as the first did; a file changed
 * between sessions is read again; a cache file that is not Kubeward's is ignored with a warning; without a folder
 * nothing is kept. Large enough a workspace for the indexing workers, which start only for files the cache lacks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { writeTree } from '../helpers/cli';
import { LspClient } from '../helpers/lsp-client';

const TEAMS = 60;

const files = (): Record<string, string> => {
  const tree: Record<string, string> = {};
  for (let team = 0; team < TEAMS; team++) {
    tree[`teams/team-${team}/role.yaml`] = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team-${team}}
rules:
  - {apiGroups: [""], resources: [configmaps], verbs: [get]}
`;
    tree[`teams/team-${team}/binding.yaml`] = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: team-${team}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: ServiceAccount, name: bot-${team}, namespace: team-${team}}
`;
  }
  return tree;
};

/** One session: the log line of its scan, and who can get configmaps in team-7, asked once the scan is done. */
async function session(folder: string, cacheFolder: string | undefined): Promise<{ indexed: string; answer: string; warnings: string[] }> {
  const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href], ...(cacheFolder ? { initializationOptions: { cacheFolder } } : {}) });
  try {
    await client.initialize();
    const indexed = (await client.workspaceIndexed()).message;
    const { markdown } = await client.request<{ markdown: string }>('kubeward/whoCan', { verb: 'get', resource: 'configmaps', namespace: 'team-7', source: 'workspace' });
    const warnings = client.logMessages.filter((message) => message.type === 2).map((message) => message.message);
    return { indexed, answer: markdown, warnings };
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

test('a second session takes unchanged files from the cache and answers the same; a changed file is read again', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cache-ws-'));
  const cacheFolder = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cache-')), 'storage');
  writeTree(folder, files());
  const first = await session(folder, cacheFolder);
  assert.match(first.indexed, new RegExp(`^Indexed ${TEAMS * 2} workspace files in \\d+ ms by [1-4] worker threads?\\.$`));
  assert.match(first.answer, /ServiceAccount team-7\/bot-7\b/);
  assert.deepEqual(readdirSync(cacheFolder), ['workspace-index.cache']);

  const second = await session(folder, cacheFolder);
  assert.match(second.indexed, new RegExp(`^Indexed ${TEAMS * 2} workspace files in \\d+ ms, ${TEAMS * 2} from the index cache\\.$`));
  assert.equal(second.answer, first.answer);

  writeFileSync(path.join(folder, 'teams/team-7/binding.yaml'), files()['teams/team-7/binding.yaml'].replace('bot-7', 'renamed-bot'));
  const third = await session(folder, cacheFolder);
  assert.match(third.indexed, new RegExp(`, ${TEAMS * 2 - 1} from the index cache\\.$`));
  assert.match(third.answer, /ServiceAccount team-7\/renamed-bot\b/);
  assert.doesNotMatch(third.answer, /bot-7\b/);
  assert.deepEqual(third.warnings, []);
});

test('a cache file that is not Kubeward\'s is ignored with a warning and replaced; without a folder nothing is kept', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cache-ws-'));
  const cacheFolder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cache-'));
  writeTree(folder, files());
  writeFileSync(path.join(cacheFolder, 'workspace-index.cache'), '{"files": {"not": "ours"}}');
  const foreign = await session(folder, cacheFolder);
  assert.doesNotMatch(foreign.indexed, /from the index cache/);
  assert.ok(foreign.warnings.some((warning) => /workspace-index\.cache is (not one of Kubeward|unreadable); it is ignored and will be replaced/.test(warning)), foreign.warnings.join('\n'));
  assert.match(foreign.answer, /ServiceAccount team-7\/bot-7\b/);
  assert.match((await session(folder, cacheFolder)).indexed, new RegExp(`, ${TEAMS * 2} from the index cache\\.$`));
  const none = await session(folder, undefined);
  assert.doesNotMatch(none.indexed, /from the index cache/);
  assert.equal(none.answer, foreign.answer);
});
