/**
 * Keeps the workspace index fed from disk: every YAML file of the workspace folders at start-up, then the files
 * the client reports as changed. Open documents are indexed from the editor's text instead, which is newer.
 * Reading files executes nothing, so this is safe in untrusted workspaces.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceIndex } from '../engine/workspace';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', 'vendor']);
/** Bounds that keep a start-up scan of a very large repository from taking over the machine. */
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function isYamlPath(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export class WorkspaceFiles {
  private readonly open = new Set<string>();

  constructor(private readonly index: WorkspaceIndex) {}

  /** Indexes the YAML files under the folders (file URIs); returns how many were read. */
  async scan(folderUris: readonly string[], isCancelled: () => boolean = () => false): Promise<number> {
    let count = 0;
    const pending = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    while (pending.length > 0 && count < MAX_FILES && !isCancelled()) {
      const directory = pending.pop()!;
      let entries;
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
        else if (entry.isFile() && isYamlPath(entry.name) && count < MAX_FILES) {
          await this.readIntoIndex(pathToFileURL(full).href);
          count++;
        }
      }
    }
    return count;
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
    this.index.removeFile(uri);
  }

  private async readIntoIndex(uri: string): Promise<void> {
    if (!uri.startsWith('file:') || !isYamlPath(uri)) return;
    try {
      const file = fileURLToPath(uri);
      if ((await stat(file)).size > MAX_FILE_BYTES) return;
      this.index.setFileText(uri, await readFile(file, 'utf8'));
    } catch {
      this.index.removeFile(uri);
    }
  }
}
