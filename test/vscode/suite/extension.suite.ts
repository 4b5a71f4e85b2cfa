/**
 * Kubeward inside a real VS Code (code-server's extension host): diagnostics at the exact range, the
 * effective-access hover, a quick fix, decode and encode in place, the report commands, live settings and a
 * server restart. The workspace comes from test/vscode/workspace.ts.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from '../../helpers/eventually';
import { EXTENSION_ID, codeOf, hoverText, kubewardDiagnostics, moveCursor, openFile, positionOf, workspaceUri } from './editor';

const RBAC_FILE = 'rbac/log-reader.yaml';
const KUBECONFIG_FILE = 'kubeconfig/dev.yaml';

suite('Kubeward in VS Code', () => {
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('kubeward').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a plain YAML file activates the extension without starting a server for it', async () => {
    const editor = await openFile('notes/values.yaml');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await eventually('activation on YAML', () => extension.isActive, (active) => active);
    assert.deepEqual(kubewardDiagnostics(editor.document.uri), []);
  });

  test('every command the package contributes is registered', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.map(({ command }) => command).filter((command) => !registered.has(command)), []);
  });

  test('diagnostics appear at the exact value with the rule id and severity', async () => {
    const editor = await openFile(RBAC_FILE);
    const diagnostics = await eventually('Kubeward diagnostics', () => kubewardDiagnostics(editor.document.uri), (found) => found.length >= 2);
    const summary = diagnostics.map((diagnostic) => [codeOf(diagnostic), diagnostic.severity, editor.document.getText(diagnostic.range)]);
    assert.deepEqual(summary, [
      ['rbac/unknown-verb', vscode.DiagnosticSeverity.Error, '"lsit"'],
      ['rbac/secrets-access', vscode.DiagnosticSeverity.Warning, '"secrets"'],
    ]);
    assert.equal(diagnostics[0].message, 'Unknown verb "lsit"; did you mean "list"?');
  });

  test('hovering a subject explains what it can do through every binding', async () => {
    const editor = await openFile(RBAC_FILE);
    const subject = positionOf(editor.document, 'name: log-shipper\n    namespace', 7);
    const hovers = await eventually(
      'an effective-access hover',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, subject),
      (found) => hoverText(found).includes('can, through'),
    );
    const text = hoverText(hovers);
    assert.match(text, /\*\*ServiceAccount logging\/log-shipper\*\* can, through 1 binding:/);
    assert.match(text, /\| secrets \(core\) \| get, list \| ⚠ reads Secrets \|/);
  });

  test('the quick fix replaces the misspelt verb, and the error goes away', async () => {
    const editor = await openFile(RBAC_FILE);
    await eventually('the unknown-verb error', () => kubewardDiagnostics(editor.document.uri), (found) => found.some((d) => codeOf(d) === 'rbac/unknown-verb'));
    const range = new vscode.Range(positionOf(editor.document, '"lsit"', 1), positionOf(editor.document, '"lsit"', 1));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Replace "lsit" with "list"');
    assert.ok(fix?.edit, `a quick fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.lineAt(10).text, /verbs: \["get", "list", "watch"\]/);
    await eventually('the error to clear', () => kubewardDiagnostics(editor.document.uri), (found) => !found.some((d) => codeOf(d) === 'rbac/unknown-verb'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('decode in place turns the certificate into PEM, and encode in place restores the exact bytes', async () => {
    const editor = await openFile(KUBECONFIG_FILE);
    const original = editor.document.getText();
    moveCursor(editor, positionOf(editor.document, 'client-certificate-data: ', 30));
    assert.equal(await vscode.commands.executeCommand('kubeward.decodeInPlace'), true);
    assert.match(editor.document.getText(), /client-certificate-data: \| # kubeward:base64\n {8}-----BEGIN CERTIFICATE-----\n/);
    moveCursor(editor, positionOf(editor.document, '-----BEGIN CERTIFICATE-----', 3));
    assert.equal(await vscode.commands.executeCommand('kubeward.encodeInPlace'), true);
    assert.equal(editor.document.getText(), original);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('certificate details open as a read-only document', async () => {
    const editor = await openFile(KUBECONFIG_FILE);
    moveCursor(editor, positionOf(editor.document, 'client-certificate-data: ', 30));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kubeward.showCertificateDetails');
    assert.equal(uri?.scheme, 'kubeward-report');
    const details = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(details, /Subject: CN=jane, O=dev\n {8}Kubernetes user \(CN\): jane\n {8}Kubernetes groups \(O\): dev\n/);
    assert.doesNotMatch(details, /PRIVATE KEY/);
  });

  test('the effective-access and reachability commands show their reports', async () => {
    const editor = await openFile(RBAC_FILE);
    moveCursor(editor, positionOf(editor.document, 'name: log-shipper\n    namespace', 7));
    const access = await vscode.commands.executeCommand<vscode.Uri>('kubeward.showEffectiveAccess');
    assert.ok(access, 'a report for the subject under the cursor');
    assert.match((await vscode.workspace.openTextDocument(access)).getText(), /^# Effective access\n[\s\S]*\*\*ServiceAccount logging\/log-shipper\*\*/);

    const reach = await eventually(
      'the shop namespace in the index',
      () => vscode.commands.executeCommand<vscode.Uri>('kubeward.showNetworkReachability', 'shop'),
      (uri) => uri !== undefined,
    );
    const summary = (await vscode.workspace.openTextDocument(reach)).getText();
    assert.match(summary, /^# Reachability in namespace shop\n\n## Deployment shop\/api\n\ningress isolated by default-deny; egress open\./);
  });

  test('Compare Effective Access With… reports what an unsaved edit grants since HEAD, and a code lens marks the changed role', async () => {
    const editor = await openFile(RBAC_FILE);
    const needle = 'resources: ["secrets"]\n    verbs: ["get", "list"';
    const secretsRule = positionOf(editor.document, needle, needle.length);
    await editor.edit((edit) => edit.insert(secretsRule, ', "delete"'));
    try {
      const report = await vscode.commands.executeCommand<vscode.Uri>('kubeward.compareAccess', 'HEAD');
      assert.ok(report, 'a report');
      const markdown = (await vscode.workspace.openTextDocument(report)).getText();
      assert.match(markdown, /^# Access and reachability since HEAD \([0-9a-f]{12}\)\n/);
      assert.match(markdown, /<summary>ServiceAccount logging\/log-shipper: \+1 grant<\/summary>\n\n- \+ `delete secrets in logging` — via RoleBinding logging\/log-shipper → Role log-reader \(rbac\/log-reader\.yaml:12\)/);
      const titles = await eventually(
        'the change lens on the Role',
        async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).map((lens) => lens.command?.title ?? ''),
        (found) => found.includes('+ delete secrets in logging for 1 subject'),
      );
      assert.ok(titles.includes('bound to 1 subject through 1 binding'), titles.join(' | '));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('a rule turned off in the settings disappears without a restart', async () => {
    const editor = await openFile(RBAC_FILE);
    await eventually('the unknown-verb error', () => kubewardDiagnostics(editor.document.uri), (found) => found.some((d) => codeOf(d) === 'rbac/unknown-verb'));
    await vscode.workspace.getConfiguration('kubeward').update('rules', { 'rbac/unknown-verb': 'off' }, vscode.ConfigurationTarget.Workspace);
    await eventually('the rule to be off', () => kubewardDiagnostics(editor.document.uri), (found) => found.length === 1 && codeOf(found[0]) === 'rbac/secrets-access');
    await vscode.workspace.getConfiguration('kubeward').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await eventually('the rule to be back', () => kubewardDiagnostics(editor.document.uri), (found) => found.some((d) => codeOf(d) === 'rbac/unknown-verb'));
  });

  test('the server keeps its workspace index in the extension\'s storage for the workspace, never in the workspace', async () => {
    await openFile(RBAC_FILE);
    const api = vscode.extensions.getExtension<{ indexCacheFolder(): string | undefined }>(EXTENSION_ID)!.exports;
    const folder = api.indexCacheFolder();
    assert.ok(folder, 'a workspace is open, so VS Code gives the extension a storage folder');
    const workspaceFolder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.ok(path.relative(workspaceFolder, folder).startsWith('..'), `${folder} lies outside ${workspaceFolder}`);
    await eventually('the index cache to be written', () => existsSync(path.join(folder, 'workspace-index.cache')), (written) => written);
  });

  test('restarting the server brings the diagnostics back', async () => {
    const editor = await openFile(RBAC_FILE);
    await vscode.commands.executeCommand('kubeward.restartServer');
    await eventually('diagnostics after the restart', () => kubewardDiagnostics(workspaceUri(RBAC_FILE)), (found) => found.length === 2);
    assert.equal(editor.document.isDirty, false);
  });
});
