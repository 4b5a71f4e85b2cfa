// Drives one LSP server over stdio (vscode-jsonrpc) and times it.
//
// One session = one fresh server process:
//   spawn -> initialize -> initialized -> workspace/didChangeConfiguration
//   (a) didOpen -> first publishDiagnostics for the URI (and the version, if the server sends versions)
//   (c) one textDocument/hover on a key in the middle of the file
//   (b) N one-character incremental didChange -> next publishDiagnostics with the new version
//       (without versions: the next publish received after the change was sent), in two variants:
//       "end"    - a space inserted at the end of the last line, then deleted, alternately;
//       "middle" - a character inserted inside a scalar value in the middle of the file, then deleted.
//   (d) peak RSS of the server process (VmHWM from /proc/<pid>/status, Linux only)
//   shutdown -> exit.
// Every wait is bounded (default 60 s) and every server this module starts is killed when the
// session ends, fails, or when this process exits or is interrupted.
//
// CLI (ad-hoc use):
//   node bench/lsp-driver.mjs --file x.yaml [--settings settings.json] [--runs 3] [--changes 10] -- node server.js --stdio

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const DEFAULTS = {
  timeoutMs: 60_000, // per wait
  changes: 30, // per variant per session
  variants: ['end', 'middle'],
  settleMs: 100, // quiet time after each publish before the next edit (also counts extra publishes)
  configSettleMs: 250, // pause after didChangeConfiguration before didOpen
  shutdownMs: 5_000,
};

// ---------------------------------------------------------------- process hygiene
const live = new Set();
function killAll(signal = 'SIGKILL') {
  for (const child of live) {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}
process.on('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAll();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]);
  });
}

