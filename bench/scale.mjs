// The scale benchmark of issue #8, run by `npm run bench` (bench/run.mjs) or on its own:
//
//   node bench/scale.mjs [--quick] [--files 5000] [--runs 3] [--hovers 200] [--yls-files all|N] [--timeout-ms 180000]
//
// On the workspace of bench/scale-corpus.mjs (written to bench/.out/scale/workspace-<files>/) it measures:
//   1. Kubeward's language server (dist/server.js over stdio), `runs` fresh processes:
//      index time (from sending `initialized` to the server's "Indexed N workspace files in X ms" log message,
//      cross-checked with kubeward/workloadNamespaces listing every namespace), peak memory (VmHWM), then with
//      one RBAC file open: effective-access hovers on two binding subjects and kubeward/whoCan questions.
//   2. One more process where the file is opened right after `initialized` and hovered every 100 ms while
//      the initial indexing runs: are hovers answered during indexing, and how fast.
//   3. `kubeward lint DIR` wall time (CLI, fresh process) and MB/s over the same files, beside yaml-language-server
//      validating them with the Kubernetes schema (every file opened at once, until each one's first
//      publishDiagnostics), on a fixed subset when --yls-files is a number, extrapolated by bytes.
//   4. `kubeward diff` between two commits of the files that differ in 20 of them (bench/diff.mjs).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { lookupSection, median, percentile } from './lsp-driver.mjs';
import { writeScaleWorkspace } from './scale-corpus.mjs';
import { KUBECONFORM_VERSION, kubeconformBinary, kubeconformOnce, writeKubeconformSchemas } from './kubeconform.mjs';
import { runDiffBench } from './diff.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

export const SCALE_TARGETS = { indexMs: 5000, cachedIndexMs: 1000, peakMB: 300, hoverP99Ms: 10, lintVsYls: 10 };

