/**
 * A flag of a component names a path on the node it runs on; a workspace file stands for that path when it has the
 * same file name, the one sharing the longest tail of folders winning. Static auth files and kube-apiserver's
 * serving certificate are matched this way.
 */

/** How many trailing path segments two paths share (0 when their file names differ). */
export function sharedTail(a: string, b: string): number {
  const left = a.split(/[\\/]/).filter(Boolean);
  const right = b.split(/[\\/]/).filter(Boolean);
  let shared = 0;
  while (shared < left.length && shared < right.length && left[left.length - 1 - shared] === right[right.length - 1 - shared]) shared++;
  return shared;
}

/** Whether `file`, among the workspace's `files`, is the one that best stands for the node path `nodePath`. */
export function standsFor(nodePath: string, file: string, files: Iterable<string>): boolean {
  const own = sharedTail(nodePath, file);
  if (own === 0) return false;
  for (const other of files) if (sharedTail(nodePath, other) > own) return false;
  return true;
}
