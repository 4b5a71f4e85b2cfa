/**
 * Reading one workspace file for the index, shared by the server's main thread and its indexing workers.
 */
import { readFile, stat } from 'node:fs/promises';
import { factsOfFile, type FileFacts } from '../engine/workspace';

export interface IndexableFile {
  text: string;
  facts: FileFacts;
}

/** A file's text, or undefined when it cannot be read or is larger than `maxBytes`. */
export async function readIndexableText(file: string, maxBytes: number): Promise<string | undefined> {
  try {
    if ((await stat(file)).size > maxBytes) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file's text and what the index keeps of it (facts placed under `uri`), or undefined when it is not read. */
export async function readIndexableFile(file: string, uri: string, maxBytes: number): Promise<IndexableFile | undefined> {
  const text = await readIndexableText(file, maxBytes);
  return text === undefined ? undefined : { text, facts: factsOfFile(uri, text) };
}
