/**
 * "Compare Effective Access With…" over stdio: the server reads a git revision of its workspace folder and
 * answers with the access and reachability changes of the workspace as edited (an unsaved edit of an open file
 * included), then puts code lenses on the bindings and roles that changed. A revision git does not know is an
 * error with git's reason; the repository's index and working tree are untouched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { writeTree } from '../helpers/cli';
import { commitAll, git, initRepository } from '../helpers/git';
import { LspClient } from '../helpers/lsp-client';
import { READER_ROLE, SUPPORT_BINDING } from '../helpers/manifests';

const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-compare-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('the workspace as edited against HEAD: the report, then code lenses on what changed', async () => {
  writeTree(folder, { 'rbac/role.yaml': READER_ROLE, 'rbac/binding.yaml': SUPPORT_BINDING });
  initRepository(folder);
  commitAll(folder, 'base');
  // On disk: a second subject; in the editor, unsaved: the Role also lists Secrets.
  writeFileSync(path.join(folder, 'rbac/binding.yaml'), `${SUPPORT_BINDING.replace('subjects:\n', 'subjects:\n  - kind: User\n    name: jane\n    apiGroup: rbac.authorization.k8s.io\n')}`);
  const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  try {
    await client.initialize();
    await client.workspaceIndexed();
    const roleUri = pathToFileURL(path.join(folder, 'rbac/role.yaml')).href;
    await client.open(roleUri, READER_ROLE.replace('verbs: [get]', 'verbs: [get, list]'));
    await client.diagnostics(roleUri);

    const before = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: roleUri } });
    assert.deepEqual(before.map((lens) => lens.command.title), ['bound to 2 subjects through 1 binding']);

    const { markdown, commit } = await client.request<{ markdown: string; commit: string }>('kubeward/compareRevisions', { base: 'HEAD' });
    assert.equal(commit, git(folder, 'rev-parse', 'HEAD').trim());
    assert.match(markdown, new RegExp(`^# Access and reachability since HEAD \\(${commit.slice(0, 12)}\\)\\n`));
    assert.match(markdown, /<summary>Group support: \+1 grant \(gains: reads Secrets\)<\/summary>\n\n- \+ `list secrets in shop` — \*\*reads Secrets\*\* — via RoleBinding shop\/support-reads → Role reader \(rbac\/role\.yaml:7\)/);
    assert.match(markdown, /<summary>User jane: \+2 grants \(gains: reads Secrets\)<\/summary>\n\n- \+ `get, list secrets in shop` — \*\*reads Secrets\*\* — [^\n]*\n- \+ `get, list pods in shop` — via RoleBinding shop\/support-reads → Role reader \(rbac\/role\.yaml:10\)/);

    const lenses = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: roleUri } });
    assert.deepEqual(lenses.map((lens) => lens.command.title), ['+ list secrets in shop and 2 more grants for 2 subjects', 'bound to 2 subjects through 1 binding']);
    const unknown = await client.request<unknown>('kubeward/compareRevisions', { base: 'no-such-branch' }).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    assert.equal(unknown, 'no commit named "no-such-branch" in this repository');
    assert.equal(git(folder, 'status', '--porcelain').trim(), 'M rbac/binding.yaml');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