// ---------------------------------------------------------------- helpers
export function percentile(values, p) {
  if (!values.length) return null;
  const s = values.slice().sort((a, b) => a - b);
  const idx = (s.length - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return s[lo] + (s[hi] - s[lo]) * (idx - lo);
}
export const median = (v) => percentile(v, 0.5);

/** Looks up a dotted section ("yaml.schemas") in a settings object; undefined section = whole object. */
export function lookupSection(settings, section) {
  if (!section) return settings ?? null;
  if (settings && Object.prototype.hasOwnProperty.call(settings, section)) return settings[section];
  let cur = settings;
  for (const part of section.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return null;
    cur = cur[part];
  }
  return cur === undefined ? null : cur;
}

function readPeakRssKB(pid) {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Position (0-based line/character, UTF-16) of a text offset. */
function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** Edit sites: end of the last non-empty line; a scalar value near the middle; a key near the middle. */
export function editSites(text) {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last > 0 && lines[last] === '') last--;
  const mid = Math.floor(lines.length / 2);
  const around = (re) => {
    for (let d = 0; d < lines.length; d++) {
      for (const l of [mid + d, mid - d]) {
        if (l >= 0 && l < lines.length) {
          const m = re.exec(lines[l]);
          if (m) return { line: l, m };
        }
      }
    }
    return null;
  };
  // a plain scalar after `name: ` (metadata name, subject name, roleRef name ...)
  const scalar = around(/^(\s*(?:- )?name: )([A-Za-z0-9])/);
  // a key inside a rule: verbs / resources / apiGroups
  const key = around(/^(\s*(?:- )?)(verbs|resources|apiGroups):/);
  return {
    end: { line: last, character: lines[last].length },
    middle: scalar ? { line: scalar.line, character: scalar.m[1].length + 1, lineText: lines[scalar.line] } : null,
    hover: key ? { line: key.line, character: key.m[1].length + 1, key: key.m[2], lineText: lines[key.line] } : null,
  };
}

function applyEdit(text, lineOffsets, pos, deleteLen, insert) {
  const off = lineOffsets[pos.line] + pos.character;
  return text.slice(0, off) + insert + text.slice(off + deleteLen);
}
function lineOffsetsOf(text) {
  const offs = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offs.push(i + 1);
  return offs;
}

// ---------------------------------------------------------------- one session
/**
 * @param {object} o
 * @param {string} o.name          label for logs
 * @param {string} o.command       executable (e.g. process.execPath)
 * @param {string[]} o.args
 * @param {string} [o.cwd]
 * @param {object} o.settings      answers workspace/configuration, sent in didChangeConfiguration
 * @param {string} o.file          absolute path of the document (its text is sent, not read by the server)
 * @param {string} o.text
 * @param {string} [o.logFile]     server stderr goes here
 */
export async function runSession(o) {
  const opt = { ...DEFAULTS, ...o };
  const uri = pathToFileURL(opt.file).href;
  const folder = path.dirname(opt.file);
  const result = {
    server: opt.name,
    initializeMs: null,
    openMs: null,
    openDiagnostics: null,
    versioned: null,
    hoverMs: null,
    hoverChars: null,
    changes: Object.fromEntries(opt.variants.map((v) => [v, []])),
    changeDiagnostics: {},
    extraPublishes: 0,
    syncKind: null,
    peakRssKB: null,
    unhandledRequests: [],
    stderrTail: '',
  };

  const tSpawn = performance.now();
  const child = spawn(opt.command, opt.args, {
    cwd: opt.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  live.add(child);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve(exited);
    });
    child.once('error', (err) => {
      exited = { error: err };
      live.delete(child);
      resolve(exited);
    });
  });
  let stderrTail = '';
  const logStream = opt.logFile ? fs.createWriteStream(opt.logFile) : null;
  child.stderr.on('data', (d) => {
    logStream?.write(d);
    stderrTail = (stderrTail + d.toString()).slice(-2000);
  });
  child.stdin.on('error', () => { /* EPIPE when the server dies; reported through `exited` */ });

  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

  // publishDiagnostics bookkeeping
  const publishes = []; // { t, version, count }
  let waiter = null; // { pred, resolve }
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri !== uri) return;
    const rec = { t: performance.now(), version: p.version, count: p.diagnostics?.length ?? 0 };
    publishes.push(rec);
    if (waiter && waiter.pred(rec)) {
      const w = waiter;
      waiter = null;
      w.resolve(rec);
    }
  });
  const died = exitPromise.then((e) => {
    throw new Error(`server exited early (${JSON.stringify(e)}); stderr tail:\n${stderrTail}`);
  });
  died.catch(() => {});
  const waitPublish = (pred, what) => {
    const p = new Promise((resolve) => { waiter = { pred, resolve }; });
    return withTimeout(Promise.race([p, died]), opt.timeoutMs, what).finally(() => { waiter = null; });
  };

  // server -> client requests
  connection.onRequest('workspace/configuration', (params) => {
    const answer = (params?.items ?? []).map((item) => lookupSection(opt.settings, item.section));
    if (process.env.KUBEWARD_BENCH_DEBUG) console.error(`[${opt.name}] workspace/configuration ${JSON.stringify(params)} -> ${JSON.stringify(answer).slice(0, 300)}`);
    return answer;
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }]);
  connection.onRequest((method) => {
    result.unhandledRequests.push(method);
    return null;
  });
  connection.onNotification((method, params) => { // logMessage, telemetry, progress ...
    if (process.env.KUBEWARD_BENCH_DEBUG) console.error(`[${opt.name}] ${method} ${JSON.stringify(params).slice(0, 500)}`);
  });
  connection.onError(() => {});
  connection.onClose(() => {});
  connection.listen();

  const request = (method, params, what = method) =>
    withTimeout(Promise.race([connection.sendRequest(method, params), died]), opt.timeoutMs, what);

  try {
    // ------------------------------------------------------------ initialize
    const init = await request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'kubeward-bench', version: '1' },
      locale: 'en',
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }],
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        window: { workDoneProgress: true },
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true, willSave: false },
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            tagSupport: { valueSet: [1, 2] },
            codeDescriptionSupport: true,
            dataSupport: true,
          },
          hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    result.initializeMs = performance.now() - tSpawn;
    const sync = init?.capabilities?.textDocumentSync;
    result.syncKind = typeof sync === 'number' ? sync : (sync?.change ?? 0);
    const incremental = result.syncKind === 2;

    await connection.sendNotification('initialized', {});
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: opt.settings });
    await sleep(opt.configSettleMs);

    // ------------------------------------------------------------ (a) open
    let text = opt.text;
    let version = 1;
    let versioned = false;
    const t0 = performance.now();
    const pOpen = waitPublish((r) => r.version === undefined || r.version === null || r.version >= 1, 'publishDiagnostics after didOpen');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const open = await pOpen;
    result.openMs = open.t - t0;
    result.openDiagnostics = open.count;
    versioned = typeof open.version === 'number';
    result.versioned = versioned;
    await sleep(opt.settleMs);

    // ------------------------------------------------------------ (c) hover
    const sites = editSites(text);
    if (sites.hover) {
      const th = performance.now();
      const h = await request('textDocument/hover', { textDocument: { uri }, position: { line: sites.hover.line, character: sites.hover.character } }, 'hover');
      result.hoverMs = performance.now() - th;
      const c = h?.contents;
      result.hoverChars = !c ? 0 : typeof c === 'string' ? c.length : Array.isArray(c)
        ? c.reduce((a, x) => a + (typeof x === 'string' ? x.length : (x.value?.length ?? 0)), 0)
        : (c.value?.length ?? 0);
      result.hoverAt = { line: sites.hover.line, character: sites.hover.character, key: sites.hover.key };
    }

    // ------------------------------------------------------------ (b) one-character edits
    for (const variant of opt.variants) {
      const pos = variant === 'end' ? sites.end : sites.middle;
      if (!pos) continue;
      const ch = variant === 'end' ? ' ' : 'x';
      const counts = new Set();
      for (let k = 0; k < opt.changes; k++) {
        const insert = k % 2 === 0;
        const range = insert
          ? { start: { line: pos.line, character: pos.character }, end: { line: pos.line, character: pos.character } }
          : { start: { line: pos.line, character: pos.character }, end: { line: pos.line, character: pos.character + 1 } };
        text = applyEdit(text, lineOffsetsOf(text), pos, insert ? 0 : 1, insert ? ch : '');
        version++;
        const v = version;
        const before = publishes.length;
        const pred = versioned
          ? (r) => typeof r.version === 'number' && r.version >= v
          : () => publishes.length > before;
        const tc = performance.now();
        const pChange = waitPublish(pred, `publishDiagnostics after change to version ${v}`);
        await connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [incremental ? { range, text: insert ? ch : '' } : { text }],
        });
        const rec = await pChange;
        result.changes[variant].push(rec.t - tc);
        counts.add(rec.count);
        const seen = publishes.length;
        await sleep(opt.settleMs);
        result.extraPublishes += publishes.length - seen;
      }
      result.changeDiagnostics[variant] = [...counts];
    }

    // ------------------------------------------------------------ (d) peak RSS, shutdown
    result.peakRssKB = readPeakRssKB(child.pid);
    try {
      await withTimeout(Promise.race([connection.sendRequest('shutdown'), died]), opt.shutdownMs, 'shutdown');
      await connection.sendNotification('exit');
    } catch { /* killed below */ }
    await withTimeout(exitPromise, opt.shutdownMs, 'server exit').catch(() => {});
    return result;
  } catch (err) {
    err.message = `${opt.name}: ${err.message}`;
    err.stderrTail = stderrTail;
    throw err;
  } finally {
    result.stderrTail = stderrTail;
    connection.dispose();
    if (!exited) {
      child.kill('SIGKILL');
      await withTimeout(exitPromise, 2_000, 'kill').catch(() => {});
    }
    live.delete(child);
    logStream?.end();
  }
}

