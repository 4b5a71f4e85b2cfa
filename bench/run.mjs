// `npm run bench`: Kubeward vs yaml-language-server vs bare `yaml` parsing, on the same inputs.
//
//   node bench/run.mjs [--runs 5] [--changes 30] [--parse-runs 20] [--quick]
//                      [--only kubeward,yls,parse,scale] [--inputs rbac-10k,bootstrap-policy]
//                      [--yls-schema <path>|fallback] [--timeout-ms 60000] [--max-minutes 45]
//                      [--scale-files 5000] [--scale-runs 3] [--scale-hovers 200] [--scale-yls-files all|N]
//                      [--write-docs] [--check]
//
// Writes bench/.out/results.json (and server stderr logs in bench/.out/logs/); with --write-docs
// it also rewrites the generated blocks of docs/benchmarks.md. --check exits 1 when a target is missed.
// `scale` is the workspace-scale benchmark of bench/scale.mjs (issue #8); `--only scale` runs just that.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { prepareInputs, repoRoot, defaultOutDir } from './corpus.mjs';
import { benchServer, median, percentile, DEFAULTS } from './lsp-driver.mjs';
import { writeFallbackSchema } from './fallback-schema.mjs';
import { runScale, scaleMarkdown, scaleOptions } from './scale.mjs';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return dflt;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
};
const quick = flag('quick');
const RUNS = Number(opt('runs', quick ? 2 : 5));
const CHANGES = Number(opt('changes', quick ? 6 : 30));
const PARSE_RUNS = Number(opt('parse-runs', quick ? 5 : 20));
const PARSE_WARMUP = 5;
const TIMEOUT_MS = Number(opt('timeout-ms', DEFAULTS.timeoutMs));
const MAX_MINUTES = Number(opt('max-minutes', 45));
const ONLY = new Set(String(opt('only', 'kubeward,yls,parse,scale')).split(','));
// Whether the single-file benchmark runs at all (not with --only scale).
const SINGLE_FILE = ['kubeward', 'yls', 'parse'].some((part) => ONLY.has(part));
const INPUTS = opt('inputs', null)?.split(',');
const WRITE_DOCS = flag('write-docs');
const CHECK = flag('check');
const OUT = defaultOutDir;
const LOGS = path.join(OUT, 'logs');
const DOCS = path.join(repoRoot, 'docs', 'benchmarks.md');

const TARGETS = { openVsYls: 0.2, openVsParse: 3, openVsFastParse: 1.5, editMs: 15 };
// Kubeward's own parse of a stream (its fast path where it reads a document, else the yaml package), as tsc builds it.
const KUBEWARD_PARSE = path.join(repoRoot, 'out', 'server', 'src', 'engine', 'model', 'parse.js');
// KUBEWARD_BENCH_SERVER: benchmark another build of the server (a path to its server.js).
const KUBEWARD_SERVER = process.env.KUBEWARD_BENCH_SERVER
  ? path.resolve(process.env.KUBEWARD_BENCH_SERVER)
  : path.join(repoRoot, 'dist', 'server.js');
const YLS_BIN = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const K8S_SCHEMA = path.join(repoRoot, 'schemas', 'kubernetes-1.36.json');

// Everything is bounded: a hard stop for the whole benchmark (servers are killed on exit).
setTimeout(() => {
  console.error(`bench: overall limit of ${MAX_MINUTES} min reached, stopping`);
  process.exit(1);
}, MAX_MINUTES * 60_000).unref();

fs.mkdirSync(LOGS, { recursive: true });

