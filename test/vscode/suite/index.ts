/**
 * The entry point VS Code's extension host loads (`extensionTestsPath`): it runs the `*.suite.js` files beside it
 * whose name starts with one of the prefixes in KUBEWARD_SUITES (default "extension"; the cluster runner asks for
 * "cluster") with Mocha, and rejects when a test fails, which makes the editor exit with a non-zero code.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  const prefixes = (process.env.KUBEWARD_SUITES ?? 'extension').split(',');
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.suite.js') && prefixes.some((prefix) => name.startsWith(prefix)));
  if (files.length === 0) throw new Error(`No suite matches KUBEWARD_SUITES=${prefixes.join(',')}.`);
  for (const file of files.sort()) mocha.addFile(path.join(__dirname, file));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension test${failures === 1 ? '' : 's'} failed.`);
}
