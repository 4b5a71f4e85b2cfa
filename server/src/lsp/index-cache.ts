/**
 * The workspace index kept between sessions in a folder the client gives (VS Code: the extension's storage for the
 * workspace): for each file read from disk, its content hash and its index facts. At start-up a file whose text has
 * the hash the cache holds takes its facts from the cache instead of being parsed. The cache is keyed by the
 * running code (cache-file.ts); facts depend on a file's text and place only, not on settings. Other editors may
 * pass a folder or none; without one nothing is kept.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { codeKey, contentHash, pack, readCacheFile, unpack, writeCacheFile } from '../cache-file';
import type { FileFacts } from '../engine/workspace';

const MAGIC = 'kubeward-index-cache/1';
const FILE_NAME = 'workspace-index.cache';

interface IndexCacheContents {
  magic: typeof MAGIC;
  key: string;
  files: Record<string, { hash: string; facts: Uint8Array }>;
}

export class IndexCache {
  private readonly kept = new Map<string, { hash: string; facts: Uint8Array }>();
  /** Whether the files kept differ from those the cache was read with (a file read anew, added or gone). */
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly previous: Record<string, { hash: string; facts: Uint8Array }>,
  ) {}

  /** The cache in `folder`, empty when it has none or one of other code; undefined without a folder. */
  static open(folder: string | undefined, log: (message: string) => void): IndexCache | undefined {
    if (!folder) return undefined;
    const file = path.join(folder, FILE_NAME);
    const read = readCacheFile<IndexCacheContents>(file, MAGIC);
    if ('contents' in read) return new IndexCache(file, read.contents.key === codeKey() && typeof read.contents.files === 'object' ? read.contents.files : {});
    if (read.problem !== 'absent') log(`The workspace index cache ${file} is ${read.problem === 'foreign' ? 'not one of Kubeward' : 'unreadable'}; it is ignored and will be replaced.`);
    return new IndexCache(file, {});
  }

  /** A file's content hash, and its facts when its text is unchanged since the cache was written. */
  lookup(uri: string, text: string): { hash: string; facts?: FileFacts } {
    const entry = this.previous[uri];
    const hash = contentHash(text);
    if (entry?.hash !== hash) return { hash };
    try {
      const facts = unpack<FileFacts>(entry.facts);
      this.kept.set(uri, entry);
      return { hash, facts };
    } catch {
      return { hash };
    }
  }

  /** Keeps the facts of a file just read (its text's hash given, or made here), for the next session. */
  remember(uri: string, text: string, facts: FileFacts, hash = contentHash(text)): void {
    this.kept.set(uri, { hash, facts: pack(facts) });
    this.changed = true;
  }

  /** Writes what this session kept (the files of the last scan and those read since), when it differs. */
  save(log: (message: string) => void): void {
    if (!this.changed && this.kept.size === Object.keys(this.previous).length) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeCacheFile(this.file, { magic: MAGIC, key: codeKey(), files: Object.fromEntries(this.kept) } satisfies IndexCacheContents);
    } catch (error) {
      log(`The workspace index cache could not be written to ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Starts a new scan: what it does not see again is not kept. */
  forgetKept(): void {
    this.kept.clear();
  }
}
