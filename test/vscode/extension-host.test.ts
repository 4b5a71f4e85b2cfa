/**
 * Runs the Mocha suite of test/vscode/suite in a real VS Code extension host with the stock @vscode/test-electron
 * runner. On this machine the "VS Code executable" is test/vscode/code-server-shim.mjs, which hosts VS Code 1.100
 * in code-server and headless Chromium; with VSCODE_EXECUTABLE set to a desktop VS Code, or
 * KUBEWARD_VSCODE_DOWNLOAD=1 where the runner can download one, the same suite runs there unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../helpers/paths';
import { requireCodeServer } from './code-server';
import { createEditorWorkspace } from './workspace';

test('the extension-host suite passes in a real VS Code', { timeout: 240_000 }, async () => {
  const download = process.env.KUBEWARD_VSCODE_DOWNLOAD === '1';
  const executable = process.env.VSCODE_EXECUTABLE ?? (download ? undefined : await requireCodeServer());
  const workspace = await createEditorWorkspace();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-extension-host-'));
  try {
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: '1.100.3' }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'),
      // A fresh profile per run, so editors reopened from an earlier run cannot change what the suite sees.
      launchArgs: [workspace, `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
});
