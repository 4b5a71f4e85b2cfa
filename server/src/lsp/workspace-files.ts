/**
 * Keeps the workspace index fed from disk: the selected YAML files of the workspace folders at start-up (and
 * again when the file settings change), then the files the client reports as changed. Open documents are indexed
 * from the editor's text instead, which is newer. Reading files executes nothing, so this is safe in untrusted
 * workspaces.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { factsOfFile, WorkspaceIndex, type FileFacts } from '../engine/workspace';
import { staticAuthKindOf } from '../engine/analysis/static-auth/file-kind';
import { StaticAuthFile } from '../engine/model/static-auth-file';
import { PemFile, PEM_FILE_NAME } from '../engine/model/pem-file';
import type { StaticAuthKind } from '../engine/reference/static-auth-flags';
import { readIndexableText } from './indexable-file';
import type { IndexCache } from './index-cache';
import { IndexingPool } from './indexing-pool';
import { DEFAULT_SERVER_SETTINGS, FileSelection, type ServerSettings } from './server-settings';

/** The files a scan looks at besides the selected YAML: static credential and ABAC policy files, and PEM files. */
const OTHER_CANDIDATE = /\.(csv|jsonl|json|crt|pem|cer|csr|key)$/i;
/** How many file reads may be in flight ahead of the one being stored (parsed, too, without workers). */
const READ_AHEAD = 16;
/** With workers, enough files in flight to keep every worker busy while the main thread stores results. */
const WORKER_READ_AHEAD = 64;
/** How long the scan may store files before it lets other work through. */
const TURN_EVERY_MS = 4;
/** Below this many files, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD_FILES = 100;

/** A file as read for the index: its text, and its facts when a worker already extracted them or the cache had them. */
interface ReadFile {
  text: string;
  facts?: FileFacts;
  /** The text's hash, when the index cache looked the file up. */
  hash?: string;
  cached?: boolean;
}

export interface ScanSummary {
  files: number;
  /** True when the scan stopped at `limits.maxWorkspaceFiles`. */
  truncated: boolean;
  /** How many worker threads parsed the files; 0 when the main thread did. */
  workers: number;
  /** How many files took their facts from the index cache. */
  fromCache: number;
}

export class WorkspaceFiles {
  private readonly open = new Set<string>();
  /** Files read from disk into the index, so that a rescan can drop those no longer selected. */
  private readonly fromDisk = new Set<string>();
  private folders: string[] = [];
  private settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  private selection = new FileSelection(DEFAULT_SERVER_SETTINGS);
  private cache: IndexCache | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Keeps index facts between sessions in this cache (index-cache.ts). */
  useCache(cache: IndexCache | undefined): void {
    this.cache = cache;
  }

  /** The workspace folders, as file system paths; other URI schemes cannot be scanned. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  }

  /** Applies new settings; true when they change which files belong in the index (a rescan is then due). */
  configure(settings: ServerSettings): boolean {
    const before = this.settings;
    this.settings = settings;
    this.selection = new FileSelection(settings);
    return (
      JSON.stringify([before.include, before.exclude, before.maxFileSizeKB, before.maxWorkspaceFiles, before.staticAuthFiles]) !==
      JSON.stringify([settings.include, settings.exclude, settings.maxFileSizeKB, settings.maxWorkspaceFiles, settings.staticAuthFiles])
    );
  }

  /**
   * Whether Kubeward looks at a document: files by the include/exclude globs (relative to their workspace folder),
   * documents that are not files (unsaved, remote) always.
   */
  selects(uri: string): boolean {
    if (!uri.startsWith('file:')) return true;
    return this.selection.includes(this.relativePath(fileURLToPath(uri)));
  }

