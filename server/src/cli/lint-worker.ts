/**
 * Entry point of a `kubeward lint` worker thread (dist/lint-worker.js). The main thread gives each worker a share
 * of the files; the worker lints them alone and returns what the workspace index keeps of them, then receives the
 * index facts of every file, builds the same index the single-threaded lint would, and returns the findings of
 * its files with the rules that look across files. Each file's per-document results are reused between the two
 * passes, as in one thread.
 */
import { parentPort } from 'node:worker_threads';
import type { LintConfig } from '../engine/config';
import { StreamLinter, type StreamAnalysis } from '../engine/linter';
import { RULES } from '../engine/rules/index';
import { factsOfDocuments, WorkspaceIndex } from '../engine/workspace';
import { hostFor } from './lint-host';
import type { WorkerReply, WorkerRequest } from './lint-workers';

const own = new Map<number, { linter: StreamLinter; analysis: StreamAnalysis; text: string }>();
let config: LintConfig | undefined;

function handle(request: WorkerRequest): WorkerReply {
  if (request.type === 'analyse') {
    config = request.config;
    const files = request.files.map(({ index, path, displayPath, text }) => {
      const linter = new StreamLinter(RULES, hostFor(path));
      const analysis = linter.lint(text, request.config);
      own.set(index, { linter, analysis, text });
      return { index, facts: factsOfDocuments(displayPath, analysis.documents) };
    });
    return { type: 'facts', files };
  }
  const workspace = new WorkspaceIndex();
  // Every file in the order of the inputs, so that the index is the one the single-threaded lint builds.
  for (const file of request.files) {
    const mine = own.get(file.index);
    if (mine) workspace.setFile(file.displayPath, mine.analysis);
    else workspace.setFileFacts(file.displayPath, file.text, file.facts);
  }
  const files = [...own].map(([index, { linter, text }]) => ({ index, findings: linter.lint(text, config!, workspace).findings }));
  return { type: 'findings', files };
}

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    parentPort?.postMessage(handle(request));
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
  }
});
