/**
 * The language server as Neovim's built-in LSP client sees it: a real headless `nvim` runs
 * test/editors/neovim-client.lua, which starts `bin/kubeward-language-server.js --stdio`, opens a fixture, waits for
 * diagnostics, hovers a RoleBinding subject, asks for completion of its roleRef and writes everything it received to
 * a JSON file checked here.
 *
 * Neovim is a hard requirement of this suite: when `nvim` is missing the test fails (it is installed by
 * `node scripts/setup-editors.mjs`), so that a CI image without it cannot pass by silently skipping.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

const DRIVER = path.join(REPO_ROOT, 'test', 'editors', 'neovim-client.lua');
const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'kubeward-language-server.js');
const FIXTURE_NAME = 'log-shipper-rbac.yaml';
const FIXTURE = path.join(REPO_ROOT, 'test', 'editors', 'fixtures', FIXTURE_NAME);
const FIXTURE_TEXT = readFileSync(FIXTURE, 'utf8');

/** Per-step wait inside Neovim, and the hard limit for a whole run after which nvim and the server are killed. */
const STEP_TIMEOUT_MS = 15_000;
const RUN_TIMEOUT_MS = 45_000;

const UNKNOWN_VERB_OFF = { kubeward: { rules: { 'rbac/unknown-verb': 'off' } } };

interface LspPosition {
  line: number;
  character: number;
}
interface LspDiagnostic {
  range: { start: LspPosition; end: LspPosition };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
interface DriverResult {
  nvim_version: string;
  default_capabilities: { workspace_configuration: boolean };
  events: { name: string; ms: number }[];
  published: { uri: string; version?: number; diagnostics: LspDiagnostic[] }[];
  shown: { lnum: number; col: number; severity: string; source?: string; message: string }[];
  server_requests: { method: string; params: { items: { scopeUri?: string; section?: string }[] }; answer: unknown }[];
  hover?: { contents: { kind: string; value: string } | string; range?: unknown } | null;
  completion?: { isIncomplete: boolean; items: { label: string; sortText?: string; textEdit?: { newText: string } }[] } | null;
  exit?: { code: number; signal: number };
  elapsed_ms: number;
  error?: string;
}
interface NeovimRun {
  result: DriverResult;
  stderr: string;
  wallMs: number;
}

type SettingsDelivery = 'as-configured' | 'push' | 'pull';

/** Fails (never skips) when nvim cannot run, with the command that installs it. */
function requireNeovim(): { major: number; minor: number } {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) {
    assert.fail(
      `Neovim is required by this test but \`nvim --version\` failed (${probe.error?.message ?? `exit ${probe.status}: ${probe.stderr}`}). ` +
        'Run `node scripts/setup-editors.mjs` to install it.',
    );
  }
  const match = /^NVIM v(\d+)\.(\d+)/m.exec(probe.stdout);
  assert.ok(match, `cannot read the Neovim version from:\n${probe.stdout}`);
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  assert.ok(version.major > 0 || version.minor >= 7, `Neovim ${match[0]} is older than 0.7, which the driver needs`);
  assert.ok(existsSync(path.join(REPO_ROOT, 'dist', 'server.js')), 'dist/server.js is missing: run `node scripts/build.mjs` first');
  return version;
}