  /** Re-reads the selected files of every workspace folder, dropping files that are no longer selected. */
  async scan(onFile: (files: number) => void = () => undefined, isCancelled: () => boolean = () => false): Promise<ScanSummary> {
    for (const uri of this.fromDisk) if (!this.open.has(uri)) this.index.removeFile(uri);
    this.fromDisk.clear();
    const { files, otherCandidates, truncated } = await this.selectedFiles(isCancelled);
    const cache = this.cache;
    cache?.forgetKept();
    // Workers start with the first file to parse: a session whose files all come from the index cache needs none.
    const useWorkers = files.length >= WORKER_THRESHOLD_FILES;
    let pool: IndexingPool | undefined;
    let poolTried = false;
    const parser = () => {
      if (!poolTried && useWorkers) pool = IndexingPool.start();
      poolTried = true;
      return pool;
    };
    const window = useWorkers ? WORKER_READ_AHEAD : READ_AHEAD;
    const maxBytes = this.maxBytes();
    const readFile = (index: number): Promise<ReadFile | undefined> => {
      const file = files[index];
      const uri = pathToFileURL(file).href;
      const local = () => readOnMainThread(file, maxBytes);
      const parsed = (): Promise<ReadFile | undefined> => parser()?.read(file, uri, maxBytes).catch(local) ?? local();
      // With the cache the main thread reads the file to hash it; a file the cache lacks goes to a worker as text.
      const cached = async (): Promise<ReadFile | undefined> => {
        const text = await readIndexableText(file, maxBytes);
        if (text === undefined) return undefined;
        const { hash, facts } = cache!.lookup(uri, text);
        if (facts) return { text, facts, hash, cached: true };
        const worker = parser();
        const fromWorker = worker ? await worker.read(file, uri, maxBytes, text).catch(() => undefined) : undefined;
        return { text, hash, ...(fromWorker ? { facts: fromWorker.facts } : {}) };
      };
      return cache ? cached() : parsed();
    };
    let fromCache = 0;
    try {
      await inFileOrder(files.length, window, readFile, isCancelled, (index, read) => {
        if (read?.cached) fromCache++;
        this.store(pathToFileURL(files[index]).href, read);
        onFile(index + 1);
      });
    } finally {
      await pool?.close();
    }
    cache?.save((message) => this.log(message));
    // After the YAML: a kube-apiserver flag among it may be what makes a file a static credential or ABAC file.
    // PEM files are read by name, for the keys and CAs beside the certificates the editor opens.
    for (const file of otherCandidates) {
      if (isCancelled()) break;
      const uri = pathToFileURL(file).href;
      if (!this.open.has(uri)) await this.readIntoIndex(uri);
    }
    return { files: files.length, truncated, workers: pool?.size ?? 0, fromCache };
  }

