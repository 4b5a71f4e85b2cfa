/**
 * The README's `kubeward diff` example is real output: docs/diff-example/base is committed to a scratch
 * repository, docs/diff-example/head is written over it, and `kubeward diff --format markdown` must print exactly
 * what the README shows between its markers.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { kubeward } from '../helpers/cli';
import { commitAll, initRepository } from '../helpers/git';
import { REPO_ROOT } from '../helpers/paths';

const EXAMPLE = path.join(REPO_ROOT, 'docs/diff-example');

test("the README's kubeward diff example is what the command prints for docs/diff-example", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-diff-example-'));
  try {
    cpSync(path.join(EXAMPLE, 'base'), dir, { recursive: true });
    initRepository(dir);
    commitAll(dir, 'base');
    for (const file of readdirSync(path.join(EXAMPLE, 'head'))) cpSync(path.join(EXAMPLE, 'head', file), path.join(dir, file));
    const result = kubeward(['diff', '--format', 'markdown', '--fail-on', 'new-risk'], { cwd: dir });
    assert.equal(result.status, 1, 'the example brings a risky grant');
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- begin diff example -->\n````markdown\n([\s\S]*?)````\n<!-- end diff example -->/.exec(readme);
    assert.ok(block, 'the README has the diff example between its markers');
    assert.equal(block[1], result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
