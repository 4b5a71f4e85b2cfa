#!/usr/bin/env node
// Builds (once) the control-plane binaries the cluster tests run: kube-apiserver and kube-controller-manager from the
// k8s.io/kubernetes Go module, and etcd from go.etcd.io/etcd/server/v3; kubeadm, the judge of kubeadm configuration,
// with kubeadm-fields (kubeadm-fields/main.go), which prints the fields of kubeadm's configuration API; x509-judge
// (x509-judge/main.go, Go's crypto/x509 host name check); and netpol-judge, the NetworkPolicy oracle's
// judge (netpol-judge/main.go over cyclonus's matcher, github.com/mattfenwick/cyclonus). Binaries are cached under
// ${XDG_CACHE_HOME:-~/.cache}/kubeward/<component>-<version>/ with a `.complete` marker written only after a
// successful build, so only the first run pays (about 10-15 minutes and a few GB of Go build cache on 2 cores).
//
//   node test/cluster/build.mjs            ensure all binaries, print their paths
//   node test/cluster/build.mjs --print    print the paths, fail if something is not built yet
//
// Env: KUBEWARD_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/kubeward), KUBEWARD_BUILD_JOBS (go build -p, default 2).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KUBERNETES_VERSION = 'v1.36.3';
export const ETCD_VERSION = 'v3.6.16';
export const CYCLONUS_VERSION = 'v0.5.6';
/** The Go release k8s.io/kubernetes v1.36 declares in its go.mod (`go 1.26.0`). */
const MIN_GO = [1, 26];

export const cacheRoot = () =>
  process.env.KUBEWARD_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kubeward');

const kubeDir = () => path.join(cacheRoot(), `kubernetes-${KUBERNETES_VERSION}`);
const etcdDir = () => path.join(cacheRoot(), `etcd-${ETCD_VERSION}`);
const JUDGE_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'netpol-judge', 'main.go');
const X509_JUDGE_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'x509-judge', 'main.go');
/** Rebuilt whenever its source changes. */
const x509JudgeDir = () => path.join(cacheRoot(), `x509-judge-${createHash('sha256').update(readFileSync(X509_JUDGE_SOURCE)).digest('hex').slice(0, 12)}`);
const KUBEADM_FIELDS_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kubeadm-fields', 'main.go');
/** kubeadm and the field printer are rebuilt whenever the printer's source changes. */
const kubeadmDir = () => {
  const digest = createHash('sha256').update(readFileSync(KUBEADM_FIELDS_SOURCE)).digest('hex').slice(0, 12);
  return path.join(cacheRoot(), `kubeadm-${KUBERNETES_VERSION}-${digest}`);
};
/** The judge is rebuilt whenever its source or the patch below changes. */
const judgeDir = () => {
  const digest = createHash('sha256').update(readFileSync(JUDGE_SOURCE)).update(JSON.stringify(CYCLONUS_PATCH)).digest('hex').slice(0, 12);
  return path.join(cacheRoot(), `netpol-judge-cyclonus-${CYCLONUS_VERSION}-${digest}`);
};

/** Where the binaries are (or will be once built). */
export function binaryPaths() {
  return {
    kubeApiserver: path.join(kubeDir(), 'kube-apiserver'),
    kubeControllerManager: path.join(kubeDir(), 'kube-controller-manager'),
    etcd: path.join(etcdDir(), 'etcd'),
    kubeadm: path.join(kubeadmDir(), 'kubeadm'),
    kubeadmFields: path.join(kubeadmDir(), 'kubeadm-fields'),
    netpolJudge: path.join(judgeDir(), 'netpol-judge'),
    x509Judge: path.join(x509JudgeDir(), 'x509-judge'),
  };
}

/**
 * The patch applied to cyclonus before the judge is built, so that it selects labels as Kubernetes does
 * (apimachinery labels.Selector): a NotIn requirement matches a pod without the key, and a matchLabels entry needs the
 * key to be there even when its value is empty. Each replacement must find its text exactly, or the build stops.
 */