/** The 0-based LSP position of `needle` inside the fixture, looked up after `after` so that repeated names are told apart. */
function fixturePosition(needle: string, after = ''): LspPosition {
  const anchor = FIXTURE_TEXT.indexOf(after);
  const offset = FIXTURE_TEXT.indexOf(needle, anchor);
  assert.ok(anchor !== -1 && offset !== -1, `"${needle}" after "${after}" is not in ${FIXTURE_NAME}`);
  const before = FIXTURE_TEXT.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The fixture text an LSP range covers (single-line ranges only, which is all this test expects). */
function textAt(range: { start: LspPosition; end: LspPosition }): string {
  assert.equal(range.start.line, range.end.line, 'expected a single-line range');
  return FIXTURE_TEXT.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

function describeRun(run: NeovimRun): string {
  return `nvim stderr:\n${run.stderr || '(empty)'}\ndriver result:\n${JSON.stringify(run.result, null, 2)}`;
}

/** Runs `body`, adding what Neovim received and printed to any failure so it can be diagnosed from the log alone. */
function check(run: NeovimRun, body: () => void): void {
  try {
    body();
  } catch (error) {
    if (error instanceof Error) error.message += `\n\n${describeRun(run)}`;
    throw error;
  }
}

/**
 * One headless Neovim session against a temporary copy of the fixture (the server indexes its root folder, and
 * Neovim's state, cache and LSP log stay in the same temporary folder instead of the user's home).
 */
async function runNeovim(options: { settings?: object; delivery?: SettingsDelivery } = {}): Promise<NeovimRun> {
  requireNeovim();
  const directory = mkdtempSync(path.join(tmpdir(), 'kubeward-nvim-'));
  try {
    const workspace = path.join(directory, 'workspace');
    const xdg = path.join(directory, 'xdg');
    mkdirSync(workspace);
    mkdirSync(xdg);
    const manifest = path.join(workspace, FIXTURE_NAME);
    copyFileSync(FIXTURE, manifest);
    const output = path.join(directory, 'result.json');
    const hover = fixturePosition('log-shipper', '  - kind: ServiceAccount\n');
    const completion = fixturePosition('log-reader', 'roleRef:');

    const started = Date.now();
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${DRIVER}`], {
      cwd: workspace,
      // Its own process group, so a hung run can be killed together with the language server it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: xdg,
        XDG_DATA_HOME: xdg,
        XDG_STATE_HOME: xdg,
        XDG_CACHE_HOME: xdg,
        // The Node that runs the tests, not whichever one comes first on PATH.
        KUBEWARD_NVIM_NODE: process.execPath,
        KUBEWARD_NVIM_SERVER: SERVER_BIN,
        KUBEWARD_NVIM_ROOT: workspace,
        KUBEWARD_NVIM_FILE: manifest,
        KUBEWARD_NVIM_OUT: output,
        KUBEWARD_NVIM_HOVER: `${hover.line}:${hover.character}`,
        KUBEWARD_NVIM_COMPLETE: `${completion.line}:${completion.character}`,
        KUBEWARD_NVIM_SETTINGS: options.settings ? JSON.stringify(options.settings) : '',
        KUBEWARD_NVIM_SETTINGS_DELIVERY: options.delivery ?? 'as-configured',
        KUBEWARD_NVIM_TIMEOUT_MS: String(STEP_TIMEOUT_MS),
      },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, RUN_TIMEOUT_MS);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    }).finally(() => clearTimeout(timer));
    const wallMs = Date.now() - started;

    // Neovim's own LSP log (warnings and errors from the client side), for the failure message.
    const lspLog = path.join(xdg, 'nvim', 'lsp.log');
    const log = existsSync(lspLog) ? `\nNeovim lsp.log:\n${readFileSync(lspLog, 'utf8')}` : '';
    const context = `nvim exit ${code ?? signal} after ${wallMs} ms${timedOut ? ` (killed after the ${RUN_TIMEOUT_MS} ms limit)` : ''}\nstdout:\n${stdout}\nstderr:\n${stderr}${log}`;
    assert.ok(existsSync(output), `the Neovim driver wrote no result.\n${context}`);
    const result = JSON.parse(readFileSync(output, 'utf8')) as DriverResult;
    const run = { result, stderr: stderr + log, wallMs };
    assert.equal(result.error, undefined, `the Neovim driver failed: ${result.error}\n${context}\n${describeRun(run)}`);
    assert.equal(code, 0, `nvim exit status.\n${context}`);
    return run;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The diagnostics of the fixture as last published, ordered by position. */
function lastDiagnostics(result: DriverResult): LspDiagnostic[] {
  const mine = result.published.filter((params) => params.uri.endsWith(`/${FIXTURE_NAME}`));
  assert.ok(mine.length > 0, `no diagnostics were published for ${FIXTURE_NAME}`);
  return [...mine[mine.length - 1].diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function everyPublishedCode(result: DriverResult): (string | number | undefined)[] {
  return result.published.flatMap((params) => params.diagnostics.map((diagnostic) => diagnostic.code));
}

describe('Neovim built-in LSP client', { timeout: 4 * RUN_TIMEOUT_MS }, () => {
  test('diagnostics, severities and the effective-access hover of a RoleBinding subject', async () => {
    const run = await runNeovim();
    check(run, () => {
      const { result } = run;
      const diagnostics = lastDiagnostics(result);
      assert.deepEqual(
        diagnostics.map((diagnostic) => ({ code: diagnostic.code, source: diagnostic.source, severity: diagnostic.severity, range: diagnostic.range })),
        [
          // The misspelt verb "lsit" in the pods rule (line 11, column 20 counted from 1).
          { code: 'rbac/unknown-verb', source: 'kubeward', severity: 1, range: { start: { line: 10, character: 19 }, end: { line: 10, character: 25 } } },
          // "secrets" in the rule that lets the shipper get and list them (line 13, column 17 counted from 1).
          { code: 'rbac/secrets-access', source: 'kubeward', severity: 2, range: { start: { line: 12, character: 16 }, end: { line: 12, character: 25 } } },
        ],
      );
      // The literal positions above must still point at the words they are about.
      assert.equal(textAt(diagnostics[0].range), '"lsit"');
      assert.equal(textAt(diagnostics[1].range), '"secrets"');
      assert.equal(diagnostics[0].message, 'Unknown verb "lsit"; did you mean "list"?');
      assert.match(diagnostics[1].message, /^Grants get\/list on secrets: /);

      // LSP severities 1 and 2 as Neovim's diagnostic framework stores them.
      assert.deepEqual(
        result.shown.map((shown) => [shown.lnum, shown.col, shown.severity, shown.source]).sort(),
        [
          [10, 19, 'ERROR', 'kubeward'],
          [12, 16, 'WARN', 'kubeward'],
        ],
      );

      assert.ok(result.hover, 'expected a hover on the subject');
      assert.equal(typeof result.hover.contents, 'object', 'expected MarkupContent');
      const contents = result.hover.contents as { kind: string; value: string };
      assert.equal(contents.kind, 'markdown');
      assert.ok(contents.value.startsWith('**ServiceAccount logging/log-shipper** can, through 1 binding:'), contents.value);
      assert.ok(contents.value.includes('In namespace logging:'), contents.value);
      assert.ok(contents.value.includes('| secrets (core) | get, list | ⚠ reads Secrets |'), contents.value);
      assert.ok(contents.value.includes('| pods, pods/log (core) | get, lsit, watch |'), contents.value);

      // Completion of the roleRef's name: the Roles of the binding's namespace come first.
      assert.ok(result.completion, 'expected completion items for the roleRef name');
      const names = [...result.completion.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);
      assert.equal(names[0], 'log-reader', names.join(', '));

      assert.deepEqual(result.exit, { code: 0, signal: 0 }, 'the server should exit cleanly after shutdown and exit');
    });
  });

  test('settings sent with workspace/didChangeConfiguration from on_init turn a rule off', async () => {
    const run = await runNeovim({ settings: UNKNOWN_VERB_OFF, delivery: 'push' });
    check(run, () => {
      // The notification goes out before didOpen, so not even a first publication may carry the rule.
      assert.ok(!everyPublishedCode(run.result).includes('rbac/unknown-verb'));
      assert.deepEqual(lastDiagnostics(run.result).map((diagnostic) => diagnostic.code), ['rbac/secrets-access']);
    });
  });

  test('settings answered to workspace/configuration turn a rule off', async () => {
    const run = await runNeovim({ settings: UNKNOWN_VERB_OFF, delivery: 'pull' });
    check(run, () => {
      // The server may also ask once without a scopeUri (for workspace-wide settings); the per-file question is the
      // one that decides which rules run on the fixture.
      const asked = run.result.server_requests.filter((request) => request.method === 'workspace/configuration');
      const forFixture = asked.filter((request) => request.params.items.some((item) => item.scopeUri?.endsWith(`/${FIXTURE_NAME}`)));
      assert.ok(forFixture.length > 0, 'the server should ask for the settings of the fixture when the client advertises workspace.configuration');
      for (const request of forFixture) {
        assert.deepEqual(request.params.items.map((item) => item.section), ['kubeward']);
        assert.deepEqual(request.answer, [UNKNOWN_VERB_OFF.kubeward]);
      }
      assert.ok(!everyPublishedCode(run.result).includes('rbac/unknown-verb'));
      assert.deepEqual(lastDiagnostics(run.result).map((diagnostic) => diagnostic.code), ['rbac/secrets-access']);
    });
  });

  test('settings given only as start_client `settings`', async () => {
    const version = requireNeovim();
    const preEight = version.major === 0 && version.minor < 8;
    const run = await runNeovim({ settings: UNKNOWN_VERB_OFF, delivery: 'as-configured' });
    check(run, () => {
      const codes = lastDiagnostics(run.result).map((diagnostic) => diagnostic.code);
      if (preEight) {
        // Neovim 0.7 neither advertises workspace.configuration nor sends didChangeConfiguration by itself, so the
        // server never learns of `settings`; docs/editors.md tells 0.7 users to send it from on_init. Should this
        // start passing settings through, the documentation is out of date.
        assert.equal(run.result.default_capabilities.workspace_configuration, false);
        assert.deepEqual(run.result.server_requests, []);
        assert.deepEqual(codes, ['rbac/unknown-verb', 'rbac/secrets-access']);
      } else {
        assert.deepEqual(codes, ['rbac/secrets-access']);
      }
    });
  });
});
