/**
 * Kubeward installed beside the Red Hat YAML extension with Kubernetes schema validation on: the suite
 * test/vscode/suite/yaml-extension.suite.ts runs in a real VS Code with a second extension under development,
 * test/vscode/yaml-extension-standin (the real one cannot be downloaded here; that folder says how they differ).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../helpers/paths';
import { requireCodeServer } from './code-server';
import { createEditorWorkspace } from './workspace';

test('beside the YAML extension, a plain schema error is shown once and Kubernetes findings stay', { timeout: 180_000 }, async () => {
  const executable = process.env.VSCODE_EXECUTABLE ?? (await requireCodeServer());
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-yaml-extension-'));
  const userData = path.join(scratch, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  // Kubernetes validation as its users turn it on; no schema store, whose catalog would be fetched from the network.
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'yaml.schemas': { kubernetes: '*.yaml' }, 'yaml.schemaStore.enable': false }));
  const workspace = await createEditorWorkspace();
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: [REPO_ROOT, path.join(REPO_ROOT, 'test', 'vscode', 'yaml-extension-standin')],
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'),
      extensionTestsEnv: { KUBEWARD_SUITES: 'yaml-extension' },
      launchArgs: [workspace, `--user-data-dir=${userData}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
});
