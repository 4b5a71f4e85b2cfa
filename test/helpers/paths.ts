/**
 * Locations tests need: the repository root (tests run from out/test/...) and the optional shared data folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
  let directory = start;
  while (!existsSync(path.join(directory, 'package.json')) || path.basename(directory) === 'out') {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No repository root above ${start}.`);
    directory = parent;
  }
  return directory;
}

export const REPO_ROOT = findRepoRoot(path.resolve(__dirname, '..', '..'));
