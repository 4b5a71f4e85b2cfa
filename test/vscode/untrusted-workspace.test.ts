/**
 * Kubeward in a workspace VS Code does not trust (restricted mode): manifests are still analysed, but a cluster
 * command refuses a kubeconfig user whose credentials come from running a command, runs nothing and connects to
 * nothing. The kubeconfig's exec plugin would leave a marker file, and its server is a local socket that counts
 * connections.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../helpers/paths';
import { requireCodeServer } from './code-server';
import { createEditorWorkspace } from './workspace';

test('an untrusted workspace is analysed, and its cluster commands run and connect to nothing', { timeout: 240_000 }, async () => {
  const executable = process.env.VSCODE_EXECUTABLE ?? (await requireCodeServer());
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-untrusted-'));
  let connections = 0;
  const listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as { port: number }).port;
  const marker = path.join(scratch, 'exec-plugin-ran');
  const kubeconfig = path.join(scratch, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
  - name: trap
    cluster:
      server: https://127.0.0.1:${port}
      insecure-skip-tls-verify: true
users:
  - name: plugin-user
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: /bin/sh
        args: ["-c", "touch '${marker}'"]
        interactiveMode: Never
contexts:
  - name: trap
    context: {cluster: trap, user: plugin-user}
current-context: trap
`,
  );
  const workspace = await createEditorWorkspace();
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'),
      extensionTestsEnv: { KUBECONFIG: kubeconfig, KUBEWARD_SUITES: 'untrusted', KUBEWARD_SHIM_WORKSPACE_TRUST: 'untrusted' },
      launchArgs: [workspace, `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
    });
    assert.equal(existsSync(marker), false, 'the exec plugin ran');
    assert.equal(connections, 0, 'a connection was made to the kubeconfig server');
  } finally {
    listener.close();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
});
