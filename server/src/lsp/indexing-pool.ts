/**
 * A small pool of worker threads that read and parse workspace files for the index (see indexing-worker.ts).
 * It lives only for one workspace scan: idle workers would hold tens of megabytes each for nothing.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IndexableFile } from './indexable-file';

/** Beyond this many threads the main thread, which stores every result, becomes the bottleneck. */
const MAX_WORKERS = 4;
/** A worker's heap ceiling: room for parsing the largest file the limits admit, but a bound on hostile ones. */
const WORKER_HEAP_MB = 384;
/** A small young generation: the parsed trees of one file die young, and a large one only raises the peak. */
const WORKER_YOUNG_MB = 8;
const WORKER_SCRIPT = path.join(__dirname, 'indexing-worker.js');

export interface IndexingTask {
  id: number;
  file: string;
  uri: string;
  maxBytes: number;
  /** The file's text when the main thread has read it already; the worker then only parses it. */
  text?: string;
}

export type IndexingReply = { id: number; result?: IndexableFile; error?: string };

interface PendingTask {
  resolve(result: IndexableFile | undefined): void;
  reject(error: Error): void;
}

export class IndexingPool {
  private readonly pending = new Map<number, PendingTask>();
  private nextId = 0;
  /** Set when a worker died: the pool then refuses new work rather than queue it on a dead thread. */
  private broken = false;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: IndexingReply) => {
        const task = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) task?.reject(new Error(reply.error));
        else task?.resolve(reply.result);
      });
      // A worker that dies (out of memory on a hostile file) fails what it had; the caller reads those itself.
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', () => this.failAll(new Error('An indexing worker stopped.')));
    }
  }

  /**
   * A pool sized to the machine, or undefined where workers are unavailable (the server runs from sources, or the
   * process may not start threads); the scan then parses on the main thread.
   */
  static start(): IndexingPool | undefined {
    if (!existsSync(WORKER_SCRIPT)) return undefined;
    const size = Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
    const workers: Worker[] = [];
    try {
      for (let index = 0; index < size; index++) workers.push(new Worker(WORKER_SCRIPT, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } }));
    } catch {
      for (const worker of workers) void worker.terminate();
      return undefined;
    }
    return new IndexingPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Reads and parses one file in a worker (only parses it when `text` is given): its text and facts, or undefined
   * when it is too large or unreadable.
   */
  read(file: string, uri: string, maxBytes: number, text?: string): Promise<IndexableFile | undefined> {
    if (this.broken) return Promise.reject(new Error('An indexing worker stopped.'));
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, file, uri, maxBytes, ...(text !== undefined ? { text } : {}) } satisfies IndexingTask);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.failAll(new Error('The indexing pool was closed.'));
  }

  private failAll(error: Error): void {
    this.broken = true;
    for (const task of this.pending.values()) task.reject(error);
    this.pending.clear();
  }
}
