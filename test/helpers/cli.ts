/**
 * Runs the built `kubeward` command as a child process, the way users and CI run it, and writes scratch trees.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

const bin = path.join(REPO_ROOT, 'bin/kubeward.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function kubeward(args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string> }): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes files (path relative to `root` → content) and creates their folders. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
