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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { repoRoot } from '../../scripts/editor-paths.mjs';
import { launchChromium, requireEditors, startCodeServer, workbenchUrl, writeUserSettings } from './code-server-session.mjs';

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

/** The web workbench reads its payload into a Map, so it keeps only one extensionDevelopmentPath: the first stays
 *  the extension under development, and each other one is linked into the extensions dir, where code-server loads it
 *  as an installed extension (a link, so that its require()s still resolve from where it lives). */
function installBesideDeveloped(extensionsDir, others) {
  mkdirSync(extensionsDir, { recursive: true });
  for (const dir of others) {
    const { publisher, name, version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const link = path.join(extensionsDir, `${publisher}.${name}-${version}`);
    rmSync(link, { recursive: true, force: true });
    symlinkSync(dir, link, 'dir');
    say(`installed ${publisher}.${name} from ${dir}`);
  }
}

/** What to open: the last path given, as VS Code does. The web workbench cannot be asked to open a loose file, so
 *  for a file its folder is opened and the test opens the file. */
function workspaceTarget(options) {
  const target = options.paths.at(-1);
  if (!target) return {};
  if (!existsSync(target)) throw new Error(`workspace path does not exist: ${target}`);
  if (target.endsWith('.code-workspace')) return { workspace: target };
  if (statSync(target).isDirectory()) return { folder: target };
  say(`opening the folder of ${target}`);
  return { folder: path.dirname(target) };
}

const options = parseArgs(process.argv.slice(2));
const tempDirs = [];
const tempDir = (name) => { const dir = mkdtempSync(path.join(os.tmpdir(), `kubeward-shim-${name}-`)); tempDirs.push(dir); return dir; };
let codeServer;
let context;

async function cleanUp() {
  await context?.close().catch(() => {});
  await codeServer?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

async function main() {
  requireEditors();
  const userDataDir = options.userDataDir ?? tempDir('user-data');
  const extensionsDir = options.extensionsDir ?? tempDir('extensions');
  const [developed, ...others] = options.extensionDevelopmentPath;
  installBesideDeveloped(extensionsDir, others);
  // KUBEWARD_SHIM_WORKSPACE_TRUST=untrusted opens the folder in VS Code's restricted mode, without a prompt.
  const untrusted = process.env.KUBEWARD_SHIM_WORKSPACE_TRUST === 'untrusted';
  writeUserSettings(userDataDir, untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {});
  codeServer = await startCodeServer({
    userDataDir, extensionsDir, scratchDir: tempDir('config'), workspaceTrust: untrusted,
    onOutput: keepLogs ? (chunk) => process.stderr.write(`[code-server] ${chunk}`) : undefined,
  });
  const { port } = codeServer;
  say(`code-server ready on 127.0.0.1:${port}`);

  let page;
  ({ context, page } = await launchChromium(tempDir('chromium')));

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
  codeServer.process.once('exit', (code, signal) => finish({ code: 1, reason: `code-server exited (${code ?? signal})` }));
  const timer = setTimeout(() => finish({ code: 1, reason: `no result within ${timeoutMs / 1000} s (KUBEWARD_SHIM_TIMEOUT_MS)` }), timeoutMs);

  await page.goto(workbenchUrl(port, {
    ...workspaceTarget(options),
    extensionDevelopmentPath: developed ? [developed] : [],
    extensionTestsPath: options.extensionTestsPath,
  }));
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
    if (result.reason && !keepLogs) say(`code-server's last output (all of it with KUBEWARD_SHIM_KEEP_LOGS=1):\n${codeServer.output().split('\n').slice(-30).join('\n')}`);
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
  if (!keepLogs && codeServer?.output()) console.error(codeServer.output());
} finally {
  await cleanUp();
}
// Exit explicitly: playwright can keep handles open after close().
process.exit(exitCode);