// ---------------------------------------------------------------- helpers
const ms = (v) => (v == null ? '—' : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const mb = (kb) => (kb == null ? '—' : `${Math.round(kb / 1024)} MB`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const fmtRatio = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);
const verdict = (v, limit) => (v == null ? 'n/a' : v <= limit ? 'PASS' : 'MISS');
function pkgVersion(name) {
  try { return require(`${name}/package.json`).version; } catch { return 'unknown'; }
}

function machine() {
  let distro = null;
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch { /* not Linux */ }
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${distro ?? os.type()} (${os.platform()} ${os.release()}, ${os.arch()})`,
  };
}

function bareParse(text) {
  for (let i = 0; i < PARSE_WARMUP; i++) parseAllDocuments(text);
  const times = [];
  let docs = 0;
  let errors = 0;
  for (let i = 0; i < PARSE_RUNS; i++) {
    const t0 = performance.now();
    const d = parseAllDocuments(text);
    times.push(performance.now() - t0);
    docs = Array.isArray(d) ? d.length : 1;
    errors = Array.isArray(d) ? d.reduce((a, x) => a + x.errors.length, 0) : d.errors.length;
  }
  return { median: median(times), p90: percentile(times, 0.9), min: Math.min(...times), max: Math.max(...times), n: times.length, documents: docs, errors };
}

/**
 * The first parseAllDocuments call in a fresh Node process, like a server's first analysis: no JIT warm-up.
 * The median over RUNS processes.
 */
function coldParse(file) {
  const yamlPath = createRequire(import.meta.url).resolve('yaml');
  const script = `const { parseAllDocuments } = require(${JSON.stringify(yamlPath)});
const text = require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8');
const t0 = performance.now(); parseAllDocuments(text); process.stdout.write(String(performance.now() - t0));`;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: TIMEOUT_MS });
    if (run.status !== 0) throw new Error(`cold parse of ${file} failed: ${run.stderr}`);
    times.push(Number(run.stdout));
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), n: times.length };
}

/** Kubeward's parse of the stream (splitDocuments, then parseChunk per document): warm in this process, and cold. */
function kubewardParse(input) {
  if (!fs.existsSync(KUBEWARD_PARSE)) return null;
  const { parseChunk, splitDocuments } = createRequire(import.meta.url)(KUBEWARD_PARSE);
  const parse = () => { for (const chunk of splitDocuments(input.text)) parseChunk(chunk.text); };
  for (let i = 0; i < PARSE_WARMUP; i++) parse();
  const times = [];
  for (let i = 0; i < PARSE_RUNS; i++) {
    const t0 = performance.now();
    parse();
    times.push(performance.now() - t0);
  }
  const script = `const { parseChunk, splitDocuments } = require(${JSON.stringify(KUBEWARD_PARSE)});
const text = require('node:fs').readFileSync(${JSON.stringify(input.file)}, 'utf8');
const t0 = performance.now(); for (const chunk of splitDocuments(text)) parseChunk(chunk.text); process.stdout.write(String(performance.now() - t0));`;
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: TIMEOUT_MS });
    if (run.status !== 0) throw new Error(`cold Kubeward parse of ${input.file} failed: ${run.stderr}`);
    cold.push(Number(run.stdout));
  }
  return { warm: { median: median(times), min: Math.min(...times), max: Math.max(...times) }, cold: { median: median(cold), min: Math.min(...cold), max: Math.max(...cold) } };
}

// ---------------------------------------------------------------- servers
function servers() {
  const list = [];
  const skipped = [];
  if (ONLY.has('kubeward')) {
    if (fs.existsSync(KUBEWARD_SERVER)) {
      list.push({
        id: 'kubeward', label: 'Kubeward',
        command: process.execPath, args: [KUBEWARD_SERVER, '--stdio'], settings: { kubeward: {} },
      });
    } else {
      skipped.push({ id: 'kubeward', reason: `${path.relative(repoRoot, KUBEWARD_SERVER)} not found; build it with \`node scripts/build.mjs\`` });
    }
  }
  if (ONLY.has('yls')) {
    let schema = opt('yls-schema', K8S_SCHEMA);
    let schemaNote = path.relative(repoRoot, schema);
    if (schema === 'fallback') {
      const f = writeFallbackSchema(OUT);
      schema = f.file;
      schemaNote = `FALLBACK: ${f.description}`;
    } else {
      schema = path.resolve(schema);
      schemaNote = path.relative(repoRoot, schema);
    }
    if (!fs.existsSync(YLS_BIN)) {
      skipped.push({ id: 'yls', reason: 'node_modules/yaml-language-server is not installed; run `npm ci`' });
    } else if (!fs.existsSync(schema)) {
      skipped.push({ id: 'yls', reason: `schema ${path.relative(repoRoot, schema)} not found; generate it with \`npm run gen\`, or pass --yls-schema=fallback for a stand-in RBAC schema` });
    } else {
      let schemaKinds = null;
      try {
        schemaKinds = JSON.parse(fs.readFileSync(schema, 'utf8')).allOf?.map((x) => x?.if?.properties?.kind?.const).filter(Boolean) ?? null;
      } catch { /* reported by the server if unreadable */ }
      list.push({
        id: 'yls', label: `yaml-language-server ${pkgVersion('yaml-language-server')}`, schema: schemaNote, schemaKinds,
        command: process.execPath, args: [YLS_BIN, '--stdio'],
        settings: {
          yaml: {
            validate: true, hover: true, completion: false, schemaStore: { enable: false },
            schemas: { [pathToFileURL(schema).href]: ['*.yaml'] },
          },
        },
      });
    }
  }
  return { list, skipped };
}

