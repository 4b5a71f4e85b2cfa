/**
 * `kubeward lint --cache`: what a run learnt of each file, kept for the next run like ESLint's .eslintcache. An
 * entry holds a file's content hash, its workspace index facts and its findings. The whole cache is keyed by the
 * running code (cache-file.ts) and the lint configuration: a change to either starts afresh. A file whose text is
 * unchanged keeps its facts; its findings are reused only when the index built from every file's facts is unchanged
 * too, since rules that look across files read it. Files whose linting asked the machine anything (whether a file exists, the time) are
 * linted every run. A cache file that cannot be read, or is not Kubeward's, is ignored with a line on stderr.
 */
import { codeKey, contentHash, readCacheFile, writeCacheFile } from '../cache-file';
import type { LintConfig } from '../engine/config';
import type { Finding } from '../engine/linter';

export const DEFAULT_CACHE_LOCATION = '.kubewardcache';
const MAGIC = 'kubeward-lint-cache/1';

export interface CacheEntry {
  hash: string;
  /** The facts, serialized on their own (cache-file's pack): a run where nothing changed never reads them. */
  facts: Uint8Array;
  /** valueHash of the facts, which the index hash is made of. */
  factsHash: string;
  /** Absent when the file's findings depend on the machine and are computed every run. */
  findings?: Finding[];
}

interface CacheContents {
  magic: typeof MAGIC;
  key: string;
  /** The hash of every file's index facts, in input order, when the findings were computed. */
  index: string;
  files: Record<string, CacheEntry>;
}

/** What a cache is valid for: this code and this configuration. */
export function cacheKey(config: LintConfig): string {
  return contentHash(JSON.stringify({ code: codeKey(), config }));
}

export class LintCache {
  private constructor(
    readonly location: string,
    private readonly key: string,
    private readonly previous: CacheContents | undefined,
  ) {}

  /** The cache at `location` for `key`; empty when there is none, it is another run's, or it cannot be read. */
  static load(location: string, key: string, log: (line: string) => void): LintCache {
    const read = readCacheFile<CacheContents>(location, MAGIC);
    if ('contents' in read) return new LintCache(location, key, read.contents.key === key && typeof read.contents.files === 'object' ? read.contents : undefined);
    if (read.problem === 'foreign') log(`kubeward: ${location} is not a Kubeward lint cache; it is ignored and will be replaced.\n`);
    if (read.problem === 'unreadable') log(`kubeward: the lint cache ${location} cannot be read; it is ignored and will be replaced.\n`);
    return new LintCache(location, key, undefined);
  }

  /** The entry of a file whose text has this hash, if the cache has one. */
  entry(file: string, hash: string): CacheEntry | undefined {
    const entry = this.previous?.files[file];
    return entry?.hash === hash ? entry : undefined;
  }

  /** How many files the cache holds. */
  get fileCount(): number {
    return this.previous ? Object.keys(this.previous.files).length : 0;
  }

  /** The index hash the cached findings were computed against. */
  get index(): string | undefined {
    return this.previous?.index;
  }

  save(index: string, files: Record<string, CacheEntry>, log: (line: string) => void): void {
    const contents: CacheContents = { magic: MAGIC, key: this.key, index, files };
    try {
      writeCacheFile(this.location, contents);
    } catch (error) {
      log(`kubeward: the lint cache could not be written to ${this.location}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}
