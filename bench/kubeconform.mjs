// kubeconform v0.8.0, the schema validator users pick for CI, as a peer of `kubeward lint` in the scale benchmark.
// It is built from the Go module proxy into ~/.cache/kubeward/peers (as test/cluster/build.mjs builds
// kube-apiserver), and given standalone strict JSON schemas generated here from the repository's own Kubernetes
// 1.36 schemas (schemas/kubernetes-1.36.json), one file per kind in kubeconform's naming, since it cannot download
// its schemas here. Kinds the repository's schemas lack are skipped by kubeconform (-ignore-missing-schemas).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from './corpus.mjs';

export const KUBECONFORM_VERSION = 'v0.8.0';
const CACHE = path.join(process.env.KUBEWARD_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'kubeward'), 'peers', `kubeconform-${KUBECONFORM_VERSION}`);

/** The kubeconform binary, built once; null (with the reason) when Go or the module proxy is unavailable. */
export function kubeconformBinary(log = console.log) {
  const binary = path.join(CACHE, 'kubeconform');
  if (fs.existsSync(binary)) return { binary };
  fs.mkdirSync(CACHE, { recursive: true });
  log(`building kubeconform ${KUBECONFORM_VERSION} from the Go module proxy into ${CACHE}`);
  const built = spawnSync('go', ['install', `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`], {
    env: { ...process.env, GOBIN: CACHE, CGO_ENABLED: '0' }, encoding: 'utf8', timeout: 600_000,
  });
  if (built.status !== 0 || !fs.existsSync(binary)) return { binary: null, reason: `go install failed: ${(built.stderr || built.error?.message || '').trim().slice(-300)}` };
  return { binary };
}

/** kubeconform's file name for a kind: `deployment-apps-v1.json`, `service-v1.json` (the group up to its first dot). */
function schemaFileName(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const suffix = group ? `-${group.split('.')[0]}-${version}` : `-${version}`;
  return `${kind.toLowerCase()}${suffix}.json`.toLowerCase();
}

/** Writes one standalone schema per kind of the repository's schemas into `dir`; returns how many. */
export function writeKubeconformSchemas(dir) {
  const source = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'kubernetes-1.36.json'), 'utf8'));
  fs.mkdirSync(dir, { recursive: true });
  let written = 0;
  for (const [key, definition] of Object.entries(source.kinds)) {
    const slash = key.lastIndexOf('/');
    const needed = new Set();
    const visit = (name) => {
      if (needed.has(name)) return;
      needed.add(name);
      JSON.stringify(source.definitions[name]).replace(/"#\/definitions\/([^"]+)"/g, (_, referenced) => (visit(referenced), ''));
    };
    visit(definition);
    const definitions = Object.fromEntries([...needed].map((name) => [name, source.definitions[name]]));
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...source.definitions[definition], definitions };
    fs.writeFileSync(path.join(dir, schemaFileName(key.slice(0, slash), key.slice(slash + 1))), JSON.stringify(schema));
    written++;
  }
  return written;
}

/** Runs kubeconform over `paths` once: wall time, peak memory, and its summary counts. */
export function kubeconformOnce(binary, schemaDir, paths, timeoutMs) {
  const t = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', binary, '-summary', '-output', 'json', '-strict', '-ignore-missing-schemas', '-schema-location', `${schemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, ...paths], {
    encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 2 ** 20,
  });
  const ms = performance.now() - t;
  if (run.status !== 0 && run.status !== 1) throw new Error(`kubeconform exited ${run.status} ${run.signal ?? ''}: ${String(run.stderr).slice(-500)}`);
  const peakKB = Number(String(run.stderr).trim().split('\n').at(-1));
  let summary = null;
  try {
    summary = JSON.parse(run.stdout).summary;
  } catch { /* reported as null */ }
  return { ms, peakKB, summary };
}
