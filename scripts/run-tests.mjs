// Runs the compiled test files (out/test/**/*.test.js) with Node's test runner. Node 20 takes no glob, and given
// a directory it would also run the helper modules as if they were tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

function testFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const files = testFiles(path.join(repoRoot, 'out', 'test')).sort();
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...files], { stdio: 'inherit', cwd: repoRoot });
process.exitCode = result.status ?? 1;
