/**
 * The fast parse path (server/src/engine/model/fast-parse.ts) against the yaml package: wherever the fast path
 * reads a document, its model (every node's class, ranges, value, source, style and flow flag, the document's range
 * and problems, and the data) equals the yaml package's; elsewhere it declines. Inputs: every fixture and example
 * and the generated benchmark inputs (the 10,000-line RBAC stream and a 500-file scale workspace); the fuzz suite
 * (test/robustness/fuzz.test.ts) checks the same on its generated streams.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { splitDocuments } from '../../server/src/engine/model/parse';
import { REPO_ROOT } from '../helpers/paths';
import { fastPathDifference } from '../helpers/yaml-model';

interface Tally {
  documents: number;
  fast: number;
  disagreements: string[];
}

/** Reads each document of `text` both ways and records where the fast path's model differs. */
function compare(label: string, text: string, tally: Tally): void {
  for (const chunk of splitDocuments(text)) {
    tally.documents++;
    const { read, difference } = fastPathDifference(chunk.text);
    if (read) tally.fast++;
    if (difference) tally.disagreements.push(`${label} at offset ${chunk.offset}: ${difference}`);
  }
}

function filesUnder(directory: string, pattern: RegExp): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full, pattern) : pattern.test(entry) ? [full] : [];
  });
}

function report(name: string, tally: Tally): void {
  console.log(`fast parse (${name}): ${tally.documents} documents, ${tally.fast} read by the fast path, ${tally.disagreements.length} disagreements`);
  assert.deepEqual(tally.disagreements.slice(0, 5), [], `${tally.disagreements.length} disagreements; the first 5 are shown`);
}

test('the fast path reads fixtures and examples as the yaml package does', () => {
  const tally: Tally = { documents: 0, fast: 0, disagreements: [] };
  for (const file of [...filesUnder(path.join(REPO_ROOT, 'test', 'fixtures'), /\.ya?ml$/), ...filesUnder(path.join(REPO_ROOT, 'examples'), /\.ya?ml$/)]) {
    compare(path.relative(REPO_ROOT, file), readFileSync(file, 'utf8'), tally);
  }
  report('fixtures and examples', tally);
  assert.ok(tally.fast > tally.documents / 2, 'most fixture documents take the fast path');
});

test('the fast path reads the generated benchmark inputs as the yaml package does', async () => {
  const corpusModule = pathToFileURL(path.join(REPO_ROOT, 'bench', 'corpus.mjs')).href;
  const scaleModule = pathToFileURL(path.join(REPO_ROOT, 'bench', 'scale-corpus.mjs')).href;
  const { generateRbacStream } = (await import(corpusModule)) as { generateRbacStream: () => { text: string } };
  const { generateScaleWorkspace } = (await import(scaleModule)) as { generateScaleWorkspace: (options: { files: number }) => { files: { rel: string; text: string }[] } };
  const tally: Tally = { documents: 0, fast: 0, disagreements: [] };
  compare('rbac-10k', generateRbacStream().text, tally);
  for (const file of generateScaleWorkspace({ files: 500 }).files) compare(file.rel, file.text, tally);
  report('benchmark inputs', tally);
  assert.equal(tally.fast, tally.documents, 'every generated document takes the fast path');
});

test('no code reads comments from the tree, which the fast path does not attach', () => {
  const readers = filesUnder(path.join(REPO_ROOT, 'server', 'src'), /\.ts$/).filter((file) => /\.(comment|commentBefore|spaceBefore)\b/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(readers.map((file) => path.relative(REPO_ROOT, file)), []);
});