  /**
   * The selected files of the workspace folders, up to `limits.maxWorkspaceFiles`, and the CSV and JSON files that
   * may turn out to be static credential or ABAC files (by path only; they are read once the YAML is indexed).
   */
  private async selectedFiles(
    isCancelled: () => boolean,
    roots: readonly string[] = this.folders,
    relativePath: (file: string) => string = (file) => this.relativePath(file),
  ): Promise<{ files: string[]; otherCandidates: string[]; truncated: boolean }> {
    const files: string[] = [];
    const otherCandidates: string[] = [];
    const limit = this.settings.maxWorkspaceFiles;
    const pending = [...roots];
    while (pending.length > 0 && !isCancelled()) {
      const directory = pending.pop()!;
      let entries;
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        const relative = relativePath(full);
        if (entry.isDirectory() && !this.selection.excludesDirectory(relative)) pending.push(full);
        else if (entry.isFile() && this.selection.includes(relative)) {
          if (files.length >= limit) return { files, otherCandidates, truncated: true };
          files.push(full);
        } else if (entry.isFile() && OTHER_CANDIDATE.test(entry.name) && !this.selection.excludesDirectory(relative)) otherCandidates.push(full);
      }
    }
    return { files, otherCandidates, truncated: false };
  }

  /** The first workspace folder, where a comparison with a git revision reads the repository. */
  firstFolder(): string | undefined {
    return this.folders[0];
  }

  /**
   * An index of a revision checked out at `root` whose files stand for those of workspace `folder`: the files the
   * settings select there, under the URIs they have in the folder, so places and keys match the workspace's.
   */
  async indexOfCheckout(root: string, folder: string): Promise<WorkspaceIndex> {
    const index = new WorkspaceIndex();
    const standIn = (file: string) => path.join(folder, path.relative(root, file));
    const { files } = await this.selectedFiles(() => false, [root], (file) => this.relativePath(standIn(file)));
    // As the scan does: parsed by workers when there are many files, stored in file order.
    const pool = files.length >= WORKER_THRESHOLD_FILES ? IndexingPool.start() : undefined;
    const maxBytes = this.maxBytes();
    const read = (file: string, uri: string): Promise<ReadFile | undefined> => pool?.read(file, uri, maxBytes).catch(() => readOnMainThread(file, maxBytes)) ?? readOnMainThread(file, maxBytes);
    const uris = files.map((file) => pathToFileURL(standIn(file)).href);
    try {
      await inFileOrder(files.length, pool ? WORKER_READ_AHEAD : READ_AHEAD, (position) => read(files[position], uris[position]), () => false, (position, file) => {
        if (file) index.setFileFacts(uris[position], file.text, file.facts ?? factsOfFile(uris[position], file.text));
      });
    } finally {
      await pool?.close();
    }
    return index;
  }

  /**
   * Which of kube-apiserver's static credential or ABAC files a file is, by the `files.staticAuth` globs or the
   * flags of the indexed kube-apiserver manifests; undefined for other files and for documents not on disk.
   */
  staticAuthKind(uri: string): StaticAuthKind | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const relative = this.relativePath(fileURLToPath(uri));
    if (this.selection.excludesDirectory(relative)) return undefined;
    return staticAuthKindOf(relative, this.settings.staticAuthFiles, { file: uri, inventory: this.index.staticAuth });
  }

  /** The editor owns the text of open documents; disk changes to them are ignored until they close. */
  opened(uri: string): void {
    this.open.add(uri);
  }

  async closed(uri: string): Promise<void> {
    this.open.delete(uri);
    await this.readIntoIndex(uri);
  }

  async changedOnDisk(uri: string): Promise<void> {
    if (!this.open.has(uri)) await this.readIntoIndex(uri);
  }

  deletedOnDisk(uri: string): void {
    this.fromDisk.delete(uri);
    this.index.removeFile(uri);
  }

  private relativePath(file: string): string {
    const folder = this.folders.find((candidate) => !path.relative(candidate, file).startsWith('..'));
    return (folder ? path.relative(folder, file) : file).split(path.sep).join('/');
  }

  /** Reads a selected YAML file, a PEM file, or a static credential or ABAC file into the index; forgets any other. */
  private async readIntoIndex(uri: string): Promise<void> {
    if (uri.startsWith('file:') && !this.selects(uri) && PEM_FILE_NAME.test(uri)) {
      const text = await readIndexableText(fileURLToPath(uri), this.maxBytes());
      if (text === undefined) this.index.removeFile(uri);
      else {
        this.index.pki.setFile(new PemFile(text, uri));
        this.fromDisk.add(uri);
      }
      return;
    }
    const kind = this.selects(uri) ? undefined : this.staticAuthKind(uri);
    if (!uri.startsWith('file:') || (!kind && !this.selects(uri))) {
      this.index.removeFile(uri);
      return;
    }
    const text = await readIndexableText(fileURLToPath(uri), this.maxBytes());
    if (!kind) this.store(uri, text === undefined ? undefined : { text });
    else if (text === undefined) this.index.removeFile(uri);
    else {
      this.index.staticAuth.setAuthFile(uri, new StaticAuthFile(text, kind));
      this.fromDisk.add(uri);
    }
  }

  private maxBytes(): number {
    return this.settings.maxFileSizeKB * 1024;
  }

  private store(uri: string, read: ReadFile | undefined): void {
    if (read === undefined) {
      this.index.removeFile(uri);
      return;
    }
    const facts = read.facts ?? factsOfFile(uri, read.text);
    this.index.setFileFacts(uri, read.text, facts);
    if (!read.cached) this.cache?.remember(uri, read.text, facts, read.hash);
    this.fromDisk.add(uri);
  }
}

/** A file's text, for the main thread to parse when it stores the file. */
function readOnMainThread(file: string, maxBytes: number): Promise<ReadFile | undefined> {
  return readIndexableText(file, maxBytes).then((text) => (text === undefined ? undefined : { text }));
}

/**
 * Reads files ahead of storing them, so storing never waits on the disk (or on a worker), and stores them in file
 * order, so an index does not depend on which worker finished first; a turn of the event loop every few
 * milliseconds lets the editor's requests (a hover on the open file) through without paying a turn per file.
 */
async function inFileOrder<T>(count: number, window: number, read: (index: number) => Promise<T>, isCancelled: () => boolean, store: (index: number, value: T) => void): Promise<void> {
  const reads = new Map<number, Promise<T>>();
  const readAhead = (index: number) => {
    if (index < count && !reads.has(index)) reads.set(index, read(index));
  };
  for (let index = 0; index < window; index++) readAhead(index);
  let lastTurn = performance.now();
  for (let index = 0; index < count && !isCancelled(); index++) {
    readAhead(index + window);
    const value = await reads.get(index)!;
    reads.delete(index);
    store(index, value);
    if (performance.now() - lastTurn > TURN_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastTurn = performance.now();
    }
  }
}
