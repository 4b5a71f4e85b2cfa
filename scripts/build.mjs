// Builds everything that ships: the standalone schema validators, then one esbuild bundle each for the language
// server, the command line and the VS Code extension.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

execFileSync(process.execPath, [path.join(repoRoot, 'scripts/gen-validators.mjs')], { stdio: 'inherit' });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: repoRoot,
};

await Promise.all([
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
]);
console.log('build: dist/server.js, dist/cli.js, dist/extension.js');
