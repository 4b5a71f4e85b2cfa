// `kubeward diff` on the scale workspace (issue #21): the workspace is committed to a scratch git repository,
// 20 files change as a pull request would change them (8 RBAC files gain a verb, 6 Deployments move to the host's
// network, 6 namespaces' default-deny policies stop isolating egress), the change is committed, and `kubeward diff --base HEAD~1 --head
// HEAD --format json` runs in fresh processes (wall time and peak memory), beside one `kubeward lint` of the same
// files for scale.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 28 });

const EDITS = [
  { folder: '/rbac/', count: 8, edit: (text) => text.replace('verbs: ["get", "list", "watch"]', 'verbs: ["get", "list", "watch", "delete"]') },
  { folder: '/apps/', count: 6, edit: (text) => text.replace('    spec:\n      serviceAccountName:', '    spec:\n      hostNetwork: true\n      serviceAccountName:') },
  { folder: '/netpol/', count: 6, edit: (text) => (text.includes('name: default-deny') ? text.replace('policyTypes: ["Ingress", "Egress"]', 'policyTypes: ["Ingress"]') : text) },
];

/** Applies the 20 edits, each to files spread evenly over those it applies to; returns the changed files. */
function changeFiles(dir) {
  const files = git(dir, 'ls-files').split('\n').filter(Boolean);
  const changed = [];
  for (const { folder, count, edit } of EDITS) {
    const applicable = files.filter((file) => file.includes(folder)).flatMap((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const edited = edit(text);
      return edited === text ? [] : [{ file, edited }];
    });
    for (let i = 0; i < count && i < applicable.length; i++) {
      const { file, edited } = applicable[Math.floor((i * applicable.length) / count)];
      fs.writeFileSync(path.join(dir, file), edited);
      changed.push(file);
    }
  }
  return changed;
}

function timed(dir, args, timeoutMs) {
  const t = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(repoRoot, 'bin', 'kubeward.js'), ...args],
    { cwd: dir, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28, env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = performance.now() - t;
  if (run.status !== 0 && run.status !== 1) throw new Error(`kubeward ${args[0]} exited ${run.status} ${run.signal ?? ''}: ${run.stderr.slice(-500)}`);
  return { ms, peakKB: Number(run.stderr.trim().split('\n').at(-1)), stdout: run.stdout };
}

export function runDiffBench(workspaceDir, { runs = 3, timeoutMs = 300_000, log = console.log } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-diff-'));
  try {
    fs.cpSync(workspaceDir, dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const changed = changeFiles(dir);
    git(dir, 'commit', '-q', '-am', 'the change');
    const files = git(dir, 'ls-files').split('\n').filter(Boolean).length;
    const diffs = Array.from({ length: runs }, () => timed(dir, ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], timeoutMs));
    const lint = timed(dir, ['lint', '.', '--format', 'json'], timeoutMs);
    const summary = JSON.parse(diffs[0].stdout).summary;
    const ms = diffs.map((run) => run.ms).sort((a, b) => a - b);
    const result = { files, changed: changed.length, ms: { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms.at(-1) }, peakKB: Math.max(...diffs.map((run) => run.peakKB)), lintMs: lint.ms, lintPeakKB: lint.peakKB, summary };
    log(`scale: kubeward diff, ${files} files, ${changed.length} changed: median ${Math.round(result.ms.median)} ms, peak ${Math.round(result.peakKB / 1024)} MB (lint ${Math.round(lint.ms)} ms); ${JSON.stringify(summary)}`);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const workspace = process.argv[2] ?? path.join(repoRoot, 'bench', '.out', 'scale', 'workspace-5000');
  console.log(JSON.stringify(runDiffBench(workspace), null, 2));
}
