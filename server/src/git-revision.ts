/**
 * The files of a revision, read through the `git` executable: a commit's files under the named paths are checked
 * out into a temporary folder with a temporary index, so neither the working tree nor the repository's index is
 * touched, and every check that reads beside a file (a kubeconfig's certificate files) reads that revision.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class GitError extends Error {}

export interface RevisionFolder {
  /** Where the paths the user named are found for this revision: the current folder's place in the checkout. */
  root: string;
  /** The name the user gave, or "working tree". */
  label: string;
  /** The commit, when the revision is one. */
  commit?: string;
  dispose(): void;
}

function git(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], ...options });
  } catch (error) {
    const failure = error as { stderr?: string; code?: string; message: string };
    if (failure.code === 'ENOENT') throw new GitError('git is not installed or not on the PATH');
    throw new GitError(`git ${args[0]} failed: ${(failure.stderr ?? failure.message).trim().split('\n')[0]}`);
  }
}

/** The repository's top folder; a GitError when `cwd` is in none. */
function repositoryTop(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/** The commit a name stands for, or a GitError naming it. */
function resolveCommit(ref: string, cwd: string): string {
  if (ref.startsWith('-')) throw new GitError(`"${ref}" is not a revision`);
  try {
    return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd).trim();
  } catch {
    throw new GitError(`no commit named "${ref}" in this repository`);
  }
}

/**
 * Where a pull request would start: the merge base of HEAD with the default branch (the remote's HEAD, else
 * main or master, remote or local).
 */
export function defaultBase(cwd: string): { commit: string; label: string } {
  repositoryTop(cwd);
  const candidates: string[] = [];
  try {
    candidates.push(git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], cwd).trim());
  } catch {
    // No remote HEAD: fall back to the usual names.
  }
  candidates.push('origin/main', 'origin/master', 'main', 'master');
  for (const candidate of candidates) {
    try {
      resolveCommit(candidate, cwd);
    } catch {
      continue;
    }
    return { commit: git(['merge-base', 'HEAD', candidate], cwd).trim(), label: `merge base with ${candidate}` };
  }
  throw new GitError('no default branch (origin/HEAD, main or master) to compare with; name one with --base');
}

/** The commit's files under `paths` (relative to `cwd`, as the user wrote them), in a temporary folder. */
export function checkOutRevision(ref: string, paths: readonly string[], cwd: string, label = ref): RevisionFolder {
  const top = repositoryTop(cwd);
  const commit = resolveCommit(ref, cwd);
  const prefix = git(['rev-parse', '--show-prefix'], cwd).trim();
  const folder = mkdtempSync(path.join(tmpdir(), 'kubeward-revision-'));
  const dispose = () => rmSync(folder, { recursive: true, force: true });
  try {
    const env = { ...process.env, GIT_INDEX_FILE: path.join(folder, 'index') };
    git(['read-tree', commit], cwd, { env });
    const files = git(['ls-files', '-z', '--', ...(paths.length ? paths : ['.'])], cwd, { env });
    const tree = path.join(folder, 'tree');
    // ls-files names paths relative to the current folder, checkout-index from the repository's top.
    const fromTop = files.split('\0').filter(Boolean).map((file) => path.posix.normalize(prefix + file)).join('\0');
    if (fromTop) git(['checkout-index', '-z', '--stdin', `--prefix=${tree}${path.sep}`], top, { env, input: `${fromTop}\0` });
    mkdirSync(path.join(tree, prefix), { recursive: true });
    return { root: path.join(tree, prefix), label, commit, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

export function workingTree(cwd: string): RevisionFolder {
  return { root: cwd, label: 'working tree', dispose: () => undefined };
}
