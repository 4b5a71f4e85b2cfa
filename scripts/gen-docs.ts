/**
 * Writes the files generated from rule metadata and settings (see generated-files.ts), or with --check lists the
 * stale ones and exits 1. Run through `npm run gen`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generated-files';

const repoRoot = path.resolve(__dirname, '..', '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [relativePath, content] of Object.entries(generatedFiles(repoRoot))) {
  const file = path.join(repoRoot, relativePath);
  if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
  if (check) {
    console.error(`stale generated file: ${relativePath} (run npm run gen)`);
    stale++;
  } else {
    writeFileSync(file, content);
    console.log(`wrote ${relativePath}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
