/**
 * What the command line's lint cache and the server's index cache share: content hashes, the key of the running
 * code (a hash of the bundle, which holds the rules and the reference data, and of the Node.js serializer), and
 * cache files read and written with v8's serializer, a magic string first. A file that cannot be read or is not
 * the expected kind of cache is ignored; one written by other code or another Node.js is stale; neither is trusted.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { KUBEWARD_VERSION } from './version';

export function contentHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A hash of plain data that depends on its content only: v8's serialization of equal data can differ (string
 * representations, shapes), so the data is walked. Maps, sets and bigints are told apart from objects and strings.
 */
export function valueHash(value: unknown): string {
  const hash = createHash('sha256');
  const feed = (item: unknown): void => {
    if (item === null || typeof item !== 'object') {
      hash.update(`${typeof item}:${String(item)};`);
      return;
    }
    if (Array.isArray(item)) {
      hash.update(`[${item.length};`);
      item.forEach(feed);
    } else if (item instanceof Map || item instanceof Set) {
      hash.update(`${item instanceof Map ? 'M' : 'S'}${item.size};`);
      for (const entry of item) feed(entry);
    } else {
      const keys = Object.keys(item);
      hash.update(`{${keys.length};`);
      for (const key of keys) {
        hash.update(`${key.length}:${key}`);
        feed((item as Record<string, unknown>)[key]);
      }
    }
  };
  feed(value);
  return hash.digest('hex');
}

let runningCode: string | undefined;

/** The key of the code that runs: its bundle's hash (the file this module is bundled into) and v8's version. */
export function codeKey(): string {
  if (runningCode) return runningCode;
  let code: string;
  try {
    code = contentHash(readFileSync(__filename));
  } catch {
    code = KUBEWARD_VERSION;
  }
  runningCode = contentHash(JSON.stringify({ code, version: KUBEWARD_VERSION, v8: process.versions.v8 }));
  return runningCode;
}

export type CacheRead<T> = { contents: T } | { problem: 'absent' | 'unreadable' | 'foreign' };

/** A cache file's contents when it carries `magic`; why not otherwise. */
export function readCacheFile<T extends { magic: string }>(file: string, magic: T['magic']): CacheRead<T> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { problem: 'absent' };
  }
  try {
    const contents = deserialize(bytes) as Partial<T> | null;
    return contents !== null && typeof contents === 'object' && contents.magic === magic ? { contents: contents as T } : { problem: 'foreign' };
  } catch {
    return { problem: 'unreadable' };
  }
}

/** Writes a cache file whole or not at all (through a temporary file beside it). */
export function writeCacheFile<T extends { magic: string }>(file: string, contents: T): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(contents));
  renameSync(temporary, file);
}

export function pack(value: unknown): Uint8Array {
  return serialize(value);
}

export function unpack<T>(packed: Uint8Array): T {
  return deserialize(packed) as T;
}
