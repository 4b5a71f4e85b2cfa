/**
 * `kubeward lint` on several threads (`--jobs`). Each worker (lint-worker.ts) lints a share of the files alone,
 * the index facts of all files are pooled, and each worker then runs the rules that look across files on its
 * share against an index built from all of them, in input order. The findings are the single-threaded lint's.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../engine/config';
import type { Finding } from '../engine/linter';
import type { FileFacts } from '../engine/workspace';

export interface LintFile {
  /** The file's place among the inputs, which orders the index and the report. */
  index: number;
  path: string;
  displayPath: string;
  text: string;
}

export type WorkerRequest =
  | { type: 'analyse'; config: LintConfig; files: LintFile[] }
  | { type: 'lint'; files: { index: number; displayPath: string; text: string; facts: FileFacts }[] };

export type WorkerReply =
  | { type: 'facts'; files: { index: number; facts: FileFacts }[] }
  | { type: 'findings'; files: { index: number; findings: Finding[] }[] }
  | { type: 'error'; message: string };

const WORKER_SCRIPT = path.join(__dirname, 'lint-worker.js');
/** With fewer files, `--jobs auto` stays on one thread: starting workers would cost more than it saves. */
const AUTO_MIN_FILES = 64;
const AUTO_MAX_JOBS = 8;

/** How many threads lint `files` files: `jobs` as asked, or for `auto` one per core when there are many files. */
export function threadsFor(jobs: number | 'auto', files: number): number {
  if (!existsSync(WORKER_SCRIPT)) return 1;
  const wanted = jobs === 'auto' ? (files < AUTO_MIN_FILES ? 1 : Math.min(AUTO_MAX_JOBS, availableParallelism())) : jobs;
  return Math.max(1, Math.min(wanted, files));
}

/** The findings of every file, by its index, from `threads` worker threads. */
export async function lintInWorkers(files: readonly LintFile[], config: LintConfig, threads: number): Promise<Map<number, Finding[]>> {
  const shares = share(files, threads);
  const workers = shares.map(() => new Worker(WORKER_SCRIPT));
  try {
    const analysed = await Promise.all(workers.map((worker, at) => ask(worker, { type: 'analyse', config, files: shares[at] })));
    const facts = new Map<number, FileFacts>();
    for (const reply of analysed) if (reply.type === 'facts') for (const file of reply.files) facts.set(file.index, file.facts);
    const everyFile = files.map(({ index, displayPath, text }) => ({ index, displayPath, text, facts: facts.get(index)! }));
    const linted = await Promise.all(workers.map((worker) => ask(worker, { type: 'lint', files: everyFile })));
    const findings = new Map<number, Finding[]>();
    for (const reply of linted) if (reply.type === 'findings') for (const file of reply.files) findings.set(file.index, file.findings);
    return findings;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Shares of about equal size in bytes: the largest file first, each to the share with the least so far. */
function share(files: readonly LintFile[], threads: number): LintFile[][] {
  const shares = Array.from({ length: threads }, () => ({ bytes: 0, files: [] as LintFile[] }));
  for (const file of [...files].sort((a, b) => b.text.length - a.text.length)) {
    const lightest = shares.reduce((best, candidate) => (candidate.bytes < best.bytes ? candidate : best));
    lightest.files.push(file);
    lightest.bytes += file.text.length;
  }
  return shares.map((entry) => entry.files).filter((entry) => entry.length > 0);
}

function ask(worker: Worker, request: WorkerRequest): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      cleanUp();
      if (reply.type === 'error') reject(new Error(`a lint worker failed: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(request);
  });
}
