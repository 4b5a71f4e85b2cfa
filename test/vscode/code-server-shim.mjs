#!/usr/bin/env node
// A stand-in for the VS Code executable, for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// No desktop VS Code or Electron can be installed on this machine (they download from GitHub / Microsoft), so this
// runs the same extension tests in code-server (VS Code 1.100.3 in a browser), shown in headless Debian chromium:
// the workbench URL's `payload` parameter carries extensionDevelopmentPath/extensionTestsPath, the tests run in
// code-server's Node extension host, and the workbench reports the result through window.codeAutomationExit.
// Install the tools first with `node scripts/setup-editors.mjs`.
//
// Env: KUBEWARD_SHIM_TIMEOUT_MS (default 120000), KUBEWARD_SHIM_KEEP_LOGS=1 (show code-server's own output),
//      CODE_SERVER_BIN, CHROMIUM_BIN (see scripts/editor-paths.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, codeServerBin, repoRoot } from '../../scripts/editor-paths.mjs';

const started = Date.now();
const say = (message) => console.log(`[code-server-shim ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const timeoutMs = Number(process.env.KUBEWARD_SHIM_TIMEOUT_MS) || 120_000;
const keepLogs = process.env.KUBEWARD_SHIM_KEEP_LOGS === '1';

/** The VS Code CLI options we act on; every other flag (runTests adds --no-sandbox, --disable-updates, ...) is
 *  meaningless for code-server and dropped, since code-server exits on options it does not know. */
function parseArgs(argv) {
  const options = { extensionDevelopmentPath: [], extensionTestsPath: undefined, userDataDir: undefined, extensionsDir: undefined, paths: [] };
  const valued = { '--extensionDevelopmentPath': 'extensionDevelopmentPath', '--extensionTestsPath': 'extensionTestsPath', '--user-data-dir': 'userDataDir', '--extensions-dir': 'extensionsDir' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') ? [arg.split('=')[0], arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined] : [arg];
    const key = valued[flag];
    if (key) {
      // VS Code accepts both --flag=value and --flag value.
      const value = path.resolve(inline ?? argv[++i]);
      if (key === 'extensionDevelopmentPath') options.extensionDevelopmentPath.push(value);
      else options[key] = value;
    } else if (arg === '--disable-extensions') {
      // code-server rejects it ("Unknown option"); the extensions dir is empty or test-private anyway.
      say('ignoring --disable-extensions (code-server has no such option)');
    } else if (!arg.startsWith('-')) {
      options.paths.push(path.resolve(arg));
    }
  }
  return options;
}

function freePort() {
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
 *  Settings already in a given user-data-dir win. */
function writeUserSettings(userDataDir) {
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
  }, null, 2));
}

/** Same query parameters VS Code web uses: folder= or workspace= for what to open, payload= for the test run. */
function workbenchUrl(port, options) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(p).pathname}`;
  const url = new URL(`http://127.0.0.1:${port}/`);
  const target = options.paths.at(-1);
  if (target) {
    if (!existsSync(target)) throw new Error(`workspace path does not exist: ${target}`);
    if (target.endsWith('.code-workspace')) url.searchParams.set('workspace', target);
    else if (statSync(target).isDirectory()) url.searchParams.set('folder', target);
    else {
      // The web workbench cannot be asked to open a loose file; open its folder and let the test open the file.
      say(`opening the folder of ${target}`);
      url.searchParams.set('folder', path.dirname(target));
    }
  } else {
    url.searchParams.set('ew', 'true'); // empty window, instead of code-server's last-opened folder
  }
  const payload = options.extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  if (payload.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

async function waitForHealthz(port, codeServer) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (codeServer.exitCode !== null) throw new Error(`code-server exited early with code ${codeServer.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('code-server did not answer /healthz within 30 s');
}

const options = parseArgs(process.argv.slice(2));
const tempDirs = [];
const tempDir = (name) => { const dir = mkdtempSync(path.join(os.tmpdir(), `kubeward-shim-${name}-`)); tempDirs.push(dir); return dir; };
let codeServer;
let context;
const codeServerOutput = [];

async function cleanUp() {
  await context?.close().catch(() => {});
  if (codeServer?.pid) {
    // code-server runs the extension host and file watcher as children in its process group. Let it shut down
    // gracefully, then kill whatever of the group is left, so a next run with the same user-data-dir finds no
    // stragglers. (Polling the group instead would wait on zombies the container's init may be slow to reap.)
    const signalGroup = (signal) => { try { process.kill(-codeServer.pid, signal); } catch { /* all gone */ } };
    if (codeServer.exitCode === null && codeServer.signalCode === null) {
      const exited = new Promise((resolve) => codeServer.once('exit', resolve));
      signalGroup('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
    signalGroup('SIGKILL');
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

async function main() {
  if (!existsSync(codeServerBin)) throw new Error(`code-server not found at ${codeServerBin}; run: node scripts/setup-editors.mjs`);
  if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath}; run: node scripts/setup-editors.mjs`);

  const userDataDir = options.userDataDir ?? tempDir('user-data');
  const extensionsDir = options.extensionsDir ?? tempDir('extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);
  // Our own config file, so code-server neither reads nor writes ~/.config/code-server/config.yaml.
  const configFile = path.join(tempDir('config'), 'config.yaml');
  writeFileSync(configFile, 'auth: none\n');

  const port = await freePort();
  const env = { ...process.env };
  // Inside a VS Code terminal this would make code-server hand the request to that VS Code instead of starting.
  delete env.VSCODE_IPC_HOOK_CLI;
  codeServer = spawn(codeServerBin, [
    '--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  for (const stream of [codeServer.stdout, codeServer.stderr]) {
    stream.on('data', (chunk) => {
      if (keepLogs) process.stderr.write(`[code-server] ${chunk}`);
      codeServerOutput.push(chunk.toString());
      if (codeServerOutput.length > 200) codeServerOutput.shift();
    });
  }
  await waitForHealthz(port, codeServer);
  say(`code-server ready on 127.0.0.1:${port}`);

  context = await chromium.launchPersistentContext(tempDir('chromium'), {
    executablePath: chromiumPath,
    headless: true,
    // Our own signal handlers stop code-server too; playwright's would exit(130) right after closing the browser.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();

  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  // The workbench forwards the extension host's console here while tests run (as @vscode/test-web does).
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // args are the console call's arguments, format string included (mocha logs '%s%s', ...).
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (type === 'error' || type === 'warn') process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
  page.on('crash', () => finish({ code: 1, reason: 'the browser page crashed' }));
  codeServer.once('exit', (code, signal) => finish({ code: 1, reason: `code-server exited (${code ?? signal})` }));
  const timer = setTimeout(() => finish({ code: 1, reason: `no result within ${timeoutMs / 1000} s (KUBEWARD_SHIM_TIMEOUT_MS)` }), timeoutMs);

  await page.goto(workbenchUrl(port, options));
  say('workbench loading; tests run when the extension host is up');
  const result = await finished;
  clearTimeout(timer);

  if (result.reason) say(`FAILED: ${result.reason}`);
  if (result.code !== 0) {
    const dir = path.join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `code-server-shim-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      say(`screenshot: ${file}`);
    } catch (error) {
      say(`no screenshot: ${error.message}`);
    }
    // An assertion failure is explained by the test output above; a hang or crash may be explained by code-server.
    if (result.reason && !keepLogs) say(`code-server's last output (all of it with KUBEWARD_SHIM_KEEP_LOGS=1):\n${codeServerOutput.join('').split('\n').slice(-30).join('\n')}`);
  }
  say(`tests finished with exit code ${result.code}`);
  return result.code;
}

// runTests sends SIGINT on Ctrl+C: still stop code-server and the browser.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { say(`${signal}: stopping`); cleanUp().finally(() => process.exit(1)); });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[code-server-shim] ${error.stack ?? error}`);
  if (!keepLogs && codeServerOutput.length) console.error(codeServerOutput.join(''));
} finally {
  await cleanUp();
}
// Exit explicitly: playwright can keep handles open after close().
process.exit(exitCode);