// ---------------------------------------------------------------- main
const started = new Date();
const { inputs: allInputs, skipped: skippedInputs } = SINGLE_FILE ? prepareInputs(undefined, { log: (m) => console.log(m) }) : { inputs: [], skipped: [] };
const inputs = INPUTS ? allInputs.filter((i) => INPUTS.includes(i.name)) : allInputs;
const { list: serverList, skipped: skippedServers } = servers();
for (const s of skippedServers) console.log(`note: skipping ${s.id === 'yls' ? 'yaml-language-server' : 'Kubeward'}: ${s.reason}`);
if (SINGLE_FILE) console.log(`inputs: ${inputs.map((i) => `${i.name} (${i.lines} lines, ${i.documents} documents, ${path.relative(process.cwd(), i.file) || i.file})`).join('; ')}`);
if (SINGLE_FILE) console.log(`runs: ${RUNS} fresh server runs per input, ${CHANGES} one-character edits per variant per run, bare parse ${PARSE_RUNS} runs after ${PARSE_WARMUP} warm-ups\n`);

const results = {
  generatedAt: started.toISOString(),
  machine: machine(),
  versions: { kubeward: require('../package.json').version, yamlLanguageServer: pkgVersion('yaml-language-server'), yaml: pkgVersion('yaml') },
  config: { runs: RUNS, changesPerVariant: CHANGES, parseRuns: PARSE_RUNS, parseWarmup: PARSE_WARMUP, timeoutMs: TIMEOUT_MS, settleMs: DEFAULTS.settleMs, configSettleMs: DEFAULTS.configSettleMs },
  targets: TARGETS,
  inputs: inputs.map(({ text, ...i }) => i),
  skipped: { inputs: skippedInputs, servers: skippedServers },
  bareParse: {},
  coldParse: {},
  kubewardParse: {},
  servers: {},
  scale: null,
  errors: [],
  verdicts: {},
};

// 1. the floor: bare parsing, before any server runs
if (ONLY.has('parse')) {
  for (const input of inputs) {
    results.bareParse[input.name] = bareParse(input.text);
    results.coldParse[input.name] = coldParse(input.file);
    results.kubewardParse[input.name] = kubewardParse(input);
    console.log(`bare parse ${input.name}: median ${ms(results.bareParse[input.name].median)}, first call in a fresh process ${ms(results.coldParse[input.name].median)}`);
  }
}

