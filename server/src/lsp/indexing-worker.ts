/**
 * Entry point of an indexing worker thread (dist/indexing-worker.js). Parsing is most of the cost of indexing a
 * large workspace, so at start-up the files are read and parsed here, beside the main thread, which keeps
 * answering the editor and only stores the extracted facts.
 */
import { parentPort } from 'node:worker_threads';
import { factsOfFile } from '../engine/workspace';
import { readIndexableFile } from './indexable-file';
import type { IndexingReply, IndexingTask } from './indexing-pool';

parentPort?.on('message', (task: IndexingTask) => {
  const read = task.text !== undefined ? Promise.resolve(task.text).then((text) => ({ text, facts: factsOfFile(task.uri, text) })) : readIndexableFile(task.file, task.uri, task.maxBytes);
  void read.then(
    (result) => parentPort?.postMessage({ id: task.id, result } satisfies IndexingReply),
    (error: unknown) => parentPort?.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) } satisfies IndexingReply),
  );
});
