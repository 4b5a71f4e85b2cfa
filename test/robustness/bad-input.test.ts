/**
 * Hostile input never crashes or hangs Kubeward: each input goes through the engine directly and through the
 * language server over stdio (and, for bytes that are not UTF-8, through the command line). Each must give
 * correct findings or one clear diagnostic, and whatever handled it must go on serving the next request.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Diagnostic, DocumentSymbol, Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/engine/config';
import { applyFixes, type Fix } from '../../server/src/engine/fix';
import { StreamLinter, type Finding, type StreamAnalysis } from '../../server/src/engine/linter';
import { LineIndex } from '../../server/src/engine/model/line-index';
import { RULES, RULE_IDS } from '../../server/src/engine/rules/index';
import { LspClient, summarize } from '../helpers/lsp-client';
import { POD_READER_ROLE } from '../helpers/manifests';
import { REPO_ROOT } from '../helpers/paths';

/** Generous limits so that a hang fails the test instead of stalling the run; no test asserts on time. */
const HEAVY = { timeout: 180_000 };
const SERVER_WAIT_MS = 120_000;

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const HEALTHY_ROLE = POD_READER_ROLE;

/** "Billion laughs": ten levels of anchors, each aliasing the previous one nine times, under a Role. */
function aliasBomb(): string {
  const lines = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: Role', 'metadata:', '  name: laughs', 'a0: &a0 ["lol"]'];
  for (let level = 1; level <= 9; level++) lines.push(`a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]`);
  lines.push('rules: *a9', '');
  return lines.join('\n');
}

function role(index: number): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader-${index}
  namespace: team-${index % 50}
rules:
  - apiGroups: [""]
    resources: ["pods", "configmaps"]
    verbs: ["get", "list", "watch"]
`;
}

/** About 5 MB of distinct valid Roles; the third from last misspells `resources` as `resource`. */
function bigStream(): { text: string; mistakeLine: number; mistakeCharacter: number } {
  const roles: string[] = [];
  let size = 0;
  for (let index = 0; size < 5 * 1024 * 1024; index++) {
    roles.push(role(index));
    size += roles[index].length + 4;
  }
  const broken = roles.length - 3;
  roles[broken] = roles[broken].replace('    resources:', '    resource:');
  const text = roles.join('---\n');
  const offset = text.indexOf('    resource:') + 4;
  const position = new LineIndex(text).positionAt(offset);
  return { text, mistakeLine: position.line, mistakeCharacter: position.character };
}

/** 100,000 nested flow sequences, closed or left open, as a ConfigMap's data. */
function deepFlow(closed: boolean): string {
  const depth = 100_000;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'['.repeat(depth)}${closed ? ']'.repeat(depth) : ''}\n`;
}