// 2. the servers
for (const input of inputs) {
  for (const s of serverList) {
    try {
      const r = await benchServer({
        name: s.id, command: s.command, args: s.args, cwd: repoRoot, settings: s.settings,
        file: input.file, text: input.text, runs: RUNS, changes: CHANGES, timeoutMs: TIMEOUT_MS, logDir: LOGS,
        onProgress: (n, one) => console.log(`${s.label} ${input.name} run ${n}/${RUNS}: open ${ms(one.openMs)} (${one.openDiagnostics} diagnostics), ` +
          `edit end ${ms(median(one.changes.end))}, middle ${ms(median(one.changes.middle))}, hover ${ms(one.hoverMs)}, peak RSS ${mb(one.peakRssKB)}`),
      });
      r.label = s.label;
      if (s.schema) r.schema = s.schema;
      if (s.schemaKinds) r.schemaKinds = s.schemaKinds;
      (results.servers[s.id] ??= {})[input.name] = r;
      if (s.id === 'yls' && input.name === 'rbac-10k' && r.openDiagnostics === 0) {
        console.log('warning: yaml-language-server published 0 diagnostics for rbac-10k: the schema was probably not applied');
      }
    } catch (err) {
      console.error(`error: ${s.label} on ${input.name}: ${err.message}`);
      results.errors.push({ server: s.id, input: input.name, message: err.message, stderrTail: err.stderrTail });
    }
  }
}

// 3. ratios and verdicts
for (const input of inputs) {
  const k = results.servers.kubeward?.[input.name];
  const y = results.servers.yls?.[input.name];
  const p = results.bareParse[input.name];
  const openVsYls = ratio(k?.openMs?.median, y?.openMs?.median);
  const openVsParse = ratio(k?.openMs?.median, p?.median);
  const openVsColdParse = ratio(k?.openMs?.median, results.coldParse[input.name]?.median);
  const own = results.kubewardParse[input.name];
  const openVsFastParse = ratio(k?.openMs?.median, own?.warm.median);
  const openVsColdFastParse = ratio(k?.openMs?.median, own?.cold.median);
  results.verdicts[input.name] = {
    openVsYls: { value: openVsYls, target: TARGETS.openVsYls, verdict: verdict(openVsYls, TARGETS.openVsYls) },
    openVsParse: { value: openVsParse, target: TARGETS.openVsParse, verdict: verdict(openVsParse, TARGETS.openVsParse) },
    openVsColdParse: { value: openVsColdParse, target: TARGETS.openVsParse, verdict: verdict(openVsColdParse, TARGETS.openVsParse) },
    openVsFastParse: { value: openVsFastParse, target: TARGETS.openVsFastParse, verdict: verdict(openVsFastParse, TARGETS.openVsFastParse) },
    openVsColdFastParse: { value: openVsColdFastParse, target: TARGETS.openVsFastParse, verdict: verdict(openVsColdFastParse, TARGETS.openVsFastParse) },
    editEnd: { value: k?.changes?.end?.median ?? null, target: TARGETS.editMs, verdict: verdict(k?.changes?.end?.median, TARGETS.editMs) },
    editMiddle: { value: k?.changes?.middle?.median ?? null, target: TARGETS.editMs, verdict: verdict(k?.changes?.middle?.median, TARGETS.editMs) },
  };
}

// 4. the workspace-scale benchmark (bench/scale.mjs): only options named --scale-* reach it
if (ONLY.has('scale')) {
  console.log('\nscale benchmark (bench/scale.mjs)');
  const scaleOpt = (name, dflt) => (name.startsWith('scale-') ? opt(name, dflt) : dflt);
  try {
    results.scale = await runScale(scaleOptions(scaleOpt, quick, { outDir: OUT }));
    for (const e of results.scale.errors) results.errors.push({ server: `scale:${e.part}`, input: 'scale', message: e.message });
  } catch (err) {
    console.error(`error: scale benchmark: ${err.message}`);
    results.errors.push({ server: 'scale', input: 'scale', message: err.message });
  }
}