const CYCLONUS_PATCH = [
  {
    file: 'pkg/kube/labelselector.go',
    from: "//   even for NotIn -- if the key isn't there, it's not a match\n\t\t\treturn false",
    to: '//   kubeward: Kubernetes matches NotIn when the key is absent (apimachinery labels.Requirement)\n\t\t\treturn true',
  },
  {
    file: 'pkg/kube/labelselector.go',
    from: '\t\tif labels[key] != val {',
    to: '\t\tif actual, present := labels[key]; !present || actual != val {',
  },
];

/** Copies the cyclonus module into the build folder and applies CYCLONUS_PATCH. */
async function prepareCyclonus(buildDir) {
  const info = JSON.parse(await go(['mod', 'download', '-json', `github.com/mattfenwick/cyclonus@${CYCLONUS_VERSION}`], buildDir));
  if (info.Error) throw new Error(info.Error);
  const target = path.join(buildDir, 'cyclonus');
  rmSync(target, { recursive: true, force: true });
  cpSync(info.Dir, target, { recursive: true });
  for (const { file, from, to } of CYCLONUS_PATCH) {
    const where = path.join(target, file);
    chmodSync(where, 0o644);
    const text = readFileSync(where, 'utf8');
    if (!text.includes(from)) throw new Error(`cyclonus ${CYCLONUS_VERSION}: ${file} no longer holds the text the patch replaces`);
    writeFileSync(where, text.replace(from, to));
  }
  cpSync(JUDGE_SOURCE, path.join(buildDir, 'main.go'));
}

/** The field printer as the main package, and kubeadm's own command kept in the module graph for its build. */
async function prepareKubeadmFields(buildDir) {
  cpSync(KUBEADM_FIELDS_SOURCE, path.join(buildDir, 'main.go'));
  writeFileSync(path.join(buildDir, 'tools.go'), '//go:build tools\n\npackage main\n\nimport _ "k8s.io/kubernetes/cmd/kubeadm"\n');
}

const log = (message) => process.stderr.write(`[kubeward cluster build] ${message}\n`);
const seconds = (start) => ((Date.now() - start) / 1000).toFixed(1);
const mib = (file) => (statSync(file).size / 1048576).toFixed(1);

const GO_HELP =
  'Building the test control plane (kube-apiserver, kube-controller-manager, etcd) needs Go >= 1.26 on PATH ' +
  "(k8s.io/kubernetes v1.36 requires it). Debian 12's golang-go is 1.19, too old. Install the latest go1.26 " +
  'tarball from https://go.dev/dl (tar -C /usr/local -xzf go1.26.*.linux-amd64.tar.gz; export PATH=/usr/local/go/bin:$PATH); ' +
  'any Go >= 1.21 also works with GOTOOLCHAIN=auto (the default), which fetches go1.26 from the module proxy.';

function checkGo() {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`\`go\` was not found. ${GO_HELP}`);
  const version = result.stdout.trim();
  const match = /^go(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`Cannot parse the Go version "${version}". ${GO_HELP}`);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    // Go >= 1.21 switches toolchains itself (GOTOOLCHAIN=auto) when a go.mod asks for a newer one.
    if (minor < 21 || process.env.GOTOOLCHAIN === 'local') throw new Error(`Go ${version} is too old. ${GO_HELP}`);
    log(`Go ${version} is older than go${MIN_GO.join('.')}; relying on GOTOOLCHAIN=auto to fetch a newer toolchain.`);
  }
  return version;
}

function goEnv() {
  const env = { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim() };
  if (!env.GOMAXPROCS) env.GOMAXPROCS = '2';
  return env;
}

/** Runs go, streaming its output to stderr; rejects with the tail of the output on failure. */
function go(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd, env: goEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      output = (output + chunk.toString()).slice(-20000);
      if (process.env.KUBEWARD_BUILD_VERBOSE) process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`go ${args.join(' ')} failed (exit ${code}) in ${cwd}:\n${output.slice(-6000)}`));
    });
  });
}

