/**
 * The architecture, checked: the import rules of .dependency-cruiser.cjs hold on the real tree and fire on a
 * miniature that breaks each of them, and ARCHITECTURE.md's code map names only paths that exist and every
 * source folder there is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from './helpers/paths';

const CRUISER = path.join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.cjs');
const BROKEN_TREE = path.join(REPO_ROOT, 'test', 'fixtures', 'architecture');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs dependency-cruiser with the project's rules over server/src and client/src of `root`. */
function violationsIn(root: string): string[] {
  const result = spawnSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'json', 'server/src', 'client/src'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(result.stdout, `dependency-cruiser gave no report: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  // npm packages resolve to wherever node_modules is; name them by package so the expectation is portable.
  const target = (to: string) => to.replace(/^(?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'npm:$1');
  return [...new Set(report.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${target(violation.to)}`))].sort();
}

test('the source tree keeps every import rule of .dependency-cruiser.cjs', () => {
  assert.deepEqual(violationsIn(REPO_ROOT), []);
});

test('each import rule fails on the miniature that breaks it, and allows its near misses', () => {
  const expected = JSON.parse(readFileSync(path.join(BROKEN_TREE, 'expected-violations.json'), 'utf8')) as string[];
  assert.deepEqual(violationsIn(BROKEN_TREE), expected);
  const rules = (require(CONFIG) as { forbidden: { name: string }[] }).forbidden.map((rule) => rule.name);
  const broken = new Set(expected.map((line) => line.slice(0, line.indexOf(':'))));
  assert.deepEqual(rules.filter((rule) => !broken.has(rule)), [], 'every rule is shown to fail');
});

interface CodeMapEntry {
  /** The entry's path from the repository root. */
  path: string;
  /** The folder that names in the entry's text are relative to. */
  folder: string;
  names: string[];
}

/** A backticked token that names a file (by its extension) or a folder (by its trailing slash). */
const PATH_TOKEN = /^[\w.@-][\w./@-]*(?:\.(?:ts|mjs|cjs|js|json|md)|\/)$/;

function codeMap(): CodeMapEntry[] {
  const text = readFileSync(path.join(REPO_ROOT, 'ARCHITECTURE.md'), 'utf8');
  const section = text.slice(text.indexOf('## Code map'), text.indexOf('\n## ', text.indexOf('## Code map') + 1));
  const parents: { indent: number; folder: string }[] = [];
  const entries: CodeMapEntry[] = [];
  for (const line of section.split('\n')) {
    const bullet = /^( *)- `([^`]+)`(.*)$/.exec(line);
    if (!bullet) continue;
    const indent = bullet[1].length;
    while (parents.length > 0 && parents[parents.length - 1].indent >= indent) parents.pop();
    const base = parents[parents.length - 1]?.folder ?? '';
    const entryPath = path.posix.join(base, bullet[2]);
    const folder = bullet[2].endsWith('/') ? `${entryPath.replace(/\/$/, '')}/` : base;
    parents.push({ indent, folder });
    const names = [...bullet[3].matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter((token) => PATH_TOKEN.test(token) && !token.startsWith('dist/'));
    entries.push({ path: entryPath, folder, names });
  }
  return entries;
}

test("ARCHITECTURE.md's code map names only paths that exist", () => {
  const entries = codeMap();
  assert.ok(entries.length > 20, 'the code map was found and read');
  const missing: string[] = [];
  for (const entry of entries) {
    if (!existsSync(path.join(REPO_ROOT, entry.path))) missing.push(entry.path);
    for (const name of entry.names) {
      // A name is relative to its entry's folder; names of other places are written from the repository root.
      if (!existsSync(path.join(REPO_ROOT, entry.folder, name)) && !existsSync(path.join(REPO_ROOT, name))) missing.push(`${name} (in ${entry.path})`);
    }
  }
  assert.deepEqual(missing, []);
});

test("ARCHITECTURE.md's code map names every folder of server/src and client/src", () => {
  const named = new Set<string>();
  for (const entry of codeMap()) {
    named.add(entry.path.replace(/\/$/, ''));
    for (const name of entry.names.filter((token) => token.endsWith('/'))) named.add(path.posix.join(entry.folder, name).replace(/\/$/, ''));
  }
  const folders = (root: string): string[] =>
    readdirSync(path.join(REPO_ROOT, root), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => [`${root}/${entry.name}`, ...folders(`${root}/${entry.name}`)]);
  const unnamed = ['server/src', 'client/src'].flatMap((root) => [root, ...folders(root)]).filter((folder) => !named.has(folder));
  assert.deepEqual(unnamed, []);
});

/** The language server stays a thin adapter: handlers are small, and server.ts is only the wiring. */
const MAX_LSP_FUNCTION_LINES = 80;
const MAX_SERVER_WIRING_LINES = 120;

test(`no function in server/src/lsp is longer than ${MAX_LSP_FUNCTION_LINES} lines, and server.ts is wiring only`, () => {
  const lspFolder = path.join(REPO_ROOT, 'server', 'src', 'lsp');
  const sources = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(path.join(folder, entry.name)) : entry.name.endsWith('.ts') ? [path.join(folder, entry.name)] : [],
    );
  const tooLong: string[] = [];
  for (const file of sources(lspFolder)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (lines > MAX_LSP_FUNCTION_LINES) tooLong.push(`${path.relative(REPO_ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lines} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(tooLong, []);
  const wiring = readFileSync(path.join(lspFolder, 'server.ts'), 'utf8').split('\n').length;
  assert.ok(wiring <= MAX_SERVER_WIRING_LINES, `server.ts has ${wiring} lines`);
});
