/**
 * Property-based fuzzing of the engine and of the language server over stdio with Kubernetes-shaped YAML
 * (test/robustness/fuzz-inputs.ts). Properties: nothing throws, every finding's range lies inside the text, every
 * fix applies and its result can be analysed again, completion (at the start, middle and end of every line),
 * inlay hints and document links stay inside the text and every completion applies, one stream's analysis
 * stays within a generous budget (a hang detector, not a speed test), and the fast parse path reads each document
 * as the yaml package does or declines it. `npm test` runs a short seeded pass; `npm run fuzz` runs long
 * (KUBEWARD_FUZZ_RUNS, KUBEWARD_FUZZ_SEED). A failing input is saved under test/fixtures/fuzz/, and every saved
 * input is replayed first, so a bug once found stays covered.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { applyFixes } from '../../server/src/engine/fix';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { completionProposals } from '../../server/src/services/completion/index';
import { documentLinks } from '../../server/src/services/document-links';
import { inlayHints } from '../../server/src/services/inlay-hints';
import { splitDocuments } from '../../server/src/engine/model/parse';
import { LspClient } from '../helpers/lsp-client';
import { fastPathDifference } from '../helpers/yaml-model';
import { REPO_ROOT } from '../helpers/paths';
import { kubernetesYaml } from './fuzz-inputs';

const RUNS = Number(process.env.KUBEWARD_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.KUBEWARD_FUZZ_SEED ?? 20261125);
const BUDGET_MS = 5_000;
const SAVED = path.join(REPO_ROOT, 'test', 'fixtures', 'fuzz');

function saveFailure(text: string): string {
  mkdirSync(SAVED, { recursive: true });
  const file = path.join(SAVED, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.yaml`);
  writeFileSync(file, text);
  return path.relative(REPO_ROOT, file);
}

function savedInputs(): string[] {
  return existsSync(SAVED) ? readdirSync(SAVED).filter((name) => name.endsWith('.yaml')).sort().map((name) => readFileSync(path.join(SAVED, name), 'utf8')) : [];
}

/** The engine's properties for one text; throws with a description of the first one broken. */
function checkEngine(text: string): void {
  const linter = new StreamLinter(RULES);
  const started = performance.now();
  const analysis = linter.lint(text, DEFAULT_CONFIG);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < BUDGET_MS, `analysis took ${Math.round(elapsed)} ms`);
  for (const finding of analysis.findings) {
    assert.ok(finding.range.start >= 0 && finding.range.start <= finding.range.end && finding.range.end <= text.length, `${finding.ruleId} range ${JSON.stringify(finding.range)} outside ${text.length} characters`);
    for (const fix of finding.fixes) {
      const fixed = applyFixes(text, [fix]);
      assert.equal(fixed.applied, 1, `${finding.ruleId} fix "${fix.title}" did not apply`);
      new StreamLinter(RULES).lint(fixed.text, DEFAULT_CONFIG);
    }
  }
  checkEditorServices(text, analysis);
}

/** Completion, inlay hints and document links on the same text, with the text's own objects indexed. */
function checkEditorServices(text: string, analysis: ReturnType<StreamLinter['lint']>): void {
  const workspace = new WorkspaceIndex();
  workspace.setFile('/fuzz/input.yaml', analysis);
  const inside = (range: { start: number; end: number }, what: string) =>
    assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, `${what} range ${JSON.stringify(range)} outside ${text.length} characters`);
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)];
  for (const start of lineStarts.slice(0, 100)) {
    const end = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
    for (const offset of new Set([start, Math.floor((start + end) / 2), end])) {
      completionProposals(analysis, offset, DEFAULT_CONFIG, workspace).forEach((proposal, rank) => {
        inside(proposal.range, `completion "${proposal.label}"`);
        for (const edit of proposal.additionalEdits ?? []) inside(edit.range, `completion "${proposal.label}" extra edit`);
        // Analysing the result of every item would multiply the run time; the first items are the ones accepted.
        if (rank < 2) new StreamLinter(RULES).lint(text.slice(0, proposal.range.start) + proposal.newText + text.slice(proposal.range.end), DEFAULT_CONFIG);
      });
    }
  }
  for (const hint of inlayHints(analysis, workspace, { certificates: true, secretData: true, roleRefs: true, now: new Date('2026-06-01T00:00:00Z') })) {
    inside({ start: hint.offset, end: hint.offset }, `inlay hint "${hint.label}"`);
  }
  for (const link of documentLinks(analysis, workspace, { kubeconfigFiles: true, roleRefs: true, documentPath: '/fuzz/input.yaml' })) inside(link.range, 'document link');
}

test('the engine keeps its promises on saved and generated hostile YAML', () => {
  for (const text of savedInputs()) checkEngine(text);
  const result = fc.check(fc.property(kubernetesYaml, (text) => checkEngine(text)), { numRuns: RUNS, seed: SEED });
  // Only the shrunk counterexample is saved, not every failing attempt on the way to it.
  if (result.failed) assert.fail(`${String(result.errorInstance)}\nSeed ${SEED}; the smallest failing input is saved as ${saveFailure(result.counterexample![0])}.`);
});

test('the fast parse path reads saved and generated streams as the yaml package does, or declines them', () => {
  const check = (text: string) => {
    for (const chunk of splitDocuments(text)) {
      const { difference } = fastPathDifference(chunk.text);
      assert.equal(difference, undefined, `document at offset ${chunk.offset}`);
    }
  };
  for (const text of savedInputs()) check(text);
  const result = fc.check(fc.property(kubernetesYaml, check), { numRuns: RUNS * 2, seed: SEED });
  if (result.failed) assert.fail(`${String(result.errorInstance)}\nSeed ${SEED}; the smallest failing input is saved as ${saveFailure(result.counterexample![0])}.`);
});

test('the language server answers every request on generated YAML and keeps serving', { timeout: 300_000 }, async () => {
  const client = LspClient.start();
  try {
    await client.initialize();
    const texts = [...savedInputs(), ...fc.sample(kubernetesYaml, { numRuns: Math.max(10, Math.round(RUNS / 5)), seed: SEED })];
    for (const [index, text] of texts.entries()) {
      const uri = `file:///fuzz/${index}.yaml`;
      await client.open(uri, text, 1);
      const published = await client.diagnostics(uri, 1);
      const lines = text.split(/\r\n|\r|\n/);
      for (const diagnostic of published.diagnostics) assert.ok(diagnostic.range.end.line <= lines.length, `diagnostic past the end of ${uri}`);
      // Positions inside and past the end: a client may be behind the document.
      for (const position of [{ line: 0, character: 0 }, { line: Math.floor(lines.length / 2), character: 3 }, { line: lines.length + 5, character: 80 }]) {
        await client.request('textDocument/hover', { textDocument: { uri }, position });
        await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: published.diagnostics } });
        await client.request('textDocument/completion', { textDocument: { uri }, position });
      }
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length + 5, character: 0 } } });
      await client.request('textDocument/documentLink', { textDocument: { uri } });
      await client.close(uri);
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\nServer stderr: ${client.serverStderr}`);
  } finally {
    assert.equal(await client.shutdown(), 0, 'the server shuts down cleanly after the fuzzing');
  }
});