/** Prints a heartbeat while a long step runs so CI logs do not look stuck. */
async function withHeartbeat(label, promise) {
  const start = Date.now();
  const timer = setInterval(() => log(`${label}: still running (${seconds(start)}s)`), 60000);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/**
 * k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/apiserver, ...) with ./staging/src/k8s.io/* and
 * requires them at v0.0.0. From outside, those need to be replaced by the published v0.<minor>.<patch> versions.
 */
async function kubernetesGoMod(buildDir) {
  const info = JSON.parse(await go(['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], buildDir));
  if (info.Error) throw new Error(info.Error);
  const upstream = readFileSync(info.GoMod, 'utf8');
  const staging = new Set([...upstream.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\//gm)].map((m) => m[1]));
  const required = [...upstream.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s+v0\.0\.0\b/gm)].map((m) => m[1]).filter((m) => staging.has(m));
  if (required.length === 0) throw new Error(`Found no staging modules in ${info.GoMod}; the module layout changed.`);
  const stagingVersion = KUBERNETES_VERSION.replace(/^v1\./, 'v0.');
  const goLine = /^go\s+(\S+)/m.exec(upstream)?.[1] ?? '1.26.0';
  return [
    'module kubeward.local/kubernetes-build',
    '',
    `go ${goLine}`,
    '',
    `require k8s.io/kubernetes ${KUBERNETES_VERSION}`,
    '',
    'replace (',
    ...[...new Set(required)].sort().map((m) => `\t${m} => ${m} ${stagingVersion}`),
    ')',
    '',
  ].join('\n');
}

const toolsGo = (imports) => `//go:build tools\n\npackage tools\n\nimport (\n${imports.map((i) => `\t_ "${i}"\n`).join('')})\n`;

/**
 * Runs fn holding `${dir}.lock` (a directory with the owner's pid), so concurrent test processes do not build into
 * the same place; a lock whose owner is gone is taken over.
 */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  let waitingSince;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner;
      try {
        owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        owner = undefined;
      }
      const alive = owner ? (() => { try { process.kill(owner, 0); return true; } catch (e) { return e.code === 'EPERM'; } })() : true;
      if (!alive) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waitingSince) {
        waitingSince = Date.now();
        log(`waiting for another build (pid ${owner ?? '?'}) holding ${lock}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function buildComponent(component) {
  const built = () => existsSync(path.join(component.dir, '.complete')) && component.packages.every(([binary]) => existsSync(path.join(component.dir, binary)));
  if (built()) return false;
  return withLock(component.dir, () => (built() ? false : buildUnlocked(component)));
}

async function buildUnlocked({ name, dir, goMod, packages, ldflags, prepare }) {
  const marker = path.join(dir, '.complete');
  const goVersion = checkGo();
  const buildDir = path.join(dir, 'src');
  mkdirSync(buildDir, { recursive: true });
  const started = Date.now();
  log(`${name}: preparing ${buildDir} (${goVersion})`);
  writeFileSync(path.join(buildDir, 'go.mod'), await goMod(buildDir));
  // A component with its own main package (prepare copies it in) builds that; others name their packages in tools.go.
  if (prepare) await prepare(buildDir);
  else writeFileSync(path.join(buildDir, 'tools.go'), toolsGo(packages.map(([, pkg]) => pkg)));
  await withHeartbeat(`${name}: go mod tidy`, go(['mod', 'tidy'], buildDir));
  log(`${name}: modules resolved (${seconds(started)}s)`);

  const timings = {};
  for (const [binary, pkg] of packages) {
    const start = Date.now();
    const target = path.join(dir, binary);
    const partial = `${target}.partial`;
    log(`${name}: go build ${pkg} (the first build compiles thousands of packages; expect minutes)`);
    const jobs = process.env.KUBEWARD_BUILD_JOBS || '2';
    await withHeartbeat(
      `${name}: building ${binary}`,
      go(['build', '-p', jobs, '-trimpath', `-ldflags=-s -w ${ldflags ?? ''}`.trim(), '-o', partial, pkg], buildDir),
    );
    renameSync(partial, target);
    timings[binary] = Number(seconds(start));
    log(`${name}: built ${binary} in ${seconds(start)}s (${mib(target)} MiB)`);
  }
  writeFileSync(marker, `${JSON.stringify({ goVersion, builtAt: new Date().toISOString(), seconds: timings }, null, 2)}\n`);
  log(`${name}: done in ${seconds(started)}s`);
  return true;
}

function kubeLdflags() {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const vars = { gitVersion: KUBERNETES_VERSION, gitMajor: major, gitMinor: minor, gitTreeState: 'clean', buildDate: '1970-01-01T00:00:00Z' };
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
    .flatMap((pkg) => Object.entries(vars).map(([k, v]) => `-X ${pkg}.${k}=${v}`))
    .join(' ');
}

/** Builds whatever is missing; resolves to the binary paths. Throws (never skips) when Go is missing or the build fails. */
export async function ensureBinaries() {
  mkdirSync(cacheRoot(), { recursive: true });
  await buildComponent({
    name: `etcd ${ETCD_VERSION}`,
    dir: etcdDir(),
    goMod: async () => `module kubeward.local/etcd-build\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 ${ETCD_VERSION}\n`,
    packages: [['etcd', 'go.etcd.io/etcd/server/v3']],
  });
  await buildComponent({
    name: `kubernetes ${KUBERNETES_VERSION}`,
    dir: kubeDir(),
    goMod: kubernetesGoMod,
    packages: [
      ['kube-apiserver', 'k8s.io/kubernetes/cmd/kube-apiserver'],
      ['kube-controller-manager', 'k8s.io/kubernetes/cmd/kube-controller-manager'],
    ],
    ldflags: kubeLdflags(),
  });
  await buildComponent({
    name: `kubeadm ${KUBERNETES_VERSION}`,
    dir: kubeadmDir(),
    goMod: kubernetesGoMod,
    prepare: prepareKubeadmFields,
    packages: [
      ['kubeadm', 'k8s.io/kubernetes/cmd/kubeadm'],
      ['kubeadm-fields', '.'],
    ],
    ldflags: kubeLdflags(),
  });
  await buildComponent({
    name: `netpol-judge (cyclonus ${CYCLONUS_VERSION})`,
    dir: judgeDir(),
    goMod: async () =>
      `module kubeward.local/netpol-judge\n\ngo 1.22.0\n\nrequire github.com/mattfenwick/cyclonus ${CYCLONUS_VERSION}\n\nreplace github.com/mattfenwick/cyclonus => ./cyclonus\n`,
    prepare: prepareCyclonus,
    packages: [['netpol-judge', '.']],
  });
  await buildComponent({
    name: 'x509-judge (Go crypto/x509)',
    dir: x509JudgeDir(),
    goMod: async () => 'module kubeward.local/x509-judge\n\ngo 1.22.0\n',
    prepare: async (buildDir) => cpSync(X509_JUDGE_SOURCE, path.join(buildDir, 'main.go')),
    packages: [['x509-judge', '.']],
  });
  // Leftovers from an interrupted build.
  for (const file of Object.values(binaryPaths())) rmSync(`${file}.partial`, { force: true });
  return binaryPaths();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const start = Date.now();
  try {
    if (process.argv.includes('--print')) {
      const paths = binaryPaths();
      const missing = Object.values(paths).filter((file) => !existsSync(file));
      if (missing.length) throw new Error(`Not built yet: ${missing.join(', ')}. Run node test/cluster/build.mjs`);
      console.log(JSON.stringify(paths, null, 2));
    } else {
      const paths = await ensureBinaries();
      for (const file of Object.values(paths)) log(`${file} (${mib(file)} MiB)`);
      log(`ready in ${seconds(start)}s`);
      console.log(JSON.stringify(paths, null, 2));
    }
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
