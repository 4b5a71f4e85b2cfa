// Runs the compiled test files (out/test/**/*.test.js) with Node's test runner. Node 20 takes no glob, and given
// a directory it would also run the helper modules as if they were tests. `--fast` leaves out the tests that need
// real editors or the control plane (test/vscode, test/editors, test/cluster): the everyday inner loop.
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

const SLOW_FOLDERS = ['vscode', 'editors', 'cluster'].map((folder) => path.join(repoRoot, 'out', 'test', folder) + path.sep);
const fast = process.argv.includes('--fast');
const files = testFiles(path.join(repoRoot, 'out', 'test'))
  .filter((file) => !fast || !SLOW_FOLDERS.some((folder) => file.startsWith(folder)))
  .sort();
const nodeArguments = process.argv.slice(2).filter((argument) => argument !== '--fast');
const result = spawnSync(process.execPath, ['--test', ...nodeArguments, ...files], { stdio: 'inherit', cwd: repoRoot });
process.exitCode = result.status ?? 1;
