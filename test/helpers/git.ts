/**
 * Scratch git repositories for the commands that read revisions: `git` with a fixed identity and date and no user
 * or system configuration, so tests behave the same on every machine.
 */
import { execFileSync } from 'node:child_process';

/** A fixed identity and date, so the same tree always makes the same commit. */
const ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2026-12-01T12:00:00Z',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_COMMITTER_DATE: '2026-12-01T12:00:00Z',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
}

export function initRepository(cwd: string): void {
  git(cwd, 'init', '-q', '-b', 'main');
}

/** Commits everything in the working tree; returns the commit. */
export function commitAll(cwd: string, message: string): string {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '--allow-empty', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD').trim();
}