// ---------------------------------------------------------------- report
function resultsTable() {
  const rows = [
    '| input | tool | initialize | open → diagnostics (median, min–max) | diagnostics | 1-char edit at end (median / p90) | 1-char edit mid-file (median / p90) | hover | peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const input of inputs) {
    for (const id of ['kubeward', 'yls']) {
      const r = results.servers[id]?.[input.name];
      const label = id === 'kubeward' ? 'Kubeward' : `yaml-language-server ${results.versions.yamlLanguageServer}`;
      if (!r) {
        const why = results.skipped.servers.find((x) => x.id === id)?.reason
          ?? results.errors.find((e) => e.server === id && e.input === input.name)?.message ?? 'not run';
        rows.push(`| ${input.name} | ${label} | not measured: ${why.replace(/\|/g, '\\|').replace(/\n[\s\S]*/, '')} | | | | | | |`);
        continue;
      }
      const c = (v) => (v ? `${ms(v.median)} / ${ms(v.p90)}` : '—');
      const hover = `${ms(r.hoverMs?.median)}${r.hoverChars === 0 ? ' (empty)' : ''}`;
      rows.push(`| ${input.name} | ${label} | ${ms(r.initializeMs?.median)} | ${ms(r.openMs?.median)} (${ms(r.openMs?.min)}–${ms(r.openMs?.max)}) | ${r.openDiagnostics} | ${c(r.changes.end)} | ${c(r.changes.middle)} | ${hover} | ${mb(r.peakRssKB?.median)} |`);
    }
    const p = results.bareParse[input.name];
    if (p) rows.push(`| ${input.name} | bare \`yaml\` ${results.versions.yaml} parseAllDocuments, warm | — | ${ms(p.median)} (${ms(p.min)}–${ms(p.max)}) | — | — | — | — | — |`);
    const cold = results.coldParse[input.name];
    if (cold) rows.push(`| ${input.name} | bare \`yaml\` ${results.versions.yaml} parseAllDocuments, first call in a fresh process | — | ${ms(cold.median)} (${ms(cold.min)}–${ms(cold.max)}) | — | — | — | — | — |`);
    const own = results.kubewardParse[input.name];
    if (own) {
      rows.push(`| ${input.name} | Kubeward's parse (fast path, else \`yaml\`), warm | — | ${ms(own.warm.median)} (${ms(own.warm.min)}–${ms(own.warm.max)}) | — | — | — | — | — |`);
      rows.push(`| ${input.name} | Kubeward's parse (fast path, else \`yaml\`), first call in a fresh process | — | ${ms(own.cold.median)} (${ms(own.cold.min)}–${ms(own.cold.max)}) | — | — | — | — | — |`);
    }
  }
  return rows.join('\n');
}

function verdictTable() {
  const rows = [
    '| input | Kubeward open ÷ yaml-language-server open (target ≤ 0.2×) | Kubeward open ÷ warm bare parse (target ≤ 3×) | Kubeward open ÷ cold bare parse (target ≤ 3×) | Kubeward open ÷ Kubeward\'s own parse, warm / cold (target ≤ 1.5×) | Kubeward 1-char edit median, end / middle (target ≤ 15 ms) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const input of inputs) {
    const v = results.verdicts[input.name];
    const cell = (x, f) => (x.value == null ? 'n/a' : `${f(x.value)} ${x.verdict}`);
    rows.push(`| ${input.name} | ${cell(v.openVsYls, fmtRatio)} | ${cell(v.openVsParse, fmtRatio)} | ${cell(v.openVsColdParse, fmtRatio)} | ${cell(v.openVsFastParse, fmtRatio)} / ${cell(v.openVsColdFastParse, fmtRatio)} | ${cell(v.editEnd, ms)} / ${cell(v.editMiddle, ms)} |`);
  }
  return rows.join('\n');
}

