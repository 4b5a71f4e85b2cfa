// Makes sure the real editors the end-to-end tests drive are on this machine: Debian packages (chromium, neovim,
// build headers) and code-server in a cache folder outside the repo. Idempotent; when all is present it only runs
// one dpkg-query and checks a marker file, so `npm test` can call it every time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CODE_SERVER_VERSION, codeServerBin, codeServerMarker, codeServerPrefix, debianPackages,
} from './editor-paths.mjs';

const log = (message) => console.log(`setup-editors: ${message}`);
const seconds = (start) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

class SetupError extends Error {}

/** Runs a command with inherited output; throws a SetupError naming the command when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new SetupError(`\`${command} ${args.join(' ')}\` failed (${why})`);
  }
  return result;
}

function ensureDebianPackages() {
  // One dpkg-query for all packages; unknown ones print to stderr and are simply absent from stdout.
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...debianPackages], { encoding: 'utf8' });
  if (query.error) throw new SetupError(`cannot run dpkg-query (${query.error.message}); this script expects Debian/Ubuntu`);
  const installed = new Set(query.stdout.split('\n')
    .filter((line) => line.endsWith(' install ok installed'))
    .map((line) => line.split(' ')[0].split(':')[0]));
  const missing = debianPackages.filter((name) => !installed.has(name));
  if (missing.length === 0) return;

  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`missing Debian packages: ${missing.join(', ')}. Run: sudo apt-get update && sudo ${install}`);
  }
  const start = Date.now();
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  log(`Debian packages installed in ${seconds(start)}`);
}

/**
 * code-server's @vscode/ripgrep@1.15.11 postinstall downloads `rg` from GitHub, which is unreachable here. It first
 * looks in its cache folder under os.tmpdir(), so we put the `rg` that the npm package @vscode/ripgrep-linux-x64
 * ships there. The file name is tied to the ripgrep pinned by code-server 4.100.3.
 */
function seedRipgrepCache() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`not seeding the ripgrep cache on ${process.platform}-${process.arch}; the download needs GitHub access`);
    return;
  }
  const cacheFile = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(cacheFile)) return;
  const work = mkdtempSync(path.join(os.tmpdir(), 'kubeward-rg-'));
  try {
    run('npm', ['pack', '--silent', '--pack-destination', work, '@vscode/ripgrep-linux-x64@1.18.0'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    run('tar', ['xzf', path.join(work, 'vscode-ripgrep-linux-x64-1.18.0.tgz'), '-C', work, 'package/bin/rg']);
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    run('tar', ['czf', cacheFile, '-C', path.join(work, 'package', 'bin'), 'rg']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Environment for the nested npm: without the npm_config_* of an outer `npm test`, which would point the install at this repo. */
function npmEnv() {
  const env = Object.fromEntries(Object.entries(process.env)
    .filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)));
  return {
    ...env,
    // code-server's postinstall refuses to run as root without it (npm 11 dropped the --unsafe-perm flag).
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which otherwise stops to ask.
    npm_config_yes: 'true',
  };
}


function ensureCodeServer() {
  if (process.env.CODE_SERVER_BIN) {
    if (!existsSync(codeServerBin)) throw new SetupError(`CODE_SERVER_BIN=${codeServerBin} does not exist`);
    return;
  }
  if (existsSync(codeServerMarker) && existsSync(codeServerBin)) return;

  const start = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerPrefix} (takes about a minute)`);
  // A previous run stopped half-way (no marker): start from scratch rather than trust what npm left behind.
  rmSync(codeServerPrefix, { recursive: true, force: true });
  mkdirSync(codeServerPrefix, { recursive: true });
  writeFileSync(path.join(codeServerPrefix, 'package.json'), `${JSON.stringify({
    private: true,
    description: 'code-server for Kubeward end-to-end tests, installed by scripts/setup-editors.mjs',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
  }, null, 2)}\n`);
  seedRipgrepCache();
  run('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', codeServerPrefix],
    { cwd: codeServerPrefix, env: npmEnv() });

  const check = spawnSync(codeServerBin, ['--version'], { encoding: 'utf8' });
  // Its first run also logs "Wrote default config file ..." before the version line, so pick that line out.
  const version = check.stdout?.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (check.status !== 0 || !version) {
    throw new SetupError(`code-server was installed but \`${codeServerBin} --version\` failed:\n${check.stdout ?? ''}${check.stderr ?? ''}`);
  }
  writeFileSync(codeServerMarker, `${version}\n`);
  log(`code-server ${version} installed in ${seconds(start)}`);
}

const start = Date.now();
try {
  ensureDebianPackages();
  ensureCodeServer();
  log(`editors ready (${seconds(start)})`);
} catch (error) {
  console.error(`setup-editors: FAILED: ${error instanceof SetupError ? error.message : error?.stack ?? error}`);
  process.exit(1);
}
