// Where the real-editor test tools live. Shared by scripts/setup-editors.mjs (which installs them) and
// test/vscode/code-server-shim.mjs (which runs them), so both always agree on the same paths.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// 4.100.3 (VS Code 1.100.3) is the newest code-server that declares Node 20; later ones need Node 22+.
export const CODE_SERVER_VERSION = '4.100.3';

// Outside the repo so `git clean` or `rm -rf node_modules` does not cost a 50 s reinstall.
export const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kubeward');

/** npm prefix that code-server is installed into. */
export const codeServerPrefix = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);

/** Written only after `code-server --version` succeeded, so a half-finished install is redone. */
export const codeServerMarker = path.join(codeServerPrefix, '.kubeward-install-ok');

/** CODE_SERVER_BIN lets a machine use its own code-server and skip the install. */
export const codeServerBin = process.env.CODE_SERVER_BIN || path.join(codeServerPrefix, 'node_modules', '.bin', 'code-server');

/** Debian's chromium; playwright-core cannot download browsers here (no GitHub/CDN access). */
export const chromiumPath = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** Debian packages the real-editor tests need: a browser for the workbench, neovim as a second LSP client,
 *  and the headers code-server's native modules (kerberos) build against. */
export const debianPackages = ['chromium', 'neovim', 'libkrb5-dev', 'pkg-config'];