/** 5,000 levels of block mappings (one more space of indentation per level) inside a Role. */
function deepBlock(): string {
  const levels: string[] = [];
  for (let level = 1; level <= 5_000; level++) levels.push(`${' '.repeat(level)}k${level}:`);
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: deep\nnested:\n${levels.join('\n')} leaf\n`;
}

/** A PNG header followed by 4 KiB of bytes from a fixed seed (mulberry32), so every run sees the same file. */
function binaryBytes(): Buffer {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  let seed = 0x6b756265;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  const body = Buffer.alloc(4096);
  for (let index = 0; index < body.length; index++) body[index] = random();
  return Buffer.concat([header, body]);
}

/** How an editor shows binary bytes: decoded with replacement characters, NULs kept. */
const BINARY_TEXT = binaryBytes().toString('utf8');

/**
 * A stream with findings from several rules, on the first line and further down, including a suppression, a
 * block scalar, flow collections, quoted scalars, a tab-indented line and a duplicate key.
 */
const MIXED_STREAM = `apiVersion: rbac.authorisation.k8s.io/v1
kind: Role
metadata:
  name: misspelt-group
rules: []
---
# A Role with two misspelt keys; one of them is suppressed.
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  # kubeward-disable-next-line k8s/unknown-field
  namspace: default
  annotations:
    note: |
      Multi-line
      block scalar.
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verb: ["get"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "viewer", labels: {team: 'platform'}}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
\tresourceNames: ["a"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  name: read-pods-again
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
`;

const BOM = '\uFEFF';

// ---------------------------------------------------------------------------------------------------------------
// Engine helpers

interface PlacedFinding {
  ruleId: string;
  message: string;
  start: Position;
  end: Position;
  fixes: { title: string; edits: { start: Position; end: Position; newText: string }[] }[];
}

function lint(text: string, linter = new StreamLinter(RULES), config = DEFAULT_CONFIG): StreamAnalysis {
  return linter.lint(text, config);
}

/** Room for inputs past the default file size limit, to prove the engine itself copes with them. */
const ROOMY_SETTINGS = { limits: { maxFileSizeKB: 16_384, maxDocumentsPerFile: 100_000 } };
const ROOMY = resolveConfig(ROOMY_SETTINGS, RULE_IDS).config;

/** Findings with line/character positions, the way every adapter shows them. */
function placed(text: string, findings: readonly Finding[]): PlacedFinding[] {
  const lines = new LineIndex(text);
  return findings.map((finding) => ({
    ruleId: finding.ruleId,
    message: finding.message,
    start: lines.positionAt(finding.range.start),
    end: lines.positionAt(finding.range.end),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((edit) => ({ start: lines.positionAt(edit.start), end: lines.positionAt(edit.end), newText: edit.newText })),
    })),
  }));
}

/** Where the `occurrence`-th `needle` sits, as positions covering `length` characters of it. */
function at(text: string, needle: string, occurrence = 0, length = needle.length): { start: Position; end: Position } {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `"${needle}" (occurrence ${occurrence}) is not in the test text`);
  }
  const lines = new LineIndex(text);
  return { start: lines.positionAt(offset), end: lines.positionAt(offset + length) };
}

function safeFixes(findings: readonly Finding[]): Fix[] {
  return findings.flatMap((finding) => (finding.fixes[0]?.safety === 'safe' ? [finding.fixes[0]] : []));
}

/** After hostile input, the same linter instance still lints an ordinary document correctly. */
function assertLinterStillWorks(linter: StreamLinter): void {
  const text = HEALTHY_ROLE.replace('    verbs:', '    verb:');
  const findings = placed(text, lint(text, linter).findings);
  assert.deepEqual(
    findings.map((finding) => ({ ruleId: finding.ruleId, message: finding.message, start: finding.start, end: finding.end })),
    [{ ruleId: 'k8s/unknown-field', message: 'Unknown field "verb"; did you mean "verbs"?', ...at(text, 'verb:', 0, 4) }],
  );
}

function yamlSyntax(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.ruleId === 'yaml/syntax');
}

// ---------------------------------------------------------------------------------------------------------------
// Server helpers

const running = new Set<LspClient>();
after(() => {
  for (const client of running) client.kill();
});

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

/**
 * Opens `text` in a fresh server, hands its first diagnostics to `check`, then proves the server still serves:
 * requests on the hostile document are answered, an ordinary document is analysed and hovered, and shutdown
 * ends the process with code 0.
 */
async function throughServer(
  text: string,
  check: (diagnostics: Diagnostic[], client: LspClient, uri: string) => Promise<void> | void,
  settings: Record<string, unknown> = {},
): Promise<void> {
  const client = LspClient.start({ settings: { kubeward: settings } });
  running.add(client);
  try {
    await client.initialize();
    const uri = 'file:///hostile/input.yaml';
    await client.open(uri, text, 1);
    const published = await client.diagnostics(uri, 1, SERVER_WAIT_MS);
    await check(published.diagnostics, client, uri);

    const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } }, SERVER_WAIT_MS);
    assert.ok(symbols === null || Array.isArray(symbols));
    await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }, SERVER_WAIT_MS);

    const healthy = 'file:///hostile/healthy.yaml';
    await client.open(healthy, HEALTHY_ROLE, 1);
    assert.deepEqual((await client.diagnostics(healthy, 1)).diagnostics, []);
    const verbs = at(HEALTHY_ROLE, 'verbs').start;
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: healthy }, position: verbs });
    assert.match(markdownOf(hover), /\*\*verbs\*\* · `list of string` · required/);
    assert.equal(await client.shutdown(), 0, `exit code; stderr: ${client.serverStderr}`);
  } finally {
    client.kill();
    running.delete(client);
  }
}

/** Diagnostics without `data`, which holds stream offsets and so legitimately differs between line endings. */
function withoutData(diagnostics: readonly Diagnostic[]): Omit<Diagnostic, 'data'>[] {
  return diagnostics.map(({ data: _data, ...rest }) => rest);
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

describe('an alias bomb', () => {
  const text = aliasBomb();

  const firstAlias = text.indexOf('*');

  test('engine: one yaml/analysis-limit finding about aliases at the first alias, and nothing else', HEAVY, () => {
    const linter = new StreamLinter(RULES);
    const findings = placed(text, lint(text, linter).findings);
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0].ruleId, 'yaml/analysis-limit');
    assert.equal(findings[0].message, 'The aliases of this document expand to more than 1000 copies (kubeward.limits.maxAliasExpansions); it was not analysed.');
    assert.deepEqual(findings[0].start, new LineIndex(text).positionAt(firstAlias));
    assertLinterStillWorks(linter);
  });

  test('server: one yaml/analysis-limit diagnostic about aliases, then keeps serving', HEAVY, () =>
    throughServer(text, (diagnostics) => {
      assert.deepEqual(
        diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start]),
        [['yaml/analysis-limit', new LineIndex(text).positionAt(firstAlias)]],
      );
      assert.match(String(diagnostics[0].message), /aliases/i);
    }));
});

describe('a 5 MB stream of Roles with one mistake near the end', () => {
  const { text, mistakeLine, mistakeCharacter } = bigStream();
  const expected = {
    start: { line: mistakeLine, character: mistakeCharacter },
    end: { line: mistakeLine, character: mistakeCharacter + 'resource'.length },
  };

  test('engine: under the default limits, one finding says the file is too large to analyse', HEAVY, () => {
    const findings = placed(text, lint(text).findings);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.start.line, finding.message]),
      [['yaml/analysis-limit', 0, `This file is ${Math.ceil(text.length / 1024)} KiB, more than kubeward.limits.maxFileSizeKB (2048); it was not analysed.`]],
    );
  });

  test('engine: with the size limit raised, the one mistake is found at its line', HEAVY, () => {
    assert.ok(text.length >= 5 * 1024 * 1024);
    assert.ok(mistakeLine > 250_000, `the mistake is near the end (line ${mistakeLine})`);
    const linter = new StreamLinter(RULES);
    const analysis = lint(text, linter, ROOMY);
    assert.ok(analysis.documents.length > 25_000);
    const findings = placed(text, analysis.findings);
    assert.deepEqual(
      findings.map((finding) => ({ ruleId: finding.ruleId, message: finding.message, start: finding.start, end: finding.end })),
      [{ ruleId: 'k8s/unknown-field', message: 'Unknown field "resource"; did you mean "resources"?', ...expected }],
    );
    // Fixing it re-analyses only that document, and leaves nothing to report.
    const fixed = applyFixes(text, safeFixes(analysis.findings));
    assert.equal(fixed.applied, 1);
    assert.deepEqual(lint(fixed.text, linter, ROOMY).findings, []);
  });

  test('server: with the size limit raised, the one mistake is published at its line, and a ranged fix clears it', HEAVY, () =>
    throughServer(
      text,
      async (diagnostics, client, uri) => {
        assert.deepEqual(
          diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range]),
          [['k8s/unknown-field', expected]],
        );
        await client.change(uri, 2, [{ range: expected, text: 'resources' }]);
        assert.deepEqual((await client.diagnostics(uri, 2, SERVER_WAIT_MS)).diagnostics, []);
      },
      ROOMY_SETTINGS,
    ));
});

describe('deep nesting', () => {
  const inputs: [string, string][] = [
    ['100,000 nested flow sequences, closed', deepFlow(true)],
    ['100,000 nested flow sequences, never closed', deepFlow(false)],
    ['5,000 levels of block mappings', deepBlock()],
  ];

  for (const [name, text] of inputs) {
    test(`engine: ${name} give a yaml/syntax finding instead of a crash`, HEAVY, () => {
      const linter = new StreamLinter(RULES);
      const findings = lint(text, linter, ROOMY).findings;
      const syntax = yamlSyntax(findings);
      assert.ok(syntax.length >= 1, `expected a yaml/syntax finding, got ${JSON.stringify(findings.map((f) => f.message))}`);
      assert.ok(
        syntax.some((finding) => /nested too deeply|call stack/i.test(finding.message)),
        `no finding says the nesting is too deep: ${JSON.stringify([...new Set(syntax.map((finding) => finding.message))])}`,
      );
      // Anything else reported must come from the part of the document that was read: the key holding the nesting.
      for (const finding of findings.filter((finding) => finding.ruleId !== 'yaml/syntax')) {
        assert.match(finding.message, /Unknown field "nested"/);
      }
      assertLinterStillWorks(linter);
    });

    test(
      `engine: ${name} give exactly one clear finding`,
      HEAVY,
      () => {
        const syntax = yamlSyntax(lint(text, undefined, ROOMY).findings);
        assert.equal(syntax.length, 1, JSON.stringify([...new Set(syntax.map((finding) => finding.message))]));
        assert.match(syntax[0].message, /nested too deeply/);
      },
    );

    test(`server: ${name} give a yaml/syntax diagnostic, then the server keeps serving`, HEAVY, () =>
      throughServer(
        text,
        (diagnostics) => {
          const syntax = diagnostics.filter((diagnostic) => diagnostic.code === 'yaml/syntax');
          assert.ok(syntax.length >= 1, JSON.stringify(summarize(diagnostics).slice(0, 5)));
          assert.ok(syntax.some((diagnostic) => /nested too deeply|call stack/i.test(String(diagnostic.message))));
        },
        ROOMY_SETTINGS,
      ));
  }
});

describe('a binary file', () => {
  test('the test input really is binary', () => {
    assert.ok(BINARY_TEXT.includes('\u0000'));
    assert.ok(BINARY_TEXT.startsWith('\uFFFDPNG'));
  });

  test('engine: the model recognises binary data and no rule reads it as a manifest', HEAVY, () => {
    const linter = new StreamLinter(RULES);
    const analysis = lint(BINARY_TEXT, linter);
    const binary = analysis.documents.filter((entry) => entry.document.problems.some((problem) => problem.code === 'BINARY'));
    assert.ok(binary.length >= 1, 'a chunk holding NULs is parsed as binary');
    assert.deepEqual(
      analysis.findings.filter((finding) => finding.ruleId !== 'yaml/syntax'),
      [],
      'nothing but syntax findings for binary data',
    );
    assertLinterStillWorks(linter);
  });

  test(
    'engine: binary data gives one yaml/syntax finding',
    {},
    () => {
      const findings = lint(BINARY_TEXT).findings;
      assert.deepEqual(
        findings.map((finding) => [finding.ruleId, finding.message]),
        [['yaml/syntax', 'This file holds binary data, not YAML text; it was not analysed.']],
      );
    },
  );

  test('server: binary data is answered with a diagnostics list, then the server keeps serving', HEAVY, () =>
    throughServer(BINARY_TEXT, (diagnostics) => {
      assert.ok(Array.isArray(diagnostics));
      assert.ok(diagnostics.every((diagnostic) => diagnostic.code === 'yaml/syntax'), JSON.stringify(summarize(diagnostics)));
    }));

  test(
    'server: binary data gives one yaml/syntax diagnostic',
    HEAVY,
    () =>
      throughServer(BINARY_TEXT, (diagnostics) => {
        assert.deepEqual(
          diagnostics.map((diagnostic) => diagnostic.code),
          ['yaml/syntax'],
        );
      }),
  );
});

describe('bytes that are not UTF-8, through the command line', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'kubeward-bad-input-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const latin1 = path.join(directory, 'latin1.yaml');
  // "café" and "olá" in ISO-8859-1: 0xE9 and 0xE1 are not valid UTF-8 on their own.
  writeFileSync(latin1, Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\ndata:\n  greeting: "ol'), Buffer.from([0xe1]), Buffer.from('"\n')]));
  const png = path.join(directory, 'image.yaml');
  writeFileSync(png, binaryBytes());
  // UTF-16 without a byte order mark is valid UTF-8 byte by byte (ASCII letters with NULs between them).
  const utf16 = path.join(directory, 'utf16.yaml');
  writeFileSync(utf16, Buffer.from(HEALTHY_ROLE.replace('authorization', 'authorisation'), 'utf16le'));
  const healthy = path.join(directory, 'healthy.yaml');
  writeFileSync(healthy, HEALTHY_ROLE.replace('    verbs:', '    verb:'));

  function kubeward(...args: string[]) {
    return spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubeward.js'), ...args], { cwd: directory, encoding: 'utf8', timeout: 60_000 });
  }

  test('one finding saying the file is not UTF-8, exit code 1, no crash', () => {
    const result = kubeward('lint', 'latin1.yaml');
    assert.equal(result.error, undefined);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 1);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      'latin1.yaml:1:1  error  The file is not UTF-8 text, so it cannot be a manifest Kubernetes reads; it was not analysed.  yaml/syntax',
      '1 problem (1 error, 0 warnings, 0 information) in 1 file.',
    ]);
  });

  test(
    'a UTF-16 file without a byte order mark is reported, not passed',
    {},
    () => {
      const result = kubeward('lint', 'utf16.yaml');
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stdout, /utf16\.yaml:1:1 {2}error {2}.*yaml\/syntax/);
    },
  );

  test('the other files of the run are still linted (JSON output)', () => {
    const result = kubeward('lint', '--format', 'json', 'latin1.yaml', 'image.yaml', 'healthy.yaml');
    assert.equal(result.stderr, '');
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout) as { files: { path: string; findings: { ruleId: string; message: string; startLine: number }[] }[] };
    assert.deepEqual(
      report.files.map((file) => [file.path, file.findings.map((finding) => [finding.ruleId, finding.startLine, /not UTF-8/.test(finding.message)])]),
      [
        ['latin1.yaml', [['yaml/syntax', 1, true]]],
        ['image.yaml', [['yaml/syntax', 1, true]]],
        ['healthy.yaml', [['k8s/unknown-field', 9, false]]],
      ],
    );
  });
});

describe('CRLF line endings', () => {
  const lf = MIXED_STREAM;
  const crlf = MIXED_STREAM.replace(/\n/g, '\r\n');

  test('engine: the LF stream gives the expected findings', () => {
    // Whether a key pushed out of place by a tab is also reported is a separate policy; only the tab is checked here.
    const tabLine = at(lf, '\t').start.line;
    const findings = placed(lf, lint(lf).findings).filter((finding) => finding.start.line !== tabLine || finding.ruleId === 'yaml/tab-indent');
    assert.deepEqual(
      findings.map((finding) => ({ ruleId: finding.ruleId, start: finding.start, end: finding.end })),
      [
        { ruleId: 'k8s/unknown-api-version', ...at(lf, 'rbac.authorisation.k8s.io/v1') },
        { ruleId: 'k8s/unknown-field', ...at(lf, 'verb:', 0, 4) },
        { ruleId: 'yaml/tab-indent', ...at(lf, '\t') },
        { ruleId: 'yaml/syntax', ...at(lf, 'name: read-pods-again', 0, 4) },
      ],
    );
  });

  test('engine: CRLF gives the same findings at the same lines and columns', () => {
    const expected = placed(lf, lint(lf).findings);
    assert.deepEqual(placed(crlf, lint(crlf).findings), expected);
  });

  test('engine: fixing the CRLF stream gives the fixed LF stream with CRLF', () => {
    const fixedLf = applyFixes(lf, safeFixes(lint(lf).findings));
    const fixedCrlf = applyFixes(crlf, safeFixes(lint(crlf).findings));
    assert.equal(fixedLf.applied, 2);
    assert.equal(fixedCrlf.applied, fixedLf.applied);
    assert.equal(fixedCrlf.text, fixedLf.text.replace(/\n/g, '\r\n'));
  });

  test('server: CRLF gives the same diagnostics, and the disable action inserts a CRLF line', async () => {
    let lfDiagnostics: Diagnostic[] = [];
    await throughServer(lf, (diagnostics) => {
      lfDiagnostics = diagnostics;
    });
    assert.equal(lfDiagnostics.length, lint(lf).findings.length);
    assert.ok(lfDiagnostics.length >= 4);
    await throughServer(crlf, async (diagnostics, client, uri) => {
      assert.deepEqual(withoutData(diagnostics), withoutData(lfDiagnostics));
      const verb = diagnostics.find((diagnostic) => String(diagnostic.message).startsWith('Unknown field "verb"'));
      assert.ok(verb, JSON.stringify(summarize(diagnostics)));
      const actions = await client.request<{ title: string; edit?: { changes?: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: verb.range,
        context: { diagnostics: [verb] },
      });
      const disable = actions.find((action) => action.title === 'Disable k8s/unknown-field for this line');
      assert.deepEqual(
        disable?.edit?.changes?.[uri]?.map((edit) => edit.newText),
        ['    # kubeward-disable-next-line k8s/unknown-field\r\n'],
      );
    });
  });
});

describe('a UTF-8 byte order mark', () => {
  const plain = MIXED_STREAM;
  const withBom = BOM + MIXED_STREAM;
  /** The BOM is one UTF-16 code unit at offset 0: positions on the first line move right by one, others stay. */
  const shift = (position: Position): Position => (position.line === 0 ? { line: 0, character: position.character + 1 } : position);

  test('engine: the same findings, with first-line columns one further right', () => {
    const expected = placed(plain, lint(plain).findings).map((finding) => ({
      ...finding,
      start: shift(finding.start),
      end: shift(finding.end),
      fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: shift(edit.start), end: shift(edit.end) })) })),
    }));
    const actual = placed(withBom, lint(withBom).findings);
    assert.deepEqual(actual, expected);
    assert.deepEqual(actual[0].start, { line: 0, character: 13 });
  });

  test('engine: fixes keep the BOM in front and edit the right characters', () => {
    const fixed = applyFixes(withBom, safeFixes(lint(withBom).findings));
    assert.equal(fixed.text, BOM + applyFixes(plain, safeFixes(lint(plain).findings)).text);
  });

  test('engine: a suppression comment on the first line still applies', () => {
    const text = `# kubeward-disable-next-line k8s/unknown-api-version\n${MIXED_STREAM}`;
    const without = placed(text, lint(text).findings);
    assert.ok(!without.some((finding) => finding.ruleId === 'k8s/unknown-api-version'));
    assert.deepEqual(placed(BOM + text, lint(BOM + text).findings), without);
  });

  test('engine: a first-line apiVersion still marks a kind-less document as a manifest', () => {
    const text = 'apiVersion: v1\nmetadata: {name: x\n';
    const without = placed(text, lint(text).findings);
    assert.deepEqual(
      without.map((finding) => finding.ruleId),
      ['yaml/syntax'],
    );
    assert.deepEqual(placed(BOM + text, lint(BOM + text).findings), without);
  });

  test('server: the same diagnostics, with first-line columns one further right', async () => {
    let plainDiagnostics: Diagnostic[] = [];
    await throughServer(plain, (diagnostics) => {
      plainDiagnostics = diagnostics;
    });
    assert.equal(plainDiagnostics.length, lint(plain).findings.length);
    assert.ok(plainDiagnostics.length >= 4);
    await throughServer(withBom, (diagnostics) => {
      assert.deepEqual(
        withoutData(diagnostics),
        withoutData(plainDiagnostics).map((diagnostic) => ({
          ...diagnostic,
          range: { start: shift(diagnostic.range.start), end: shift(diagnostic.range.end) },
        })),
      );
    });
  });
});
