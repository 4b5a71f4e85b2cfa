// Starting and stopping code-server and the headless Chromium that shows its workbench. Shared by the VS Code
// stand-in (test/vscode/code-server-shim.mjs) and the end-to-end test of the packaged extension
// (test/vscode/e2e.test.ts, which types what it uses in test/vscode/code-server.ts).
// Install the tools first with `node scripts/setup-editors.mjs`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath, codeServerBin } from '../../scripts/editor-paths.mjs';

export { chromiumPath, codeServerBin };

/** Throws, saying how to install them, unless code-server and Chromium are where scripts/editor-paths.mjs says. */
export function requireEditors() {
  for (const [name, file] of [['code-server', codeServerBin], ['Chromium', chromiumPath]]) {
    if (!existsSync(file)) throw new Error(`${name} is not installed at ${file}. Run \`node scripts/setup-editors.mjs\` (npm test does).`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Settings that keep the workbench from showing tabs, prompts or network lookups that would get in the tests' way.
 *  Settings already in the user-data-dir win over these, and `extra` wins over both. */
export function writeUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  let existing = {};
  try { existing = JSON.parse(readFileSync(file, 'utf8')); } catch { /* absent, or JSON with comments: replace */ }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    ...existing,
    ...extra,
  }, null, 2));
}

/** The environment code-server runs in: inside a VS Code terminal VSCODE_IPC_HOOK_CLI would make code-server hand
 *  the request to that VS Code instead of starting (or installing) itself. */
export function codeServerEnv() {
  const env = { ...process.env };
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** The workbench URL, with the query parameters VS Code web uses: folder= or workspace= for what to open
 *  (`ew=true`, an empty window, when neither is given), payload= for extension development and test runs. */
export function workbenchUrl(port, { folder, workspace, extensionDevelopmentPath = [], extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(p).pathname}`;
  const url = new URL(`http://127.0.0.1:${port}/`);
  if (workspace) url.searchParams.set('workspace', workspace);
  else if (folder) url.searchParams.set('folder', folder);
  else url.searchParams.set('ew', 'true'); // instead of code-server's last-opened folder
  const payload = extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

async function waitForHealthz(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs / 1000} s`);
}

/**
 * Starts code-server on a free loopback port without authentication, with its own config file in `scratchDir`
 * (so ~/.config/code-server is neither read nor written), and waits until it answers /healthz.
 * Returns { port, process, output() (its last 200 chunks of output), stop() }. Call stop() in every case: it also
 * ends the extension host and file watcher that code-server starts in its process group.
 */
export async function startCodeServer({ userDataDir, extensionsDir, scratchDir, onOutput, healthzTimeoutMs = 30_000, workspaceTrust = false }) {
  mkdirSync(extensionsDir, { recursive: true });
  const configFile = path.join(mkdtempSync(path.join(scratchDir, 'code-server-config-')), 'config.yaml');
  writeFileSync(configFile, 'auth: none\n');
  const port = await freePort();
  const child = spawn(codeServerBin, [
    '--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: codeServerEnv() });
  const chunks = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      onOutput?.(chunk);
      chunks.push(chunk.toString());
      if (chunks.length > 200) chunks.shift();
    });
  }
  const session = { port, process: child, output: () => chunks.join(''), stop: () => stopProcessGroup(child) };
  try {
    await waitForHealthz(port, child, healthzTimeoutMs);
  } catch (error) {
    await session.stop();
    error.message += `\ncode-server's output:\n${session.output()}`;
    throw error;
  }
  return session;
}

/** Stops a process started with `detached: true` and everything in its process group: SIGTERM, up to `graceMs` to
 *  exit, then SIGKILL for whatever of the group is left, so a next run with the same user-data-dir finds no
 *  stragglers. (Polling the group instead would wait on zombies the container's init may be slow to reap.) */
export async function stopProcessGroup(child, graceMs = 3000) {
  if (!child?.pid) return;
  const signalGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* all gone */ } };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup('SIGTERM');
    let timer;
    await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, graceMs); })]);
    clearTimeout(timer);
  }
  signalGroup('SIGKILL');
}

/** Headless Debian Chromium with a persistent profile in `profileDir`. Returns { context, page }; close the
 *  context to end the browser. Playwright installs no signal handlers: the caller stops code-server and the
 *  browser on SIGINT/SIGTERM itself (playwright's own would exit(130) right after closing the browser). */
export async function launchChromium(profileDir, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page };
}