// ---------------------------------------------------------------- several sessions
function stats(values) {
  const v = values.filter((x) => typeof x === 'number');
  if (!v.length) return null;
  return { median: median(v), p90: percentile(v, 0.9), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

/** Runs `runs` fresh sessions and aggregates: medians over runs; edit latencies pooled over runs. */
export async function benchServer({ runs = 5, logDir, onProgress = () => {}, ...o }) {
  const sessions = [];
  for (let r = 0; r < runs; r++) {
    const logFile = logDir ? path.join(logDir, `${o.name}-${path.basename(o.file)}-run${r + 1}.stderr.log`) : undefined;
    const s = await runSession({ ...o, logFile });
    sessions.push(s);
    onProgress(r + 1, s);
  }
  const variants = o.variants ?? DEFAULTS.variants;
  return {
    server: o.name,
    runs,
    initializeMs: stats(sessions.map((s) => s.initializeMs)),
    openMs: stats(sessions.map((s) => s.openMs)),
    openDiagnostics: sessions[0].openDiagnostics,
    versioned: sessions[0].versioned,
    syncKind: sessions[0].syncKind,
    hoverMs: stats(sessions.map((s) => s.hoverMs)),
    hoverChars: sessions[0].hoverChars,
    hoverAt: sessions[0].hoverAt,
    changes: Object.fromEntries(variants.map((v) => [v, stats(sessions.flatMap((s) => s.changes[v]))])),
    changeDiagnostics: sessions[0].changeDiagnostics,
    extraPublishes: sessions.reduce((a, s) => a + s.extraPublishes, 0),
    peakRssKB: stats(sessions.map((s) => s.peakRssKB)),
    unhandledRequests: [...new Set(sessions.flatMap((s) => s.unhandledRequests))],
    perRun: sessions.map((s) => ({
      initializeMs: s.initializeMs, openMs: s.openMs, hoverMs: s.hoverMs, peakRssKB: s.peakRssKB,
      changeMedian: Object.fromEntries(variants.map((v) => [v, median(s.changes[v])])),
    })),
  };
}

// ---------------------------------------------------------------- CLI
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const dd = argv.indexOf('--');
  if (dd < 0) {
    console.error('usage: node bench/lsp-driver.mjs --file F.yaml [--settings S.json] [--runs N] [--changes N] -- <server command...>');
    process.exit(2);
  }
  const opts = {};
  for (let i = 0; i < dd; i += 2) opts[argv[i].replace(/^--/, '')] = argv[i + 1];
  const [command, ...args] = argv.slice(dd + 1);
  const file = path.resolve(opts.file);
  const out = await benchServer({
    name: path.basename(command),
    command: command === 'node' ? process.execPath : command,
    args,
    file,
    text: fs.readFileSync(file, 'utf8'),
    settings: opts.settings ? JSON.parse(fs.readFileSync(opts.settings, 'utf8')) : {},
    runs: Number(opts.runs ?? 3),
    changes: Number(opts.changes ?? 10),
  });
  console.log(JSON.stringify(out, null, 2));
}