// ---------------------------------------------------------------- process hygiene
const live = new Set();
process.on('exit', () => { for (const c of live) try { c.kill('SIGKILL'); } catch { /* gone */ } });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms waiting for ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}
function procStatus(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)\\s+kB`, 'm').exec(s)?.[1] ?? NaN);
    return { hwmKB: kb('VmHWM'), rssKB: kb('VmRSS') };
  } catch {
    return { hwmKB: null, rssKB: null };
  }
}
/** Other heavy work on the machine (builds of the test cluster, test runs), by command line, for the report. */
function busyProcesses() {
  const run = spawnSync('pgrep', ['-fa', 'go build|kube-apiserver|node --test|tsc -b|esbuild'], { encoding: 'utf8' });
  return (run.stdout ?? '').split('\n').filter(Boolean).map((l) => l.replace(/^\d+\s+/, '').slice(0, 80));
}
export function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return null;
  return { median: median(v), p90: percentile(v, 0.9), p99: percentile(v, 0.99), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

/** A minimal LSP client over stdio: spawn, answer the server's requests, collect logs and publishes. */
function startServer({ command, args, settings, folder, logFile, name }) {
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  live.add(child);
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => { exited = { code, signal }; live.delete(child); resolve(exited); });
    child.once('error', (error) => { exited = { error: String(error) }; live.delete(child); resolve(exited); });
  });
  let stderrTail = '';
  const log = logFile ? fs.createWriteStream(logFile) : null;
  child.stderr.on('data', (d) => { log?.write(d); stderrTail = (stderrTail + d).slice(-2000); });
  child.stdin.on('error', () => {});
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const died = exit.then((e) => { throw new Error(`${name} exited early (${JSON.stringify(e)}); stderr tail:\n${stderrTail}`); });
  died.catch(() => {});
  const logListeners = [];
  const publishListeners = [];
  const progressListeners = [];
  const folderUri = pathToFileURL(folder).href;
  connection.onRequest('workspace/configuration', (p) => (p?.items ?? []).map((item) => lookupSection(settings, item.section)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/workspaceFolders', () => [{ uri: folderUri, name: path.basename(folder) }]);
  connection.onRequest(() => null);
  connection.onNotification('window/logMessage', (p) => { log?.write(`[logMessage ${p.type}] ${p.message}\n`); for (const l of logListeners) l(p, performance.now()); });
  connection.onNotification('$/progress', (p) => { for (const l of progressListeners) l(p, performance.now()); });
  connection.onNotification('textDocument/publishDiagnostics', (p) => { for (const l of publishListeners) l(p, performance.now()); });
  connection.onNotification(() => {});
  connection.onError(() => {});
  connection.onClose(() => {});
  connection.listen();
  const request = (method, params, timeoutMs, what = method) =>
    withTimeout(Promise.race([connection.sendRequest(method, params), died]), timeoutMs, what);
  return {
    child, connection, request, died, logListeners, publishListeners, progressListeners, folderUri,
    async initialize(timeoutMs, initializationOptions) {
      return request('initialize', {
        ...(initializationOptions ? { initializationOptions } : {}),
        processId: process.pid,
        clientInfo: { name: 'kubeward-bench-scale', version: '1' },
        rootUri: folderUri,
        workspaceFolders: [{ uri: folderUri, name: path.basename(folder) }],
        capabilities: {
          window: { workDoneProgress: true },
          workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: true },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
          },
        },
      }, timeoutMs);
    },
    async stop() {
      try {
        await withTimeout(Promise.race([connection.sendRequest('shutdown'), died]), 5000, 'shutdown');
        await connection.sendNotification('exit');
      } catch { /* killed below */ }
      await withTimeout(exit, 5000, 'exit').catch(() => {});
      connection.dispose();
      if (!exited) { child.kill('SIGKILL'); await withTimeout(exit, 2000, 'kill').catch(() => {}); }
      live.delete(child);
      log?.end();
    },
  };
}

// ---------------------------------------------------------------- what to hover
/** Positions (0-based) of the name values of the first ServiceAccount subject and the first Group subject. */
function hoverSites(text) {
  const lines = text.split('\n');
  const sites = {};
  let inSubjects = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === 'subjects:') inSubjects = true;
    else if (/^[^\s-]|^---/.test(lines[i])) inSubjects = false;
    if (!inSubjects) continue;
    const m = /^- kind: (ServiceAccount|Group)$/.exec(lines[i]);
    if (!m) continue;
    const key = m[1] === 'ServiceAccount' ? 'serviceAccount' : 'group';
    if (sites[key]) continue;
    for (let j = i + 1; j < lines.length && lines[j].startsWith('  '); j++) {
      const n = /^(  name: )(.+)$/.exec(lines[j]);
      if (n) { sites[key] = { line: j, character: n[1].length + 1, name: n[2] }; break; }
    }
  }
  return sites;
}
const hoverText = (h) => {
  const c = h?.contents;
  return !c ? '' : typeof c === 'string' ? c : Array.isArray(c) ? c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n') : (c.value ?? '');
};

// ---------------------------------------------------------------- Kubeward sessions
const INDEXED = /^Indexed (\d+) workspace files in (\d+) ms/;

/**
 * mode 'steady': index first, then open, hover and ask who-can.
 * mode 'during': open right after `initialized` and hover every `intervalMs` until the index is complete.
 */
export async function kubewardSession(o) {
  // KUBEWARD_BENCH_NODE_ARGS: extra Node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.KUBEWARD_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const s = startServer({ name: 'Kubeward', command: process.execPath, args: [...nodeArgs, o.server, '--stdio'], settings: o.settings, folder: o.folder, logFile: o.logFile });
  const r = { mode: o.mode };
  try {
    let indexed = null;
    const indexDone = new Promise((resolve) => s.logListeners.push((p, t) => {
      const m = INDEXED.exec(p.message);
      if (m && !indexed) { indexed = { t, files: Number(m[1]), serverMs: Number(m[2]) }; resolve(indexed); }
    }));
    // Servers that report the scan as work-done progress: when its `end` arrives, as a cross-check of the log line.
    let progressEnd = null;
    s.progressListeners.push((p, t) => { if (p?.value?.kind === 'end' && progressEnd === null) progressEnd = t; });
    const tSpawn = performance.now();
    await s.initialize(o.timeoutMs, o.cacheFolder ? { cacheFolder: o.cacheFolder } : undefined);
    r.initializeMs = performance.now() - tSpawn;
    const t0 = performance.now();
    await s.connection.sendNotification('initialized', {});
    await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: o.settings });

    const uri = pathToFileURL(o.openFile).href;
    const text = fs.readFileSync(o.openFile, 'utf8');
    const sites = hoverSites(text);
    if (!sites.serviceAccount || !sites.group) throw new Error(`no ServiceAccount or Group subject in ${o.openFile}`);
    const open = async () => {
      const published = new Promise((resolve) => s.publishListeners.push((p, t) => { if (p.uri === uri) resolve({ t, count: p.diagnostics.length }); }));
      const t = performance.now();
      await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const p = await withTimeout(Promise.race([published, s.died]), o.timeoutMs, 'publishDiagnostics after didOpen');
      return { ms: p.t - t, diagnostics: p.count, beforeIndexDone: !indexed };
    };
    const hoverOnce = async (site) => {
      const t = performance.now();
      const h = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: site.line, character: site.character } }, o.timeoutMs, 'hover');
      return { ms: performance.now() - t, text: hoverText(h) };
    };

    if (o.mode === 'during') {
      r.open = await open();
      r.hovers = [];
      while (!indexed) {
        const sentBefore = !indexed;
        const h = await hoverOnce(sites.serviceAccount);
        r.hovers.push({ ms: h.ms, sentDuringIndexing: sentBefore, answeredDuringIndexing: !indexed, chars: h.text.length, bindings: Number(/through (\d+) binding/.exec(h.text)?.[1] ?? NaN) });
        await Promise.race([sleep(o.intervalMs), indexDone]);
      }
      await withTimeout(Promise.race([indexDone, s.died]), o.timeoutMs, 'the "Indexed" log message');
      r.indexMs = indexed.t - t0;
      r.indexServerMs = indexed.serverMs;
      r.indexedFiles = indexed.files;
      r.peak = procStatus(s.child.pid);
      return r;
    }

    await withTimeout(Promise.race([indexDone, s.died]), o.timeoutMs, 'the "Indexed" log message');
    r.indexMs = indexed.t - t0;
    r.indexServerMs = indexed.serverMs;
    r.indexedFiles = indexed.files;
    r.afterIndex = procStatus(s.child.pid);
    await sleep(50);
    r.progressEndMs = progressEnd === null ? null : progressEnd - t0;
    const tn = performance.now();
    const ns = await s.request('kubeward/workloadNamespaces', null, o.timeoutMs);
    r.workloadNamespacesMs = performance.now() - tn;
    r.workloadNamespaces = ns?.namespaces?.length ?? 0;

    r.open = await open();
    r.hover = {};
    for (const [key, site] of Object.entries({ serviceAccount: sites.serviceAccount, group: sites.group })) {
      const first = await hoverOnce(site);
      const times = [];
      let last = first;
      for (let i = 0; i < o.hovers; i++) {
        last = await hoverOnce(site);
        times.push(last.ms);
      }
      r.hover[key] = {
        subject: site.name, firstMs: first.ms, times, chars: last.text.length,
        bindings: Number(/through (\d+) binding/.exec(last.text)?.[1] ?? NaN),
      };
    }
    r.whoCan = [];
    for (const q of o.whoCanQuestions) {
      const times = [];
      let rows = 0;
      for (let i = 0; i < o.whoCanRepeats; i++) {
        const t = performance.now();
        const a = await s.request('kubeward/whoCan', { ...q, source: 'workspace' }, o.timeoutMs, 'whoCan');
        times.push(performance.now() - t);
        rows = (a?.markdown?.match(/^\| (?!subject|---)/gm) ?? []).length;
      }
      r.whoCan.push({ question: q, firstMs: times[0], times, rows });
    }
    r.peak = procStatus(s.child.pid);
    return r;
  } finally {
    await s.stop();
  }
}

// ---------------------------------------------------------------- yaml-language-server validation
async function ylsValidate(o) {
  const s = startServer({ name: 'yaml-language-server', command: process.execPath, args: [o.ylsBin, '--stdio'], settings: o.settings, folder: o.folder, logFile: o.logFile });
  try {
    await s.initialize(o.timeoutMs);
    await s.connection.sendNotification('initialized', {});
    await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: o.settings });
    await sleep(250);
    const want = new Map(o.files.map((f) => [pathToFileURL(f).href, f]));
    const got = new Map();
    let resolveAll;
    const all = new Promise((resolve) => { resolveAll = resolve; });
    s.publishListeners.push((p, t) => {
      if (want.has(p.uri) && !got.has(p.uri)) {
        got.set(p.uri, { t, count: p.diagnostics.length });
        if (got.size === want.size) resolveAll();
      }
    });
    const t0 = performance.now();
    for (const [uri, file] of want) {
      await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: o.texts.get(file) } });
    }
    const tSent = performance.now() - t0;
    await withTimeout(Promise.race([all, s.died]), o.timeoutMs, `publishDiagnostics for ${want.size} files (got ${got.size})`);
    const last = Math.max(...[...got.values()].map((g) => g.t));
    const diagnostics = [...got.values()].reduce((a, g) => a + g.count, 0);
    return { ms: last - t0, sendMs: tSent, files: want.size, diagnostics, filesWithDiagnostics: [...got.values()].filter((g) => g.count > 0).length, peak: procStatus(s.child.pid) };
  } finally {
    await s.stop();
  }
}

// ---------------------------------------------------------------- kubeward lint (CLI)
function lintOnce(paths, outFile, timeoutMs, extra = []) {
  const fd = fs.openSync(outFile, 'w');
  const t = performance.now();
  // /usr/bin/time reports the peak resident memory (KB) as the last line of stderr.
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(repoRoot, 'bin', 'kubeward.js'), 'lint', ...paths, '--format', 'json', ...extra],
    { cwd: repoRoot, stdio: ['ignore', fd, 'pipe'], timeout: timeoutMs, maxBuffer: 64 * 2 ** 20, env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = performance.now() - t;
  fs.closeSync(fd);
  if (run.status !== 0 && run.status !== 1) throw new Error(`kubeward lint exited ${run.status} ${run.signal ?? ''}: ${String(run.stderr).slice(-500)}`);
  const peakKB = Number(String(run.stderr).trim().split('\n').at(-1));
  let findings = null;
  try {
    findings = JSON.parse(fs.readFileSync(outFile, 'utf8')).files.reduce((a, f) => a + (f.findings?.length ?? 0), 0);
  } catch { /* reported as null */ }
  return { ms, findings, exitCode: run.status, peakKB };
}

// ---------------------------------------------------------------- the whole benchmark
export async function runScale(o) {
  const log = o.log ?? console.log;
  const outDir = o.outDir;
  const logDir = path.join(outDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const conditions = { loadavgBefore: os.loadavg(), busyBefore: busyProcesses() };
  const tGen = performance.now();
  const ws = writeScaleWorkspace(path.join(outDir, 'scale', `workspace-${o.files}`), { files: o.files });
  const genMs = performance.now() - tGen;
  const mib = ws.bytes / 1e6;
  log(`scale: workspace ${path.relative(repoRoot, ws.dir)}: ${ws.files.length} files, ${mib.toFixed(1)} MB, ${ws.counts.rules} RBAC rules, ${ws.counts.namespaces} namespaces (written/checked in ${Math.round(genMs)} ms)`);

  const middleNs = ws.namespaces[Math.floor(ws.namespaces.length / 2)];
  const openFile = path.join(ws.dir, 'namespaces', middleNs, 'rbac', 'access-00.yaml');
  const whoCanQuestions = [
    { verb: 'get', resource: 'secrets', namespace: middleNs },
    { verb: 'create', resource: 'pods/exec', namespace: ws.namespaces[ws.namespaces.length - 1] },
    { verb: 'list', resource: 'nodes' },
  ];
  const result = {
    workspace: { dir: path.relative(repoRoot, ws.dir), files: ws.files.length, bytes: ws.bytes, ...ws.counts, openFile: path.relative(ws.dir, openFile) },
    targets: SCALE_TARGETS,
    config: { runs: o.runs, hovers: o.hovers, whoCanRepeats: o.whoCanRepeats, ylsFiles: o.ylsFiles, lintRuns: o.lintRuns, intervalMs: 100 },
    kubeward: null, during: null, lint: null, yls: null, errors: [], verdicts: {},
  };

  // 1. steady-state sessions
  if (o.kubewardServer) {
    const sessions = [];
    for (let i = 0; i < o.runs; i++) {
      try {
        const r = await kubewardSession({
          mode: 'steady', server: o.kubewardServer, settings: { kubeward: {} }, folder: ws.dir, openFile, hovers: o.hovers,
          whoCanQuestions, whoCanRepeats: o.whoCanRepeats, timeoutMs: o.timeoutMs, logFile: path.join(logDir, `scale-kubeward-run${i + 1}.log`),
        });
        sessions.push(r);
        log(`scale: Kubeward run ${i + 1}/${o.runs}: indexed ${r.indexedFiles} files in ${Math.round(r.indexMs)} ms (server says ${r.indexServerMs} ms), ` +
          `${r.workloadNamespaces} workload namespaces, peak ${Math.round(r.peak.hwmKB / 1024)} MB, open ${Math.round(r.open.ms)} ms, ` +
          `hover SA median ${median(r.hover.serviceAccount.times).toFixed(2)} ms (first ${r.hover.serviceAccount.firstMs.toFixed(1)} ms), ` +
          `group median ${median(r.hover.group.times).toFixed(2)} ms, who-can ${r.whoCan.map((w) => `${median(w.times).toFixed(1)} ms/${w.rows} rows`).join(', ')}`);
      } catch (error) {
        log(`scale: Kubeward run ${i + 1} failed: ${error.message}`);
        result.errors.push({ part: 'kubeward', message: error.message });
      }
    }
    // Sessions with an index cache folder: the first writes the cache, the others start from it with nothing changed.
    const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-index-cache-'));
    const cached = [];
    try {
      for (let i = 0; i <= o.runs; i++) {
        const r = await kubewardSession({
          mode: 'steady', server: o.kubewardServer, settings: { kubeward: {} }, folder: ws.dir, openFile, hovers: 1, cacheFolder,
          whoCanQuestions, whoCanRepeats: 1, timeoutMs: o.timeoutMs, logFile: path.join(logDir, `scale-kubeward-cached${i}.log`),
        });
        log(`scale: Kubeward ${i === 0 ? 'writing the index cache' : `from the index cache, run ${i}/${o.runs}`}: indexed ${r.indexedFiles} files in ${Math.round(r.indexMs)} ms, peak ${Math.round(r.peak.hwmKB / 1024)} MB`);
        if (i > 0) cached.push(r);
      }
      result.kubewardCached = { runs: cached.length, indexMs: stats(cached.map((r) => r.indexMs)), peakKBMax: Math.max(...cached.map((r) => r.peak.hwmKB)) };
    } catch (error) {
      log(`scale: Kubeward with the index cache failed: ${error.message}`);
      result.errors.push({ part: 'kubeward-cached', message: error.message });
    } finally {
      fs.rmSync(cacheFolder, { recursive: true, force: true });
    }
    if (sessions.length) {
      const pool = (key) => sessions.flatMap((s) => s.hover[key].times);
      result.kubeward = {
        runs: sessions.length,
        initializeMs: stats(sessions.map((s) => s.initializeMs)),
        indexMs: stats(sessions.map((s) => s.indexMs)),
        indexServerMs: stats(sessions.map((s) => s.indexServerMs)),
        indexedFiles: sessions[0].indexedFiles,
        progressEndMs: stats(sessions.map((s) => s.progressEndMs)),
        workloadNamespaces: sessions.map((s) => s.workloadNamespaces),
        workloadNamespacesMs: stats(sessions.map((s) => s.workloadNamespacesMs)),
        afterIndexRssKB: stats(sessions.map((s) => s.afterIndex.rssKB)),
        afterIndexHwmKB: stats(sessions.map((s) => s.afterIndex.hwmKB)),
        peakKB: stats(sessions.map((s) => s.peak.hwmKB)),
        peakKBMax: Math.max(...sessions.map((s) => s.peak.hwmKB)),
        openMs: stats(sessions.map((s) => s.open.ms)),
        openDiagnostics: sessions[0].open.diagnostics,
        hover: Object.fromEntries(['serviceAccount', 'group'].map((k) => [k, {
          subject: sessions[0].hover[k].subject, bindings: sessions[0].hover[k].bindings, chars: sessions[0].hover[k].chars,
          firstMs: stats(sessions.map((s) => s.hover[k].firstMs)), ms: stats(pool(k)),
        }])),
        whoCan: whoCanQuestions.map((q, i) => ({
          question: q, rows: sessions[0].whoCan[i].rows,
          firstMs: stats(sessions.map((s) => s.whoCan[i].firstMs)), ms: stats(sessions.flatMap((s) => s.whoCan[i].times)),
        })),
        perRun: sessions.map((s) => ({ indexMs: s.indexMs, indexServerMs: s.indexServerMs, peakKB: s.peak.hwmKB, afterIndexRssKB: s.afterIndex.rssKB, openMs: s.open.ms })),
      };
    }

    // 2. hovers while the initial indexing runs
    try {
      const r = await kubewardSession({
        mode: 'during', server: o.kubewardServer, settings: { kubeward: {} }, folder: ws.dir, openFile, intervalMs: 100,
        timeoutMs: o.timeoutMs, logFile: path.join(logDir, 'scale-kubeward-during.log'),
      });
      const during = r.hovers.filter((h) => h.answeredDuringIndexing);
      result.during = {
        openMs: r.open.ms, openBeforeIndexDone: r.open.beforeIndexDone, indexMs: r.indexMs, indexServerMs: r.indexServerMs, peakKB: r.peak.hwmKB,
        hoversSent: r.hovers.length, hoversAnsweredDuringIndexing: during.length,
        firstHover: r.hovers[0] ?? null,
        ms: stats(during.map((h) => h.ms)),
        bindingsSeen: [Math.min(...during.map((h) => h.bindings)), Math.max(...during.map((h) => h.bindings))],
        hovers: r.hovers,
      };
      log(`scale: hovers during indexing: ${during.length} of ${r.hovers.length} answered before the index was complete, ` +
        `first ${r.hovers[0] ? r.hovers[0].ms.toFixed(1) : '—'} ms, median ${result.during.ms ? result.during.ms.median.toFixed(1) : '—'} ms, max ${result.during.ms ? result.during.ms.max.toFixed(1) : '—'} ms; ` +
        `indexing took ${Math.round(r.indexMs)} ms in that run`);
    } catch (error) {
      log(`scale: hover-during-indexing run failed: ${error.message}`);
      result.errors.push({ part: 'during', message: error.message });
    }
  }

  // 3. lint throughput vs yaml-language-server
  const step = o.ylsFiles === 'all' ? 1 : Math.max(1, Math.round(ws.files.length / Number(o.ylsFiles)));
  const subset = ws.files.filter((_, i) => i % step === 0);
  const subsetBytes = subset.reduce((a, f) => a + Buffer.byteLength(ws.texts.get(f)), 0);
  try {
    const full = [];
    const part = [];
    for (let i = 0; i < o.lintRuns; i++) {
      full.push(lintOnce([ws.dir], path.join(outDir, 'scale', 'lint.json'), o.timeoutMs));
      if (subset.length < ws.files.length) part.push(lintOnce(subset, path.join(outDir, 'scale', 'lint-subset.json'), o.timeoutMs));
    }
    // --cache: one run writes the cache, the others find nothing changed.
    const cacheFile = path.join(outDir, 'scale', 'lint.kubewardcache');
    fs.rmSync(cacheFile, { force: true });
    const cached = [];
    for (let i = 0; i <= o.lintRuns; i++) {
      const run = lintOnce([ws.dir], path.join(outDir, 'scale', 'lint-cached.json'), o.timeoutMs, ['--cache-location', cacheFile]);
      if (i > 0) cached.push(run);
    }
    result.lint = {
      cached: { ms: stats(cached.map((x) => x.ms)), peakKBMax: Math.max(...cached.map((x) => x.peakKB)), findings: cached[0].findings },
      peakKBMax: Math.max(...full.map((x) => x.peakKB)),
      files: ws.files.length, bytes: ws.bytes, ms: stats(full.map((x) => x.ms)), findings: full[0].findings,
      mbPerS: ws.bytes / 1e6 / (median(full.map((x) => x.ms)) / 1000),
      subset: part.length ? { files: subset.length, bytes: subsetBytes, ms: stats(part.map((x) => x.ms)), findings: part[0].findings, mbPerS: subsetBytes / 1e6 / (median(part.map((x) => x.ms)) / 1000) } : null,
    };
    log(`scale: kubeward lint ${ws.files.length} files: median ${Math.round(result.lint.ms.median)} ms, ${result.lint.mbPerS.toFixed(2)} MB/s, ${result.lint.findings} findings` +
      (result.lint.subset ? `; the ${subset.length}-file subset: ${Math.round(result.lint.subset.ms.median)} ms, ${result.lint.subset.mbPerS.toFixed(2)} MB/s` : ''));
  } catch (error) {
    log(`scale: kubeward lint failed: ${error.message}`);
    result.errors.push({ part: 'lint', message: error.message });
  }
  // kubeconform on the same files, with schemas generated from the repository's.
  try {
    const { binary, reason } = kubeconformBinary(log);
    if (!binary) throw new Error(reason);
    const schemaDir = path.join(outDir, 'scale', 'kubeconform-schemas');
    const kinds = writeKubeconformSchemas(schemaDir);
    const runs = [];
    for (let i = 0; i < o.lintRuns; i++) runs.push(kubeconformOnce(binary, schemaDir, [ws.dir], o.timeoutMs));
    result.kubeconform = {
      version: KUBECONFORM_VERSION, kinds, files: ws.files.length, bytes: ws.bytes, ms: stats(runs.map((x) => x.ms)), peakKBMax: Math.max(...runs.map((x) => x.peakKB)),
      summary: runs[0].summary, mbPerS: ws.bytes / 1e6 / (median(runs.map((x) => x.ms)) / 1000),
    };
    log(`scale: kubeconform ${ws.files.length} files: median ${Math.round(result.kubeconform.ms.median)} ms, peak ${Math.round(result.kubeconform.peakKBMax / 1024)} MB, ${JSON.stringify(result.kubeconform.summary)}`);
  } catch (error) {
    log(`scale: kubeconform failed: ${error.message}`);
    result.errors.push({ part: 'kubeconform', message: error.message });
  }
  // kubeward diff between two commits of the same files, 20 of them changed.
  try {
    result.diff = runDiffBench(ws.dir, { runs: o.lintRuns, timeoutMs: o.timeoutMs, log });
  } catch (error) {
    log(`scale: kubeward diff failed: ${error.message}`);
    result.errors.push({ part: 'diff', message: error.message });
  }
  if (o.yls) {
    try {
      const runs = [];
      for (let i = 0; i < o.ylsRuns; i++) {
        runs.push(await ylsValidate({
          ylsBin: o.yls.bin, settings: o.yls.settings(ws.dir), folder: ws.dir, files: subset, texts: ws.texts,
          timeoutMs: o.ylsTimeoutMs, logFile: path.join(logDir, `scale-yls-run${i + 1}.log`),
        }));
        const y = runs[runs.length - 1];
        log(`scale: yaml-language-server ${y.files} files: ${Math.round(y.ms)} ms until every file had diagnostics, ${y.diagnostics} diagnostics in ${y.filesWithDiagnostics} files, peak ${Math.round(y.peak.hwmKB / 1024)} MB`);
      }
      const ms = median(runs.map((y) => y.ms));
      result.yls = {
        label: o.yls.label, schema: o.yls.schema, glob: o.yls.glob(path.relative(repoRoot, ws.dir).startsWith('..') ? ws.dir : `…/${path.relative(repoRoot, ws.dir)}`), files: subset.length, bytes: subsetBytes, subset: subset.length < ws.files.length, step,
        ms: stats(runs.map((y) => y.ms)), mbPerS: subsetBytes / 1e6 / (ms / 1000), diagnostics: runs[0].diagnostics, filesWithDiagnostics: runs[0].filesWithDiagnostics,
        extrapolatedMs: ms * (ws.bytes / subsetBytes), peakKB: stats(runs.map((y) => y.peak.hwmKB)),
      };
    } catch (error) {
      log(`scale: yaml-language-server failed: ${error.message}`);
      result.errors.push({ part: 'yls', message: error.message });
    }
  }

  result.conditions = { ...conditions, loadavgAfter: os.loadavg(), busyAfter: busyProcesses() };

  // verdicts
  const v = (value, ok) => ({ value, verdict: value == null || Number.isNaN(value) ? 'n/a' : ok(value) ? 'PASS' : 'MISS' });
  const k = result.kubeward;
  const hoverP99 = k ? Math.max(k.hover.serviceAccount.ms.p99, k.hover.group.ms.p99) : null;
  result.verdicts = {
    indexMs: v(k?.indexMs.median, (x) => x < SCALE_TARGETS.indexMs),
    peakMB: v(k ? k.peakKBMax / 1024 : null, (x) => x < SCALE_TARGETS.peakMB),
    cachedIndexMs: v(result.kubewardCached?.indexMs.median, (x) => x < SCALE_TARGETS.cachedIndexMs),
    hoverP99Ms: v(hoverP99, (x) => x < SCALE_TARGETS.hoverP99Ms),
    hoverDuringIndexing: v(result.during ? result.during.hoversAnsweredDuringIndexing : null, (x) => x > 0),
    lintVsYls: v(result.lint && result.yls ? result.lint.mbPerS / result.yls.mbPerS : null, (x) => x >= SCALE_TARGETS.lintVsYls),
  };
  if (o.files !== 5000) for (const x of Object.values(result.verdicts)) if (x.verdict !== 'n/a') x.note = `at ${o.files} files, not the issue's 5,000`;
  return result;
}

