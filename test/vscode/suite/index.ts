/**
 * The entry point VS Code's extension host loads (`extensionTestsPath`): it runs every `*.suite.js` beside it
 * with Mocha and rejects when a test fails, which makes the editor exit with a non-zero code.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.suite.js')).sort()) mocha.addFile(path.join(__dirname, file));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension test${failures === 1 ? '' : 's'} failed.`);
}
