// Packages the VS Code extension into a .vsix with @vscode/vsce. Everything the extension needs is staged in a
// temporary folder first: the minified server and extension bundles, the manifest without development fields,
// the grammars, the icon and the documents. So the package holds no node_modules and no source maps, and the
// repository's own dist/ is never touched while tests use it.
//
//   node scripts/package.mjs [--out path/to/kubeward.vsix]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles } from './bundles.mjs';
import { repoRoot } from './shared-data.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const out = path.resolve(values.out ?? path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`));

const SHIPPED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png', 'syntaxes', 'snippets'];

const staging = mkdtempSync(path.join(os.tmpdir(), 'kubeward-package-'));
try {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/gen-validators.mjs')], { stdio: 'inherit' });
  await buildBundles(['server', 'indexingWorker', 'extension', 'cluster'], { outdir: path.join(staging, 'dist'), production: true });
  for (const item of SHIPPED) cpSync(path.join(repoRoot, item), path.join(staging, item), { recursive: true });
  const { scripts: _scripts, devDependencies: _dev, dependencies: _deps, bin: _bin, private: _private, ...extensionManifest } = manifest;
  const files = ['dist/server.js', 'dist/indexing-worker.js', 'dist/extension.js', 'dist/cluster.js', ...SHIPPED];
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ ...extensionManifest, files }, null, 2) + '\n');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: staging, stdio: 'inherit' });
  console.log(`package: ${path.relative(process.cwd(), out)} (${Math.round(statSync(out).size / 1024)} KiB)`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
