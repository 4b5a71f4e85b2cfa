/**
 * Whether a file is one of kube-apiserver's static credential or ABAC policy files, and which: by the
 * `files.staticAuth` globs first, then by the flags of the workspace's kube-apiserver that name it.
 */
import picomatch from 'picomatch';
import type { LintConfig } from '../../config';
import { STATIC_AUTH_KINDS, type StaticAuthKind } from '../../reference/static-auth-flags';
import type { StaticAuthInventory } from './references';

type Matchers = [StaticAuthKind, (path: string) => boolean][];
const compiled = new WeakMap<LintConfig['staticAuthFiles'], Matchers>();

/**
 * `relativePath` is relative to the workspace folder (or the current directory) with forward slashes; `file` is
 * the name the workspace index knows the file by, matched against the paths the flags name.
 */
export function staticAuthKindOf(
  relativePath: string,
  globs: LintConfig['staticAuthFiles'],
  named?: { file: string; inventory: Pick<StaticAuthInventory, 'kindNamed'> },
): StaticAuthKind | undefined {
  let matchers = compiled.get(globs);
  if (!matchers) {
    matchers = STATIC_AUTH_KINDS.map((kind) => [kind, picomatch([...globs[kind]], { dot: true })]);
    compiled.set(globs, matchers);
  }
  const path = relativePath.replace(/\\/g, '/').replace(/^\/+/, '');
  return matchers.find(([, matches]) => matches(path))?.[0] ?? named?.inventory.kindNamed(named.file);
}
