/**
 * Run by test/vscode/untrusted-workspace.test.ts in restricted mode, with a kubeconfig whose user runs an exec
 * plugin: analysis works, cluster commands refuse before running or contacting anything.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../helpers/eventually';
import { codeOf, kubewardDiagnostics, openFile } from './editor';

suite('Kubeward in an untrusted workspace', () => {
  test('the workspace really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('manifests are analysed as usual', async () => {
    const editor = await openFile('rbac/log-reader.yaml');
    const found = await eventually('Kubeward diagnostics', () => kubewardDiagnostics(editor.document.uri), (diagnostics) => diagnostics.length >= 2);
    assert.deepEqual(found.map(codeOf), ['rbac/unknown-verb', 'rbac/secrets-access']);
  });

  test('comparing with a git revision, which runs git, is refused', async () => {
    assert.equal(await vscode.commands.executeCommand('kubeward.compareAccess', 'HEAD'), undefined);
  });

  test('a cluster command refuses a user whose credentials come from running a command', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('kubeward.cluster.canI', { verb: 'get', resource: 'pods', namespace: 'default', as: { user: 'jane' } })),
      /gets its credentials by running a command; trust this workspace to allow it/,
    );
  });
});
