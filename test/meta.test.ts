/**
 * Keeps the project's parts in step: rule files, the registry, docs pages, fixtures, generated files and the
 * engine's import boundary. A failure here names the file to fix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../server/src/engine/rules/index';
import { docsPath } from '../server/src/engine/rules/define-rule';
import { generatedFiles } from '../scripts/generated-files';
import { FIXTURE_ROOT } from './helpers/fixtures';
import { REPO_ROOT } from './helpers/paths';

const RULES_DIR = path.join(REPO_ROOT, 'server', 'src', 'engine', 'rules');
const DOC_SECTIONS = ['Examples', 'Options', 'How to fix', 'References'];

function filesUnder(directory: string, extension: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return filesUnder(full, extension);
    return entry.name.endsWith(extension) ? [full] : [];
  });
}

test('every rule file is registered under the id its path spells, and the registry is alphabetical', () => {
  const fileIds = filesUnder(RULES_DIR, '.ts')
    .map((file) => path.relative(RULES_DIR, file).replace(/\\/g, '/').replace(/\.ts$/, ''))
    .filter((id) => id.includes('/'))
    .sort();
  const registryIds = RULES.map((rule) => rule.id);
  assert.deepEqual([...registryIds].sort(), fileIds);
  assert.deepEqual(registryIds, [...registryIds].sort());
});

test('risk rules report what works as written, so their main finding is never an error', () => {
  for (const rule of RULES.filter((candidate) => candidate.meta.risk)) assert.notEqual(rule.meta.severity, 'error', rule.id);
});

test('every rule has a documentation page with its id as title and the known sections in order', () => {
  for (const rule of RULES) {
    const file = path.join(REPO_ROOT, docsPath(rule.id));
    assert.ok(existsSync(file), `${docsPath(rule.id)} is missing`);
    const page = readFileSync(file, 'utf8');
    assert.equal(page.split('\n')[0], `# ${rule.id}`, `${docsPath(rule.id)} must start with "# ${rule.id}"`);
    const sections = [...page.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    const order = sections.map((section) => DOC_SECTIONS.indexOf(section));
    assert.ok(!order.includes(-1), `${docsPath(rule.id)} has a section outside ${DOC_SECTIONS.join(', ')}: ${sections.join(', ')}`);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `${docsPath(rule.id)} sections are out of order`);
    assert.ok(sections.includes('Examples'), `${docsPath(rule.id)} needs an Examples section`);
  }
});

test('generated files are current (npm run gen)', () => {
  const stale = Object.entries(generatedFiles(REPO_ROOT))
    .filter(([relativePath, content]) => readFileSync(path.join(REPO_ROOT, relativePath), 'utf8') !== content)
    .map(([relativePath]) => relativePath);
  assert.deepEqual(stale, []);
});

test('reference tables and schemas match the upstream data they are generated from', () => {
  for (const script of ['scripts/gen-reference.mjs', 'scripts/gen-time-zones.mjs', 'scripts/gen-schemas.mjs']) {
    const result = spawnSync(process.execPath, [script, '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `${script} --check: ${result.stdout}${result.stderr}`);
  }
});

test('every rule has valid and invalid fixtures, and fixable rules have fixed results', () => {
  for (const rule of RULES) {
    const directory = path.join(FIXTURE_ROOT, rule.id);
    for (const kind of ['valid', 'invalid']) {
      // A case is a YAML file (a CSV or JSON-lines file for the static-auth rules) or, for multi-file cases, a folder of them.
      const files = existsSync(path.join(directory, kind)) ? readdirSync(path.join(directory, kind)).filter((file) => /\.(yaml|csv|jsonl|crt|pem|key|cnf|conf)$/.test(file) || !file.includes('.')) : [];
      assert.ok(files.length > 0, `${rule.id} has no ${kind}/ fixture`);
    }
    if (rule.meta.fix) {
      const fixed = readdirSync(path.join(directory, 'invalid')).filter((file) => file.endsWith('.fixed.yaml'));
      assert.ok(fixed.length > 0, `${rule.id} is fixable but has no .fixed.yaml`);
    }
  }
});
