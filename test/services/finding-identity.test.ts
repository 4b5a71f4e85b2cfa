/**
 * Finding identities (services/finding-identity.ts) survive what a reviewer calls "no change", over every YAML
 * fixture of the rules: the documents of a file in reverse order, each indented by two more spaces, and split
 * over two files, must give the same identities, counted, as the file did. Rules about the text itself (yaml/*)
 * and findings outside named objects (known by their file) are left out; so are files with block scalars, whose
 * indentation indicators an extra indent would change.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { findingIdentities, identityKey } from '../../server/src/services/finding-identity';
import { REPO_ROOT } from '../helpers/paths';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/rules');

function yamlFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(name) ? [full] : [];
  });
}

/** The documents of a stream, without their `---` lines. */
function documentsOf(text: string): string[] {
  return text.split(/^---[^\n]*\n/m).filter((document) => document.trim() !== '');
}

/** Identities of every finding of these files linted together, as counted keys, leaving out text rules and unnamed objects. */
function identities(files: Record<string, string>): Map<string, number> {
  const workspace = new WorkspaceIndex();
  const linters = Object.entries(files).map(([file, text]) => {
    const linter = new StreamLinter(RULES);
    workspace.setFile(file, linter.lint(text, DEFAULT_CONFIG));
    return { file, text, linter };
  });
  const counts = new Map<string, number>();
  for (const { file, text, linter } of linters) {
    const findings = linter.lint(text, DEFAULT_CONFIG, workspace).findings;
    findingIdentities(file, text, findings).forEach((identity) => {
      if (identity.ruleId.startsWith('yaml/') || identity.object === undefined) return;
      const key = identityKey(identity);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
  }
  return counts;
}

test('reordering, re-indenting and splitting documents keeps every finding identity, over every YAML fixture', () => {
  let compared = 0;
  let identitiesCompared = 0;
  const differences: string[] = [];
  for (const file of yamlFiles(FIXTURES)) {
    const text = readFileSync(file, 'utf8');
    // Tabs, block scalars and directives are what an extra indent or a cut changes; those files prove other things.
    if (/\t|: *[|>]|^%/m.test(text)) continue;
    const documents = documentsOf(text);
    if (documents.length === 0) continue;
    const moved = [...documents].reverse().map((document) => document.replace(/^(?=.*\S)/gm, '  '));
    const half = Math.ceil(moved.length / 2);
    const before = identities({ 'a.yaml': text });
    const after = identities({ 'a.yaml': moved.slice(0, half).join('---\n'), 'b.yaml': moved.slice(half).join('---\n') });
    compared++;
    identitiesCompared += [...before.values()].reduce((sum, count) => sum + count, 0);
    const keys = new Set([...before.keys(), ...after.keys()]);
    for (const key of keys) if (before.get(key) !== after.get(key)) differences.push(`${path.relative(FIXTURES, file)}: ${key} ${before.get(key) ?? 0} → ${after.get(key) ?? 0}`);
  }
  console.log(`finding identities: ${compared} fixture files, ${identitiesCompared} identities compared, ${differences.length} differences`);
  assert.ok(compared > 200, `${compared} fixture files compared`);
  assert.ok(identitiesCompared > 500, `${identitiesCompared} identities compared`);
  assert.deepEqual(differences, []);
});
