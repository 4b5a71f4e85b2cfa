/**
 * End to end: the packaged .vsix, installed into code-server (VS Code 1.100.3 in the browser) and used through
 * headless Chromium the way a person would, by keyboard and mouse: Problems panel, hover, quick fix, completion and a
 * command-palette command, and a Deployment that Pod Security refuses fixed in the editor and checked with
 * `kubeward pod-security` before and after, with the results checked on disk. code-server and the browser are started by
 * test/vscode/code-server-session.mjs, the same code that runs the extension-host suite
 * (test/vscode/code-server-shim.mjs). Install them first with `node scripts/setup-editors.mjs`.
 *
 * On failure, a screenshot of the step that failed goes to test-results/. With UPDATE_SCREENSHOTS=1 the test also
 * writes the README's screenshots: docs/images/diagnostics.png, hover.png and quick-fix.png.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/paths';
import { type CodeServer, codeServerSession } from './code-server';
import { kubeward } from '../helpers/cli';
import { KUBECONFIG_FILE, PAYMENTS_FILE, PAYMENTS_YAML, RBAC_FILE, RBAC_YAML, createEditorWorkspace } from './workspace';

const run = promisify(execFile);

const VIEWPORT = { width: 1400, height: 900 };
/** Generous: two cores, and other test files run alongside this one. */
const UI_TIMEOUT = 30_000;
const SERVER_TIMEOUT = 60_000;
const MAX_VSIX_BYTES = 1.5 * 1024 * 1024;
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const FAILURE_DIR = path.join(REPO_ROOT, 'test-results');
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'images');

/** Names of the entries in a zip file, read from its central directory (a .vsix is a zip). */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  // The end-of-central-directory record is the last 22 bytes, plus a comment of up to 64 KiB.
  let end = zip.length - 22;
  while (end >= Math.max(0, zip.length - 22 - 0xffff) && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0 && zip.readUInt32LE(end) === 0x06054b50, `${file} is a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, `central directory entry ${i} of ${file}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** 1-based line and column of the character `offset` characters into the first `needle` of `text`. */
function lineColumnOf(text: string, needle: string, offset = 0): { line: number; column: number } {
  const index = text.indexOf(needle);
  assert.notEqual(index, -1, `"${needle}" is in the file`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

async function waitForFile(file: string, what: string, done: (text: string) => boolean, timeoutMs = UI_TIMEOUT): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = readFileSync(file, 'utf8');
  while (!done(text)) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what} in ${file}; it holds:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    text = readFileSync(file, 'utf8');
  }
  return text;
}

/** Waits until the element's text matches every pattern and none of `absent`; fails with the text it last had. */
async function waitForText(locator: Locator, what: string, patterns: RegExp[], timeoutMs = UI_TIMEOUT, absent: RegExp[] = []): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = (await locator.innerText({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => '')).replace(/\u00a0/g, ' ');
    if (patterns.every((pattern) => pattern.test(text)) && !absent.some((pattern) => pattern.test(text))) return text;
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what} to show ${patterns.join(', ')}${absent.length ? ` and not ${absent.join(', ')}` : ''}; it shows:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The workbench, driven through the keyboard shortcuts of VS Code on Linux. */
class Workbench {
  readonly quickInput: Locator;
  readonly editorPart: Locator;
  readonly activeEditor: Locator;

  constructor(readonly page: Page) {
    this.quickInput = page.locator('.quick-input-widget');
    this.editorPart = page.locator('.part.editor');
    this.activeEditor = page.locator('.part.editor .editor-instance .monaco-editor').first();
  }

