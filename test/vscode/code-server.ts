/**
 * Where the in-editor tests find code-server, the test shim and the code-server session helpers (typed here).
 * code-server is installed outside the repository by scripts/setup-editors.mjs (which `npm test` runs first);
 * without it the tests fail and say how to get it.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/paths';

export const SHIM_PATH = path.join(REPO_ROOT, 'test', 'vscode', 'code-server-shim.mjs');

interface EditorPaths {
  codeServerBin: string;
  chromiumPath: string;
}

/** A running code-server, from startCodeServer. */
export interface CodeServer {
  port: number;
  process: ChildProcess;
  /** Its last 200 chunks of output. */
  output(): string;
  /** Stops it and everything in its process group (extension host, file watcher). */
  stop(): Promise<void>;
}

/** What test/vscode/code-server-session.mjs exports (the part the TypeScript tests use). */
export interface CodeServerSession extends EditorPaths {
  /** Throws, saying to run `node scripts/setup-editors.mjs`, unless code-server and Chromium are installed. */
  requireEditors(): void;
  codeServerEnv(): NodeJS.ProcessEnv;
  writeUserSettings(userDataDir: string, extra?: Record<string, unknown>): void;
  startCodeServer(options: { userDataDir: string; extensionsDir: string; scratchDir: string; onOutput?: (chunk: Buffer) => void }): Promise<CodeServer>;
  workbenchUrl(port: number, target?: { folder?: string; workspace?: string }): string;
  launchChromium(profileDir: string, options?: { viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page }>;
}

// Variable specifiers keep tsc from resolving the untyped .mjs modules; the interfaces above type them.
const importScript = async <T>(...segments: string[]): Promise<T> => (await import(pathToFileURL(path.join(REPO_ROOT, ...segments)).href)) as T;

export const editorPaths = (): Promise<EditorPaths> => importScript<EditorPaths>('scripts', 'editor-paths.mjs');

export const codeServerSession = (): Promise<CodeServerSession> => importScript<CodeServerSession>('test', 'vscode', 'code-server-session.mjs');

/** The shim's path, after checking that code-server and Chromium are installed. */
export async function requireCodeServer(): Promise<string> {
  (await codeServerSession()).requireEditors();
  return SHIM_PATH;
}
