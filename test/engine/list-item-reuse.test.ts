/**
 * An edit inside one item of a List re-analyses that item only (StreamLinter keeps the others' results by their
 * text); the findings must be those of a linter that never saw the earlier version. Checked for an inserted
 * character and a deleted one at every offset of the fixtures that hold Lists, with every rule on.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { REPO_ROOT } from '../helpers/paths';
import { stripAnnotations } from '../helpers/annotations';

function listFixtures(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return listFixtures(full);
    return /\.ya?ml$/.test(entry) && /^kind: \w*List\b/m.test(readFileSync(full, 'utf8')) ? [full] : [];
  });
}

test('an edit at any offset of a List gives the findings of a fresh lint', () => {
  const fixtures = listFixtures(path.join(REPO_ROOT, 'test', 'fixtures'));
  assert.ok(fixtures.length >= 5, `List fixtures found: ${fixtures.length}`);
  let edits = 0;
  for (const file of fixtures) {
    const original = stripAnnotations(readFileSync(file, 'utf8'));
    const linter = new StreamLinter(RULES);
    for (let offset = 0; offset <= original.length; offset++) {
      for (const edited of [original.slice(0, offset) + 'x' + original.slice(offset), original.slice(0, offset) + original.slice(offset + 1)]) {
        linter.lint(original, DEFAULT_CONFIG);
        const reused = linter.lint(edited, DEFAULT_CONFIG).findings;
        const fresh = new StreamLinter(RULES).lint(edited, DEFAULT_CONFIG).findings;
        assert.deepEqual(reused, fresh, `${path.relative(REPO_ROOT, file)}, edit at offset ${offset}`);
        edits++;
      }
    }
  }
  console.log(`List item reuse: ${fixtures.length} fixtures, ${edits} edits, each equal to a fresh lint`);
});