  /** Opens the quick input with `keys`, types `text` and waits for a list row that contains `row` (if given). */
  private async quickPick(keys: string, text: string, row?: string): Promise<void> {
    await this.page.keyboard.press(keys);
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.pressSequentially(text);
    if (row) {
      // The list filters asynchronously (file search, command list): only accept once the wanted row is the first.
      await this.quickInput.locator('.monaco-list-row').first().filter({ hasText: row }).waitFor({ timeout: UI_TIMEOUT });
    }
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** Quick Open (Ctrl+P) the workspace file, then wait for its editor tab and a focused editor. */
  async openFile(relative: string): Promise<void> {
    const name = path.posix.basename(relative);
    await this.quickPick('Control+P', relative, name);
    await this.page.locator('.part.editor .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
    await this.page.locator('.part.editor .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT });
  }

  /** Go to Line/Column (Ctrl+G), then wait for the status bar to show the cursor there. */
  async goTo({ line, column }: { line: number; column: number }): Promise<void> {
    await this.quickPick('Control+G', `${line}:${column}`);
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Runs a command from the command palette (F1) by its title. */
  async runCommand(title: string): Promise<void> {
    await this.quickPick('F1', title, title);
  }

  /** Moves the focus in the focused list inside `container` down to the row that contains `text`. */
  async focusListRow(container: Locator, text: string): Promise<void> {
    const rows = container.locator('.monaco-list-row');
    const count = await rows.count();
    for (let moves = 0; moves <= count; moves++) {
      if (await rows.filter({ hasText: text }).first().evaluate((row) => row.classList.contains('focused'))) return;
      await this.page.keyboard.press('ArrowDown');
    }
    assert.fail(`no row "${text}" in ${await container.innerText()}`);
  }

  /** Ctrl+S on the active editor, which has unsaved changes; waits until they are saved. */
  async save(): Promise<void> {
    await this.page.locator('.part.editor .tab.active.dirty').waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.part.editor .tab.active:not(.dirty)').waitFor({ timeout: UI_TIMEOUT });
  }

  /** A screenshot of the editor area down to its last line of text (or the overlays in `extra`, if lower), with
   *  animations (the hover's fade-in) finished first. */
  async screenshotEditor(file: string, extra: Locator[] = []): Promise<void> {
    const editor = await this.editorPart.boundingBox();
    assert.ok(editor, 'the editor area is visible');
    // Monaco reuses line elements, so the last one in the DOM need not be the lowest on screen.
    const textBottom = await this.activeEditor.locator('.view-line').evaluateAll((lines) => Math.max(...lines.map((line) => line.getBoundingClientRect().bottom)));
    const extraBoxes = await Promise.all(extra.map((locator) => locator.boundingBox()));
    const bottom = Math.min(editor.y + editor.height, Math.max(textBottom, ...extraBoxes.map((box) => (box ? box.y + box.height : 0))) + 24);
    await this.page.screenshot({ path: file, animations: 'disabled', clip: { x: editor.x, y: editor.y, width: editor.width, height: bottom - editor.y } });
  }
}

test('the packaged extension works in code-server, used through the browser like a person would', { timeout: 240_000 }, async (t) => {
  const session = await codeServerSession();
  session.requireEditors();
  const started = Date.now();
  const log = (message: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)}s ${message}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-e2e-'));
  let workspace: string | undefined;
  let codeServer: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  /** Runs one step; on failure saves a screenshot named after it into test-results/ and says where. */
  const step = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    try {
      const result = await body();
      log(`${name}: ok`);
      return result;
    } catch (error) {
      if (page) {
        mkdirSync(FAILURE_DIR, { recursive: true });
        const file = path.join(FAILURE_DIR, `e2e-${name.replace(/[^a-z0-9]+/gi, '-')}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
        try {
          await page.screenshot({ path: file, timeout: 10_000 });
          console.error(`e2e step "${name}" failed; screenshot: ${file}`);
        } catch (screenshotError) {
          console.error(`e2e step "${name}" failed; no screenshot: ${(screenshotError as Error).message}`);
        }
      }
      if (codeServer && codeServer.process.exitCode !== null) console.error(`code-server exited; its output:\n${codeServer.output()}`);
      throw error;
    }
  };

  const cleanUp = async () => {
    await context?.close().catch(() => {});
    await codeServer?.stop();
    rmSync(scratch, { recursive: true, force: true });
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  };
  // code-server runs in its own process group, which Ctrl+C on the test runner does not reach.
  const onSignal = (signal: NodeJS.Signals) => { void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  if (UPDATE_SCREENSHOTS) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  try {
    const vsix = path.join(scratch, 'kubeward.vsix');
    const extensionsDir = path.join(scratch, 'extensions');
    const userDataDir = path.join(scratch, 'user-data');

    await step('package', async () => {
      await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: REPO_ROOT });
      const { size } = statSync(vsix);
      assert.ok(size < MAX_VSIX_BYTES, `the .vsix is ${size} bytes, more than ${MAX_VSIX_BYTES}`);
      const entries = zipEntries(vsix);
      assert.deepEqual(entries.filter((entry) => /(^|\/)node_modules\//.test(entry)), [], 'the .vsix has no node_modules');
      assert.ok(entries.includes('extension/dist/extension.js') && entries.includes('extension/dist/server.js'), `bundles in ${entries.join(', ')}`);
    });

    await step('install', async () => {
      const { stdout } = await run(session.codeServerBin, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], { env: session.codeServerEnv() });
      assert.match(stdout, /Extension 'kubeward\.vsix' was successfully installed/);
      const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.ok(existsSync(path.join(extensionsDir, `kubeward.kubeward-${version}`, 'dist', 'server.js')), 'the extension is unpacked into the extensions dir');
    });

    const folder = await createEditorWorkspace();
    workspace = folder;
    const workbench = await step('open the workbench', async () => {
      session.writeUserSettings(userDataDir, {
        // No toasts over the editor (recommendations for YAML extensions, tips).
        'extensions.ignoreRecommendations': true,
        'workbench.tips.enabled': false,
        // VS Code in the browser saves after a second by default; here Ctrl+S does, as on the desktop.
        'files.autoSave': 'off',
        // Less clutter in the screenshots.
        'editor.minimap.enabled': false,
        'editor.stickyScroll.enabled': false,
        'editor.occurrencesHighlight': 'off',
        // The hover opens below the subject, so the Role and binding above it stay in view.
        'editor.hover.above': false,
      });
      codeServer = await session.startCodeServer({ userDataDir, extensionsDir, scratchDir: scratch });
      const browser = await session.launchChromium(path.join(scratch, 'chromium'), { viewport: VIEWPORT });
      ({ context, page } = browser);
      await browser.page.goto(session.workbenchUrl(codeServer.port, { folder }));
      // The Explorer lists the workspace once the workbench is connected to the server.
      await browser.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'rbac' }).waitFor({ timeout: SERVER_TIMEOUT });
      return new Workbench(browser.page);
    });
    const currentPage = workbench.page;

    await step('diagnostics in the Problems panel', async () => {
      await workbench.openFile(RBAC_FILE);
      await currentPage.keyboard.press('Control+Shift+M');
      const problems = currentPage.locator('.markers-panel');
      await waitForText(problems, 'the Problems panel', [
        /Unknown verb "lsit"; did you mean "list"\?/,
        /rbac\/unknown-verb/,
        /can read every Secret in scope/,
        /rbac\/secrets-access/,
      ], SERVER_TIMEOUT);
      // The editor shows them too: an error and a warning squiggle.
      await workbench.activeEditor.locator('.squiggly-error').first().waitFor({ timeout: UI_TIMEOUT });
      await workbench.activeEditor.locator('.squiggly-warning').first().waitFor({ timeout: UI_TIMEOUT });
      if (UPDATE_SCREENSHOTS) await currentPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'diagnostics.png'), animations: 'disabled' });
    });

    await step('effective-access hover', async () => {
      // Ctrl+J hides the panel, so the hover has the whole editor height.
      await currentPage.keyboard.press('Control+J');
      await currentPage.locator('.part.panel').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await workbench.goTo(lineColumnOf(RBAC_YAML, 'name: log-shipper\n    namespace', 8));
      // Go to Line centres the line; scroll back to the top (Ctrl+Up scrolls without moving the cursor), so the
      // Role is in view too.
      for (let i = 0; i < 5; i++) await currentPage.keyboard.press('Control+ArrowUp');
      // Show or Focus Hover: Ctrl+K Ctrl+I.
      await currentPage.keyboard.press('Control+K');
      await currentPage.keyboard.press('Control+I');
      const hover = currentPage.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: 'can, through' }).first();
      await waitForText(hover, 'the hover', [
        /ServiceAccount logging\/log-shipper can, through 1 binding:/,
        /secrets \(core\)\s+get, list\s+⚠ reads Secrets/,
      ]);
      if (UPDATE_SCREENSHOTS) await workbench.screenshotEditor(path.join(SCREENSHOT_DIR, 'hover.png'), [hover]);
      await currentPage.keyboard.press('Escape');
    });

    await step('quick fix', async () => {
      const file = path.join(folder, RBAC_FILE);
      await workbench.goTo(lineColumnOf(RBAC_YAML, '"lsit"', 2));
      await currentPage.keyboard.press('Control+.');
      const fix = currentPage.locator('.action-widget .monaco-list-row', { hasText: 'Replace "lsit" with "list"' });
      await fix.waitFor({ timeout: UI_TIMEOUT });
      if (UPDATE_SCREENSHOTS) await workbench.screenshotEditor(path.join(SCREENSHOT_DIR, 'quick-fix.png'), [currentPage.locator('.action-widget')]);
      // Choose it with the keyboard, as the menu has focus (a click is blocked by the menu's own pointer overlay).
      await workbench.focusListRow(currentPage.locator('.action-widget'), 'Replace "lsit" with "list"');
      await currentPage.keyboard.press('Enter');
      await currentPage.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await workbench.activeEditor.locator('.view-line', { hasText: 'verbs: ["get", "list", "watch"]' }).waitFor({ timeout: UI_TIMEOUT });
      assert.match(readFileSync(file, 'utf8'), /"lsit"/, 'the fix is not on disk before saving');
      await workbench.save();
      await waitForFile(file, 'the fixed verb', (text) => text.includes('verbs: ["get", "list", "watch"]'));
      // And the error leaves the Problems panel.
      await currentPage.keyboard.press('Control+Shift+M');
      await waitForText(currentPage.locator('.markers-panel'), 'the Problems panel', [/rbac\/secrets-access/], UI_TIMEOUT, [/rbac\/unknown-verb/]);
    });

    await step('verb completion', async () => {
      const file = path.join(folder, RBAC_FILE);
      // After the quick fix the file is saved; the second rule still reads `verbs: ["get", "list"]`.
      await workbench.goTo(lineColumnOf(readFileSync(file, 'utf8'), 'verbs: ["get", "list"]', 'verbs: ["get", "list"'.length));
      await currentPage.keyboard.type(', wa');
      await currentPage.keyboard.press('Control+Space');
      // Kubeward's item, told apart from VS Code's word-based suggestions (the file has "watch" above) by its detail.
      const suggestion = currentPage.locator('.suggest-widget .monaco-list-row.focused', { hasText: 'Stream changes to objects' }).filter({ hasText: 'watch' });
      await suggestion.waitFor({ timeout: UI_TIMEOUT });
      await currentPage.keyboard.press('Enter');
      await currentPage.locator('.suggest-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await workbench.save();
      await waitForFile(file, 'the completed verb', (text) => /verbs: \["get", "list", "?watch"?\]/.test(text));
    });

    await step('decode credential in place', async () => {
      const file = path.join(folder, KUBECONFIG_FILE);
      await workbench.openFile(KUBECONFIG_FILE);
      await workbench.goTo(lineColumnOf(readFileSync(file, 'utf8'), 'client-certificate-data: ', 30));
      await workbench.runCommand('Kubeward: Decode Credential in Place');
      await workbench.activeEditor.locator('.view-line', { hasText: '-----BEGIN CERTIFICATE-----' }).waitFor({ timeout: UI_TIMEOUT });
      assert.doesNotMatch(readFileSync(file, 'utf8'), /BEGIN CERTIFICATE/, 'the decoded value is not on disk before saving');
      await workbench.save();
      await waitForFile(file, 'the decoded certificate', (text) => text.includes('client-certificate-data: | # kubeward:base64') && text.includes('-----BEGIN CERTIFICATE-----'));
    });

    await step('pod security: refused in its namespace, fixed in the editor', async () => {
      const file = path.join(folder, PAYMENTS_FILE);
      const before = kubeward(['pod-security', '-f', 'payments'], { cwd: folder });
      assert.equal(before.status, 1, before.stderr);
      assert.match(before.stdout, /^Deployment payments\/web \(payments\/web\.yaml:2\): .*REFUSED at restricted:latest/m);
      await workbench.openFile(PAYMENTS_FILE);
      await currentPage.keyboard.press('Control+Shift+M');
      await waitForText(currentPage.locator('.markers-panel'), 'the Problems panel', [
        /Pod Security "restricted:latest" \(enforced in namespace "payments"\) refuses every pod this Deployment creates/,
        /pod\/pod-security/,
      ], SERVER_TIMEOUT);
      await workbench.goTo(lineColumnOf(PAYMENTS_YAML, 'name: web\n          image', 2));
      await currentPage.keyboard.press('Control+.');
      const title = 'Make this pod meet restricted';
      await currentPage.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: UI_TIMEOUT });
      await workbench.focusListRow(currentPage.locator('.action-widget'), title);
      await currentPage.keyboard.press('Enter');
      await currentPage.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await workbench.activeEditor.locator('.view-line', { hasText: 'runAsNonRoot: true' }).waitFor({ timeout: UI_TIMEOUT });
      await workbench.save();
      await waitForFile(file, 'the restricted settings', (text) => text.includes('runAsNonRoot: true') && text.includes('allowPrivilegeEscalation: false'));
      await currentPage.keyboard.press('Control+Shift+M');
      await waitForText(currentPage.locator('.markers-panel'), 'the Problems panel', [/rbac\/secrets-access/], UI_TIMEOUT, [/pod\/pod-security/]);
      const after = kubeward(['pod-security', '-f', 'payments'], { cwd: folder });
      assert.equal(after.status, 0, `${after.stdout}${after.stderr}`);
      assert.match(after.stdout, /^Deployment payments\/web \(payments\/web\.yaml:2\): meets restricted/m);
      assert.doesNotMatch(after.stdout, /REFUSED/);
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
    log('cleaned up');
  }
});