// ---------------------------------------------------------------- options
/**
 * Options from the command line (`opt(name, default)` reads `--name value`), shared by bench/run.mjs:
 * --scale-files (default 5000; --quick 500), --scale-runs (3; --quick 1), --scale-hovers (200; --quick 50),
 * --scale-yls-files (all, the default, or a number of files for a fixed subset), --scale-timeout-ms (180000).
 */
export function scaleOptions(opt, quick, { outDir = path.join(here, '.out') } = {}) {
  const files = Number(opt('scale-files', opt('files', quick ? 500 : 5000)));
  const timeoutMs = Number(opt('scale-timeout-ms', opt('timeout-ms', 180_000)));
  const ylsBin = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  const schema = path.join(repoRoot, 'schemas', 'kubernetes-1.36.json');
  const server = process.env.KUBEWARD_BENCH_SERVER ? path.resolve(process.env.KUBEWARD_BENCH_SERVER) : path.join(repoRoot, 'dist', 'server.js');
  let ylsVersion = 'unknown';
  try { ylsVersion = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')).version; } catch { /* not installed */ }
  const ylsFiles = String(opt('scale-yls-files', opt('yls-files', 'all')));
  return {
    outDir, files, timeoutMs, ylsTimeoutMs: Math.max(timeoutMs, 600_000),
    runs: Number(opt('scale-runs', opt('runs', quick ? 1 : 3))),
    hovers: Number(opt('scale-hovers', opt('hovers', quick ? 50 : 200))),
    whoCanRepeats: quick ? 5 : 20,
    lintRuns: quick ? 1 : 3,
    ylsRuns: 1,
    ylsFiles: ylsFiles === 'all' ? 'all' : Number(ylsFiles),
    kubewardServer: fs.existsSync(server) ? server : null,
    yls: fs.existsSync(ylsBin) && fs.existsSync(schema) ? {
      bin: ylsBin, label: `yaml-language-server ${ylsVersion}`, schema: path.relative(repoRoot, schema),
      // yaml-language-server prefixes every glob with **/, and its ** never enters a folder whose name starts with
      // a dot (bench/.out), so the glob spells out the workspace's absolute path.
      glob: (dir) => `${dir.replace(/^\//, '')}/**/*.yaml`,
      settings(dir) {
        return { yaml: { validate: true, hover: true, completion: false, schemaStore: { enable: false }, schemas: { [pathToFileURL(schema).href]: [this.glob(dir)] } } };
      },
    } : null,
  };
}

// ---------------------------------------------------------------- report
const fmtMs = (v) => (v == null ? '—' : v >= 100 ? `${Math.round(v)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);
const fmtMB = (kb) => (kb == null ? '—' : `${Math.round(kb / 1024)} MB`);
const n = (x) => x.toLocaleString('en-US');

export function scaleMarkdown(r, { machineNote = '' } = {}) {
  const out = [];
  const w = r.workspace;
  out.push(`Workspace: ${n(w.files)} files, ${(w.bytes / 1e6).toFixed(1)} MB, ${n(w.documents)} YAML documents: ${n(w.rules)} RBAC rules in ${n(w.roles)} Roles and ${n(w.clusterRoles)} ClusterRoles, ` +
    `${n(w.roleBindings)} RoleBindings and ${n(w.clusterRoleBindings)} ClusterRoleBindings with ${n(w.subjects)} subjects, ${n(w.deployments)} Deployments and Services, ${n(w.networkPolicies)} NetworkPolicies, ${n(w.namespaces)} namespaces ` +
    `(\`bench/scale-corpus.mjs\`, fixed seed, in \`${w.dir}/\`).`);
  out.push('');
  const k = r.kubeward;
  const row = (...c) => `| ${c.join(' | ')} |`;
  out.push(row('measure', 'result', 'target', 'verdict'), row('---', '---', '---', '---'));
  const vd = (x) => `${x.verdict}${x.note ? ` (${x.note})` : ''}`;
  if (k) {
    out.push(row(`index complete after \`initialized\` (median of ${k.runs}, min–max)`, `${fmtMs(k.indexMs.median)} (${fmtMs(k.indexMs.min)}–${fmtMs(k.indexMs.max)}); the server's own log says ${fmtMs(k.indexServerMs.median)}`, `< ${SCALE_TARGETS.indexMs / 1000} s`, vd(r.verdicts.indexMs)));
    const c = r.kubewardCached;
    if (c) out.push(row(`index complete after \`initialized\`, nothing changed since the last session (index cache; median of ${c.runs}, min–max)`, `${fmtMs(c.indexMs.median)} (${fmtMs(c.indexMs.min)}–${fmtMs(c.indexMs.max)}); peak ${fmtMB(c.peakKBMax)}`, `< ${SCALE_TARGETS.cachedIndexMs / 1000} s`, vd(r.verdicts.cachedIndexMs)));
    out.push(row('peak memory of the server (VmHWM, highest of the runs)', `${fmtMB(k.peakKBMax)} (${fmtMB(k.afterIndexHwmKB.median)} when the index was complete; RSS then ${fmtMB(k.afterIndexRssKB.median)})`, `< ${SCALE_TARGETS.peakMB} MB`, vd(r.verdicts.peakMB)));
    for (const key of ['serviceAccount', 'group']) {
      const h = k.hover[key];
      const label = key === 'serviceAccount' ? `ServiceAccount \`${h.subject}\`` : `Group \`${h.subject}\``;
      out.push(row(`effective-access hover on ${label} (${h.bindings} bindings), ${h.ms.n} hovers`, `median ${fmtMs(h.ms.median)}, p99 ${fmtMs(h.ms.p99)}, max ${fmtMs(h.ms.max)}; the first after indexing ${fmtMs(h.firstMs.median)}`, `p99 < ${SCALE_TARGETS.hoverP99Ms} ms`,
        key === 'serviceAccount' ? vd(r.verdicts.hoverP99Ms) : '(verdict on the worse of the two)'));
    }
  }
  const d = r.during;
  if (d) {
    out.push(row('hovers while the initial indexing runs (one every 100 ms on the open file)', `${d.hoversAnsweredDuringIndexing} of ${d.hoversSent} answered before indexing finished: first ${fmtMs(d.firstHover?.ms)}, median ${fmtMs(d.ms?.median)}, max ${fmtMs(d.ms?.max)}; indexing took ${fmtMs(d.indexMs)} in that run`, 'answered, not blocked', vd(r.verdicts.hoverDuringIndexing)));
  }
  if (r.lint) {
    const y = r.yls;
    const ratio = r.verdicts.lintVsYls.value;
    out.push(row(`\`kubeward lint\` throughput, ${n(r.lint.files)} files`, `${r.lint.mbPerS.toFixed(2)} MB/s (${fmtMs(r.lint.ms.median)} wall, ${n(r.lint.findings ?? 0)} findings)` +
      (y ? `; yaml-language-server ${y.mbPerS.toFixed(2)} MB/s${y.subset ? ` on ${n(y.files)} of the files` : ''}: ${ratio.toFixed(1)}×` : ''), `≥ ${SCALE_TARGETS.lintVsYls}× yaml-language-server`, vd(r.verdicts.lintVsYls)));
  }
  out.push('');
  if (k) {
    out.push(row('who-can question (kubeward/whoCan, source workspace)', 'subjects × rules listed', 'median', 'p99', 'first'), row('---', '---', '---', '---', '---'));
    for (const q of k.whoCan) out.push(row(`${q.question.verb} ${q.question.resource}${q.question.namespace ? ` in ${q.question.namespace}` : ' (cluster-wide)'}`, q.rows, fmtMs(q.ms.median), fmtMs(q.ms.p99), fmtMs(q.firstMs.median)));
    out.push('');
  }
  if (r.lint) {
    out.push(row('validation of the same files', 'files', 'MB', 'wall time', 'MB/s', 'diagnostics'), row('---', '---', '---', '---', '---', '---'));
    out.push(row(`\`kubeward lint DIR --format json\` (fresh process), peak ${fmtMB(r.lint.peakKBMax)}`, n(r.lint.files), (r.lint.bytes / 1e6).toFixed(1), fmtMs(r.lint.ms.median), r.lint.mbPerS.toFixed(2), n(r.lint.findings ?? 0)));
    if (r.lint.cached) out.push(row(`\`kubeward lint DIR --cache\`, nothing changed since the last run, peak ${fmtMB(r.lint.cached.peakKBMax)}`, n(r.lint.files), (r.lint.bytes / 1e6).toFixed(1), fmtMs(r.lint.cached.ms.median), (r.lint.bytes / 1e6 / (r.lint.cached.ms.median / 1000)).toFixed(2), n(r.lint.cached.findings ?? 0)));
    const kc = r.kubeconform;
    if (kc) {
      const counts = kc.summary ? `${n(kc.summary.valid)} valid, ${n(kc.summary.invalid)} invalid, ${n(kc.summary.errors)} errors, ${n(kc.summary.skipped)} skipped (no schema)` : '—';
      out.push(row(`kubeconform ${kc.version} -strict, schemas from schemas/kubernetes-1.36.json (${kc.kinds} kinds), peak ${fmtMB(kc.peakKBMax)}`, n(kc.files), (kc.bytes / 1e6).toFixed(1), fmtMs(kc.ms.median), kc.mbPerS.toFixed(2), counts));
    }
    if (r.diff) out.push(row(`\`kubeward diff --base HEAD~1 --head HEAD --format json\`, ${r.diff.changed} files changed between the commits, peak ${fmtMB(r.diff.peakKB)}`, n(r.diff.files), (r.lint.bytes / 1e6).toFixed(1), fmtMs(r.diff.ms.median), '—', `${r.diff.summary.subjectsGaining} subjects gain access, ${r.diff.summary.reachabilityChanges} pairs change, ${r.diff.summary.newFindings.error} new errors, ${r.diff.summary.admissionChanges} admissions change`));
    if (r.lint.subset) out.push(row('`kubeward lint` on the yaml-language-server subset', n(r.lint.subset.files), (r.lint.subset.bytes / 1e6).toFixed(1), fmtMs(r.lint.subset.ms.median), r.lint.subset.mbPerS.toFixed(2), n(r.lint.subset.findings ?? 0)));
    const y = r.yls;
    if (y) {
      out.push(row(`${y.label}, schema ${y.schema}${y.subset ? ', subset' : ''}`, n(y.files), (y.bytes / 1e6).toFixed(1), fmtMs(y.ms.median), y.mbPerS.toFixed(2), n(y.diagnostics)));
      if (y.subset) out.push(row('yaml-language-server, extrapolated to every file by bytes', n(r.lint.files), (r.lint.bytes / 1e6).toFixed(1), fmtMs(y.extrapolatedMs), y.mbPerS.toFixed(2), '—'));
    }
    out.push('');
  }
  const notes = [];
  if (machineNote) notes.push(machineNote);
  if (r.conditions) {
    const c = r.conditions;
    const busy = [...new Set([...c.busyBefore, ...c.busyAfter])];
    notes.push(`Load average (1 min) ${c.loadavgBefore[0].toFixed(2)} before and ${c.loadavgAfter[0].toFixed(2)} after the scale benchmark; ` +
      (busy.length ? `other heavy processes seen: ${busy.map((b) => `\`${b.split(' ').slice(0, 3).join(' ')}\``).join(', ')}.` : 'no other build or test run was seen before or after it.'));
  }
  if (k) notes.push(`Kubeward figures are from ${k.runs} fresh server processes (\`dist/server.js --stdio\`, settings \`{ kubeward: {} }\`, the workspace folder as the only folder); hover latencies pool ${r.config.hovers} hovers per subject per run after one untimed first hover, and who-can pools ${r.config.whoCanRepeats} requests per question per run. ` +
    `The index is complete when the server logs "Indexed N workspace files" (it indexed ${n(k.indexedFiles)})` +
    (k.progressEndMs ? `; its work-done progress for the scan ended ${fmtMs(k.progressEndMs.median)} after \`initialized\`` : '') +
    `; \`kubeward/workloadNamespaces\` then listed ${k.workloadNamespaces.join(', ')} namespaces (answered in ${fmtMs(k.workloadNamespacesMs.median)}). ` +
    `The open file is \`${w.openFile}\` (${k.openDiagnostics} diagnostics, published ${fmtMs(k.openMs.median)} after didOpen).`);
  if (r.lint) notes.push('Lint throughput is total bytes ÷ wall time of a fresh `node bin/kubeward.js lint` process, median of ' + `${r.config.lintRuns} runs, so it includes Node start-up and loading the CLI. MB are 10^6 bytes.`);
  if (r.yls) notes.push(`yaml-language-server is timed from the first of ${r.yls.subset ? `its ${n(r.yls.files)} files (every ${r.yls.step}th file in path order, ${((r.yls.bytes / r.lint.bytes) * 100).toFixed(0)}% of the bytes)` : 'the files'} being opened, all at once, to the first publishDiagnostics of the last one, in a server that was already initialized; it includes one 200 ms validation delay. ` +
    (r.yls.subset ? `Validating all ${n(r.lint.files)} files is extrapolated by bytes, which favours yaml-language-server if it slows down as more documents are open. ` : '') +
    `Its schema is mapped to the workspace's files with the glob \`${r.yls.glob ?? '**/*.yaml'}\`; it reported ${n(r.yls.diagnostics)} diagnostics in ${n(r.yls.filesWithDiagnostics)} files, peak memory ${fmtMB(r.yls.peakKB?.median)}.`);
  for (const e of r.errors) notes.push(`Failed: ${e.part}: ${e.message.split('\n')[0]}`);
  out.push(...notes);
  return out.join('\n');
}

// ---------------------------------------------------------------- stand-alone use
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return dflt;
    return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  };
  const r = await runScale(scaleOptions(opt, argv.includes('--quick')));
  const file = path.join(here, '.out', 'scale-results.json');
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  console.log('\n' + scaleMarkdown(r));
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}
