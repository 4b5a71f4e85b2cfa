// Locates the read-only reference data (../shared/k8s) that the generators read, and compares or writes outputs.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sharedK8s = process.env.KUBEWARD_SHARED_K8S ?? path.resolve(repoRoot, '../shared/k8s');

/** Returns false (after saying why) when the upstream data is not on this machine, as in a user's clone. */
export function sharedDataAvailable(generator) {
  if (existsSync(sharedK8s)) return true;
  console.log(`${generator}: skipped, the upstream reference data (${sharedK8s}) is not available on this machine.`);
  return false;
}

export function readSharedJson(relativePath) {
  return JSON.parse(readFileSync(path.join(sharedK8s, relativePath), 'utf8'));
}

/**
 * Writes each generated file, or with `--check` reports the ones whose committed content differs.
 * Returns the process exit code.
 */
export function emitGenerated(files, argv = process.argv) {
  const check = argv.includes('--check');
  const stale = [];
  for (const [relativePath, content] of Object.entries(files)) {
    const target = path.join(repoRoot, relativePath);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === content) continue;
    if (check) stale.push(relativePath);
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
      console.log(`wrote ${relativePath}`);
    }
  }
  for (const file of stale) console.error(`stale generated file: ${file} (run npm run gen)`);
  return stale.length > 0 ? 1 : 0;
}
