// Builds everything that ships: the standalone schema validators, then one esbuild bundle each for the language
// server, the command line and the VS Code extension (with its cluster commands in a bundle of their own).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildBundles } from './bundles.mjs';
import { repoRoot } from './shared-data.mjs';

execFileSync(process.execPath, [path.join(repoRoot, 'scripts/gen-validators.mjs')], { stdio: 'inherit' });
await buildBundles(['server', 'indexingWorker', 'cli', 'lintWorker', 'extension', 'cluster'], { outdir: path.join(repoRoot, 'dist') });
console.log('build: dist/server.js, dist/indexing-worker.js, dist/cli.js, dist/lint-worker.js, dist/extension.js, dist/cluster.js');