function notes() {
  const m = results.machine;
  const out = [
    `Measured ${results.generatedAt.slice(0, 10)} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.os}.`,
    `Each server figure is the median over ${RUNS} fresh server process${RUNS === 1 ? "" : "es"}; edit latencies pool ${CHANGES} edits per variant from every run (${RUNS * CHANGES} samples each).`,
    `The warm bare parse is the median of ${PARSE_RUNS} in-process \`parseAllDocuments\` calls after ${PARSE_WARMUP} warm-up calls; the cold one is the first call in each of ${RUNS} fresh Node processes, the same conditions as a server's first analysis.`,
    'yaml-language-server waits a fixed 200 ms (`validationDelayMs`, not configurable) before it validates, so its open and edit figures include 200 ms of waiting; they are reported as measured.',
  ];
  const y = Object.values(results.servers.yls ?? {})[0];
  if (y?.schema) out.push(`yaml-language-server schema: ${y.schema}.`);
  if (y?.schemaKinds && !y.schemaKinds.includes('List')) {
    for (const i of inputs.filter((x) => /^kind: List$/m.test(x.text))) {
      out.push(`Input ${i.name} is made of \`kind: List\` documents, and the schema has no branch for \`kind: List\`, so there yaml-language-server checks YAML syntax but not the RBAC objects inside the lists.`);
    }
  }
  for (const i of inputs) {
    const r = results.servers.yls?.[i.name];
    if (r?.extraPublishes || results.servers.kubeward?.[i.name]?.extraPublishes) {
      out.push(`Extra publishes seen during the 100 ms pause after edits on ${i.name}: Kubeward ${results.servers.kubeward?.[i.name]?.extraPublishes ?? 0}, yaml-language-server ${r?.extraPublishes ?? 0}.`);
    }
  }
  for (const s of results.skipped.servers) out.push(`Not measured: ${s.id === 'yls' ? 'yaml-language-server' : 'Kubeward'} (${s.reason}).`);
  for (const s of results.skipped.inputs) out.push(`Input skipped: ${s.name} (${s.reason}).`);
  for (const i of inputs) out.push(`Input ${i.name}: ${i.lines} lines, ${i.bytes} bytes, ${i.documents} YAML documents; ${i.source}.`);
  return out;
}

if (SINGLE_FILE) {
  console.log('\n' + resultsTable() + '\n');
  console.log(verdictTable() + '\n');
  for (const n of notes()) console.log(n);
}
if (results.scale) console.log('\n' + scaleMarkdown(results.scale, { machineNote: scaleMachineNote() }));

function scaleMachineNote() {
  const m = results.machine;
  return `Measured ${results.generatedAt.slice(0, 10)} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.os}.`;
}

/** Replaces the text between two markers of the page, or appends the block when the markers are missing. */
function replaceBlock(doc, begin, end, body) {
  const block = [begin, '', body, '', end].join('\n');
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end, a);
  return a >= 0 && b >= 0 ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
}

fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), path.join(OUT, 'results.json'))}`);

if (WRITE_DOCS) {
  let doc = fs.existsSync(DOCS) ? fs.readFileSync(DOCS, 'utf8') : '# Benchmarks\n\n## Results\n\n';
  const rewritten = [];
  if (SINGLE_FILE) {
    doc = replaceBlock(doc, '<!-- begin generated: results -->', '<!-- end generated -->', [resultsTable(), '', verdictTable(), '', ...notes()].join('\n'));
    rewritten.push('results');
  }
  if (results.scale) {
    doc = replaceBlock(doc, '<!-- begin generated: scale -->', '<!-- end generated: scale -->', scaleMarkdown(results.scale, { machineNote: scaleMachineNote() }));
    rewritten.push('scale');
  }
  fs.mkdirSync(path.dirname(DOCS), { recursive: true });
  fs.writeFileSync(DOCS, doc);
  console.log(`rewrote the generated block${rewritten.length === 1 ? '' : 's'} (${rewritten.join(', ')}) of ${path.relative(process.cwd(), DOCS)}`);
}

const missed = Object.values(results.verdicts).some((v) => Object.values(v).some((x) => x.verdict === 'MISS'))
  || Object.values(results.scale?.verdicts ?? {}).some((x) => x.verdict === 'MISS');
process.exitCode = results.errors.length ? 1 : CHECK && missed ? 1 : 0;
