/**
 * Where the in-editor tests find code-server and the test shim. code-server is installed outside the repository
 * by scripts/setup-editors.mjs (which `npm test` runs first); without it the tests fail and say how to get it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths';

export const SHIM_PATH = path.join(REPO_ROOT, 'test', 'vscode', 'code-server-shim.mjs');

interface EditorPaths {
  codeServerBin: string;
  chromiumPath: string;
}

export async function editorPaths(): Promise<EditorPaths> {
  // A variable specifier keeps tsc from resolving the untyped .mjs module.
  const specifier = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'editor-paths.mjs')).href;
  return (await import(specifier)) as EditorPaths;
}

/** The shim's path, after checking that code-server and Chromium are installed. */
export async function requireCodeServer(): Promise<string> {
  const { codeServerBin, chromiumPath } = await editorPaths();
  for (const [name, file] of [['code-server', codeServerBin], ['Chromium', chromiumPath]]) {
    if (!existsSync(file)) throw new Error(`${name} is not installed at ${file}. Run \`node scripts/setup-editors.mjs\` (npm test does).`);
  }
  return SHIM_PATH;
}
