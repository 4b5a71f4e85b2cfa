/**
 * Nothing Kubeward produces repeats a credential from the files it reads (issue #8). The test collects every
 * private key, bearer token and password written in the rule fixtures, the examples and the shared corpus, then
 * runs the language server over all of those files and gathers everything it says: diagnostics, hovers over a grid
 * of positions, code action titles (and their edits, except "Decode/Encode in place", where showing the value in
 * the user's own file is the point), document symbols, code lenses, inlay hints, document links,
 * `kubeward/certificateDetails`, its log and its stderr. It also runs `kubeward lint` on the same files in every
 * output format. No needle may appear anywhere.
 *
 * Failures name the needle by a short hash and a four-character prefix only, so the report does not leak either.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { CodeAction, Diagnostic, Position } from 'vscode-languageserver-protocol';
import { isSensitiveName } from '../../server/src/engine/analysis/credentials/redact';
import { LspClient } from '../helpers/lsp-client';
import { REPO_ROOT } from '../helpers/paths';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** Hover grid: at most this many lines of one file are probed (lines holding credentials always are). */
const MAX_LINES_PER_FILE = 160;
/** Documents handled at the same time by the server. */
const CONCURRENT_DOCUMENTS = 6;
/** Fewer needles than this means the collection broke, not that the corpus is clean. */
const MIN_NEEDLES = 25;

// ---------------------------------------------------------------------------------------------------------------
// Files

function walk(directory: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return walk(full, keep);
      return entry.isFile() && keep(full) ? [full] : [];
    });
}

const isYaml = (file: string) => /\.ya?ml$/.test(file);
/** Kubeconfigs are often named without a YAML extension (`kubeconfig`, `jane.kubeconfig`). */
const isKubeconfigName = (file: string) => path.basename(file) === 'kubeconfig' || file.endsWith('.kubeconfig');

function corpusFiles(): string[] {
  return [
    ...walk(FIXTURES, isYaml),
    ...readdirSync(EXAMPLES)
      .sort()
      .map((name) => path.join(EXAMPLES, name))
      .filter((file) => isYaml(file) || isKubeconfigName(file)),
    ...walk(CORPUS, (file) => isYaml(file) || isKubeconfigName(file)),
  ];
}

const relative = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

// ---------------------------------------------------------------------------------------------------------------
// Needles

interface Needle {
  value: string;
  /** What it is: `kubeconfig token`, `private key line` … */
  what: string;
  /** Where it was first found: `file:line field`. */
  source: string;
  /** How many other places hold the same value. */
  elsewhere: number;
}

/** Values that are words or placeholders: finding them in output would say nothing about a leak. */
const COMMON_WORDS = new Set(
  [
    'password', 'passw0rd', 'passwords', 'changeme', 'change-me', 'changeit', 'secret', 'secrets', 'token', 'tokens',
    'example', 'examples', 'kubernetes', 'placeholder', 'redacted', 'default', 'letmein', 'required', 'optional',
    'username', 'anonymous', 'undefined', 'replaceme', 'replace-me', 'notasecret', 'not-a-secret', 'something',
    'administrator', 'credentials', 'credential', 'configuration', 'certificate', 'production', 'development',
  ].map((word) => word.toLowerCase()),
);

const PLACEHOLDER = /^(?:<[^>]*>|\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|%[A-Z_]+%|(.)\1*)$/s;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----([\s\S]*?)-----END [A-Z0-9 ]*PRIVATE KEY-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** `--token=…`, `--bearer-token=…`, `--password=…` in command lines and args (not `--token-auth-file=`). */
const SECRET_ARG = /--([A-Za-z0-9-]*(?:token|password|passwd|secret))=("[^"\n]*"|'[^'\n]*'|[^\s"',\]]+)/gi;

class Needles {
  readonly byValue = new Map<string, Needle>();
  skipped = 0;

  add(raw: string, what: string, source: string, minimum = 8): void {
    const value = raw.trim();
    if (value.length < minimum || COMMON_WORDS.has(value.toLowerCase()) || PLACEHOLDER.test(value)) {
      if (value.length > 0) this.skipped++;
      return;
    }
    const known = this.byValue.get(value);
    if (known) {
      if (known.source !== source) known.elsewhere++;
    } else {
      this.byValue.set(value, { value, what, source, elsewhere: 0 });
    }
  }

  /**
   * A token or password: the value, each line of a value that spans lines, and 12-character windows every 4
   * characters, so that a preview cut short still matches (any 15 characters of the value contain a window).
   * A value holding PEM blocks contributes its private key lines instead: its BEGIN/END lines are in every key.
   */
  addText(text: string, what: string, source: string): void {
    if (text.includes('-----BEGIN ')) {
      this.addPrivateKeys(text, what, source);
      return;
    }
    this.add(text, what, source);
    const lines = text.trim().split(/\r?\n/);
    for (const line of lines.length > 1 ? lines : []) this.add(line, `${what} (line)`, source);
    for (const line of lines) {
      const value = line.trim();
      if (value.length < 16 || COMMON_WORDS.has(value.toLowerCase()) || PLACEHOLDER.test(value)) continue;
      for (let at = 0; at + 12 <= value.length; at += 4) this.add(value.slice(at, at + 12), `${what} (part)`, source, 12);
    }
  }

  /** Each base64 line of at least 16 characters in the body of every PEM private key block of `text`. */
  addPrivateKeys(text: string, what: string, source: string): void {
    for (const match of text.matchAll(PRIVATE_KEY_BLOCK)) {
      for (const line of match[2].split(/\r?\n/)) {
        const cleaned = line.trim().replace(/^#\s*/, '');
        if (cleaned.length >= 16 && BASE64.test(cleaned)) this.add(cleaned, `${what}: ${match[1]}PRIVATE KEY line`, source, 16);
      }
    }
  }

  /**
   * A base64 value that decodes to a PEM private key: the decoded body lines, and 32-character windows of the base64
   * text over the key's body (not its BEGIN/END lines, which are the same in every key). Any 63 characters of the
   * base64 body that leak contain one whole window.
   */
  addBase64PrivateKey(value: string, what: string, source: string): void {
    const base64 = value.replace(/\s+/g, '');
    if (base64.length < 40 || !BASE64.test(base64)) return;
    const decoded = Buffer.from(base64, 'base64').toString('latin1');
    if (!decoded.includes('PRIVATE KEY-----')) return;
    this.addPrivateKeys(decoded, `${what} (decoded)`, source);
    for (const match of decoded.matchAll(PRIVATE_KEY_BLOCK)) {
      const bodyStart = match.index + match[0].indexOf('-----', 5) + 5 + 1;
      const bodyEnd = match.index + match[0].lastIndexOf('-----END');
      const first = Math.ceil(bodyStart / 3) * 4;
      const last = Math.floor(bodyEnd / 3) * 4;
      for (let at = first; at + 32 <= last; at += 32) this.add(base64.slice(at, at + 32), `${what}: base64 of ${match[1]}PRIVATE KEY body`, source, 32);
    }
  }

  get size(): number {
    return this.byValue.size;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

interface FileSecrets {
  /** 0-based lines that hold a credential value, probed by every hover whatever the sampling. */
  lines: Set<number>;
}

type Entries = [string, YamlNode | null][];

function mapEntries(node: unknown): Entries {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair): Entries => (isScalar(pair.key) ? [[String(pair.key.value), (pair.value as YamlNode | null) ?? null]] : []));
}

function entry(node: unknown, key: string): YamlNode | null | undefined {
  return mapEntries(node).find(([name]) => name === key)?.[1];
}

function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Extracts the needles of one file and notes the lines they are on. */
function collectFromFile(file: string, text: string, needles: Needles): FileSecrets {
  const starts = lineStarts(text);
  const lines = new Set<number>();
  const name = relative(file);
  const at = (node: YamlNode | null | undefined, field: string) => {
    const offset = node?.range?.[0] ?? 0;
    const line = lineOf(starts, offset);
    lines.add(line);
    return `${name}:${line + 1} ${field}`;
  };

  // PEM private key blocks anywhere in the text, comments included.
  for (const match of text.matchAll(PRIVATE_KEY_BLOCK)) {
    const first = lineOf(starts, match.index);
    const last = lineOf(starts, match.index + match[0].length);
    for (let line = first; line <= last; line++) lines.add(line);
    needles.addPrivateKeys(match[0], 'PEM block', `${name}:${first + 1}`);
  }
  // Bearer tokens and passwords given as command-line flags.
  for (const match of text.matchAll(SECRET_ARG)) {
    const line = lineOf(starts, match.index);
    lines.add(line);
    needles.addText(match[2].replace(/^(["'])(.*)\1$/, '$2'), `--${match[1]} argument`, `${name}:${line + 1}`);
  }

  let documents;
  try {
    documents = parseAllDocuments(text, { uniqueKeys: false, strict: false });
  } catch {
    return { lines };
  }
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const root = document.contents;
    const kind = stringValue(entry(root, 'kind'));
    const isKubeconfig = kind === 'Config' || (kind === undefined && (entry(root, 'users') !== undefined || entry(root, 'clusters') !== undefined));

    if (isKubeconfig) {
      const users = entry(root, 'users');
      (isSeq(users) ? users.items : []).forEach((item, index) => {
        const user = entry(item, 'user');
        for (const [key, value] of mapEntries(user)) {
          const text = stringValue(value);
          if (text === undefined) continue;
          if (key === 'token' || key === 'password') needles.addText(text, `kubeconfig ${key}`, at(value, `users[${index}].user.${key}`));
          if (key === 'client-key-data') {
            const source = at(value, `users[${index}].user.client-key-data`);
            needles.add(text, 'kubeconfig client-key-data', source);
            needles.addBase64PrivateKey(text, 'kubeconfig client-key-data', source);
          }
        }
        const config = entry(entry(user, 'auth-provider'), 'config');
        for (const [key, value] of mapEntries(config)) {
          const text = stringValue(value);
          if (text !== undefined && isSensitiveName(key) && !/file$/i.test(key)) {
            needles.addText(text, `kubeconfig auth-provider ${key}`, at(value, `users[${index}].user.auth-provider.config.${key}`));
          }
        }
        const env = entry(entry(user, 'exec'), 'env');
        for (const variable of isSeq(env) ? env.items : []) {
          const variableName = stringValue(entry(variable, 'name'));
          const value = entry(variable, 'value');
          const text = stringValue(value);
          if (variableName && text !== undefined && isSensitiveName(variableName)) {
            needles.addText(text, 'kubeconfig exec env value', at(value, `users[${index}].user.exec.env[${variableName}]`));
          }
        }
      });
    }

    if (kind === 'Secret') {
      for (const [key, value] of mapEntries(entry(root, 'data'))) {
        const text = stringValue(value);
        if (text === undefined || !isSensitiveName(key)) continue;
        const source = at(value, `data.${key}`);
        needles.add(text, 'Secret data (base64)', source);
        const base64 = text.replace(/\s+/g, '');
        if (BASE64.test(base64) && base64.length % 4 === 0) {
          const decoded = Buffer.from(base64, 'base64').toString('utf8');
          if (/^[\x20-\x7e\t\r\n]*$/.test(decoded)) needles.addText(decoded, 'Secret data (decoded)', source);
        }
        needles.addBase64PrivateKey(text, 'Secret data', source);
      }
      for (const [key, value] of mapEntries(entry(root, 'stringData'))) {
        const text = stringValue(value);
        if (text !== undefined && isSensitiveName(key)) needles.addText(text, 'Secret stringData', at(value, `stringData.${key}`));
      }
    }

    // Any base64 value that holds a private key, wherever it is (a key pasted as a CSR's spec.request, a caBundle …).
    const visit = (node: unknown, field: string, depth: number): void => {
      if (depth > 64) return;
      if (isMap(node)) {
        for (const [key, value] of mapEntries(node)) visit(value, field ? `${field}.${key}` : key, depth + 1);
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => visit(item, `${field}[${index}]`, depth + 1));
      } else if (isScalar(node) && typeof node.value === 'string' && node.value.length >= 40) {
        const base64 = node.value.replace(/\s+/g, '');
        if (BASE64.test(base64) && Buffer.from(base64, 'base64').toString('latin1').includes('PRIVATE KEY-----')) {
          needles.addBase64PrivateKey(node.value, `base64 private key in ${field}`, at(node as YamlNode, field));
        }
      }
    };
    visit(root, '', 0);
  }
  return { lines };
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs

interface Leak {
  needle: Needle;
  output: string;
}

function describeNeedle(needle: Needle): string {
  const hash = createHash('sha256').update(needle.value).digest('hex').slice(0, 12);
  const elsewhere = needle.elsewhere > 0 ? ` and ${needle.elsewhere} other places` : '';
  return `sha256:${hash} (starts "${needle.value.slice(0, 4)}", ${needle.value.length} chars; ${needle.what} at ${needle.source}${elsewhere})`;
}

/** Every string in a JSON-like value (keys too), one per line, so multi-line and quoted needles match unescaped. */
function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      strings(item, into);
    }
  }
  return into;
}

/** Markdown escapes (`\_`, `\*` …) undone, so that an escaped leak still matches. */
const unescapeMarkdown = (text: string) => text.replace(/\\([\\`*_{}[\]()#+\-.!|<>~=])/g, '$1');

class OutputScanner {
  outputs = 0;
  characters = 0;
  readonly leaks: Leak[] = [];
  private readonly needles: Needle[];

  constructor(needles: Needles) {
    this.needles = [...needles.byValue.values()];
  }

  scan(label: string, value: unknown): void {
    const text = strings(value).join('\n');
    this.outputs++;
    this.characters += text.length;
    if (text.length === 0) return;
    const unescaped = unescapeMarkdown(text);
    for (const needle of this.needles) {
      if (text.includes(needle.value) || unescaped.includes(needle.value)) this.leaks.push({ needle, output: label });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Language server

/**
 * A request straight over the client's connection. `LspClient.request` also watches for the server's exit, and each
 * watch builds a report of every publication when the server exits: tens of thousands of them at shutdown exhaust
 * the test's memory.
 */
function send<R>(client: LspClient, method: string, params: unknown): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after 60 s waiting for an answer to ${method}.`)), 60_000);
  });
  return Promise.race([client.connection.sendRequest<R>(method, params), timeout]).finally(() => clearTimeout(timer));
}

interface Probe {
  line: number;
  /** Hover positions on the line: first non-space character, after a list dash, the value, the middle of the value. */
  hovers: number[];
  /** Where a credential value would be on this line: the value after `: `, or the first character of a block line. */
  value: number;
}

function probes(text: string, secretLines: ReadonlySet<number>): Probe[] {
  const lines = text.split(/\r?\n/);
  const candidates: Probe[] = [];
  lines.forEach((content, line) => {
    const first = content.search(/\S/);
    if (first === -1 || content[first] === '#') return;
    const hovers = new Set<number>([first]);
    const dash = /^-\s+/.exec(content.slice(first));
    const item = dash ? first + dash[0].length : first;
    hovers.add(item);
    let value = item;
    const colon = /:(?:\s+|$)/.exec(content.slice(item));
    if (colon) {
      const start = item + colon.index + colon[0].length;
      if (start < content.length) {
        value = start;
        hovers.add(start);
        hovers.add(start + Math.floor((content.length - start) / 2));
      }
    } else if (content.length - item > 8) {
      hovers.add(item + Math.floor((content.length - item) / 2));
    }
    candidates.push({ line, hovers: [...hovers].sort((a, b) => a - b), value });
  });
  if (candidates.length <= MAX_LINES_PER_FILE) return candidates;
  const step = Math.ceil(candidates.length / MAX_LINES_PER_FILE);
  const near = (line: number) => secretLines.has(line) || secretLines.has(line - 1) || secretLines.has(line + 1);
  return candidates.filter((probe, index) => index % step === 0 || near(probe.line));
}

const isInPlaceAction = (action: CodeAction) => /^(?:Decode|Encode) in place\b/.test(action.title);

interface Session {
  client: LspClient;
  scanner: OutputScanner;
  /**
   * The edits of "Decode in place", which show the value on purpose: they are scanned apart, as a check that the
   * needles do match what the server would write if it leaked one.
   */
  control: OutputScanner;
  stats: { requests: number; hovers: number; hoverAnswers: number; details: number; detailsAnswers: number; actions: number };
}

async function scanDocument(session: Session, file: string, secretLines: ReadonlySet<number>): Promise<void> {
  const { client, scanner, control, stats } = session;
  const uri = pathToFileURL(file).href;
  const name = relative(file);
  const text = readFileSync(file, 'utf8');
  await client.open(uri, text, 1);
  const published = await client.diagnostics(uri, 1, 60_000);
  const requests: Promise<void>[] = [];
  const ask = <R>(method: string, params: unknown, label: string, scan: (answer: R) => void) => {
    stats.requests++;
    requests.push(send<R>(client, method, params).then(scan, (error: unknown) => scanner.scan(`${label} (error)`, String(error))));
  };
  const textDocument = { uri };
  const scanActions = (label: string) => (actions: CodeAction[] | null) => {
    for (const action of actions ?? []) {
      stats.actions++;
      if (isInPlaceAction(action)) {
        // Decoding in place is the user asking to see the value in their own file: only its title is checked.
        scanner.scan(`${label} "${action.title}"`, { title: action.title, kind: action.kind });
        control.scan(`${label} "${action.title}" (edit)`, action.edit);
      } else {
        scanner.scan(`${label} "${action.title}"`, action);
      }
    }
  };

  const lastLine = text.split(/\r?\n/).length;
  ask<CodeAction[] | null>(
    'textDocument/codeAction',
    { textDocument, range: { start: { line: 0, character: 0 }, end: { line: lastLine, character: 0 } }, context: { diagnostics: published.diagnostics } },
    `codeAction ${name} (whole file)`,
    scanActions(`codeAction ${name} (whole file)`),
  );
  ask('textDocument/documentSymbol', { textDocument }, `documentSymbol ${name}`, (symbols) => scanner.scan(`documentSymbol ${name}`, symbols));
  ask('textDocument/codeLens', { textDocument }, `codeLens ${name}`, (lenses) => scanner.scan(`codeLens ${name}`, lenses));
  const wholeFile = { start: { line: 0, character: 0 }, end: { line: lastLine, character: 0 } };
  ask('textDocument/inlayHint', { textDocument, range: wholeFile }, `inlayHint ${name}`, (hints) => scanner.scan(`inlayHint ${name}`, hints));
  ask('textDocument/documentLink', { textDocument }, `documentLink ${name}`, (links) => scanner.scan(`documentLink ${name}`, links));

  for (const probe of probes(text, secretLines)) {
    for (const character of probe.hovers) {
      const position: Position = { line: probe.line, character };
      const label = `hover ${name}:${probe.line + 1}:${character + 1}`;
      stats.hovers++;
      ask<unknown>('textDocument/hover', { textDocument, position }, label, (answer) => {
        if (answer) stats.hoverAnswers++;
        scanner.scan(label, answer);
      });
    }
    const position: Position = { line: probe.line, character: probe.value };
    const where = `${name}:${probe.line + 1}:${probe.value + 1}`;
    const diagnostics = published.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.range.start.line <= probe.line && diagnostic.range.end.line >= probe.line);
    // "Fix all" does not depend on the position: the whole-file request above has it.
    const context = { diagnostics, only: ['quickfix', 'refactor'] };
    ask<CodeAction[] | null>('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context }, `codeAction ${where}`, scanActions(`codeAction ${where}`));
    stats.details++;
    ask<{ text: string }>('kubeward/certificateDetails', { uri, position }, `certificateDetails ${where}`, (answer) => {
      if (answer.text) stats.detailsAnswers++;
      scanner.scan(`certificateDetails ${where}`, answer);
    });
  }
  await Promise.all(requests);
  await client.close(uri);
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubeward.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

test('no private key, token or password from the corpus appears in anything the server or the CLI outputs', { timeout: 180_000 }, async () => {
  const started = performance.now();
  const files = corpusFiles();
  assert.ok(files.length >= 300, `only ${files.length} files found`);

  const needles = new Needles();
  const secretLines = new Map<string, Set<number>>();
  for (const file of files) secretLines.set(file, collectFromFile(file, readFileSync(file, 'utf8'), needles).lines);
  const kinds = new Map<string, number>();
  for (const needle of needles.byValue.values()) {
    const kind = /private key|PRIVATE KEY|client-key-data/.test(needle.what) ? 'private key' : /token/i.test(needle.what) ? 'token' : 'password/secret';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  console.log(
    `secrets-in-output: ${needles.size} needles from ${files.length} files (${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')}; ${needles.skipped} short or common values skipped)`,
  );
  assert.ok(needles.size >= MIN_NEEDLES, `only ${needles.size} needles collected: the extraction is broken`);
  for (const kind of ['private key', 'token', 'password/secret']) assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind} needle collected`);

  const scanner = new OutputScanner(needles);
  const cliPaths = files.map(relative);
  const cliRuns = (['text', 'json', 'sarif'] as const).map(async (format) => {
    const result = await runCli(['lint', '--format', format, '--risk-profile', 'strict', '--', ...cliPaths]);
    assert.ok(result.status === 0 || result.status === 1, `kubeward lint --format ${format} exited ${String(result.status)}: ${result.stderr.slice(0, 500)}`);
    assert.ok(result.stdout.length > 1000, `kubeward lint --format ${format} printed almost nothing`);
    scanner.scan(`kubeward lint --format ${format} (stdout)`, result.stdout);
    scanner.scan(`kubeward lint --format ${format} (stderr)`, result.stderr);
  });
  const cliDone = Promise.all(cliRuns);
  cliDone.catch(() => undefined); // awaited below; a failure must not surface as unhandled while the server runs

  const folders = [FIXTURES, EXAMPLES, ...(existsSync(CORPUS) ? [CORPUS] : [])];
  const client = LspClient.start({
    workspaceFolders: folders.map((folder) => pathToFileURL(folder).href),
    settings: {
      kubeward: {
        riskProfile: 'strict',
        logLevel: 'debug',
        files: { include: ['**/*.yaml', '**/*.yml', '**/kubeconfig', '**/*.kubeconfig'] },
      },
    },
  });
  const session: Session = {
    client,
    scanner,
    control: new OutputScanner(needles),
    stats: { requests: 0, hovers: 0, hoverAnswers: 0, details: 0, detailsAnswers: 0, actions: 0 },
  };
  const { stats } = session;
  let publicationCount = 0;
  try {
    await client.initialize();
    // The workspace scan runs in the background; wait for it so that every answer counts the whole workspace.
    await client.workspaceIndexed(60_000);
    const queue = [...files];
    const workers = Array.from({ length: CONCURRENT_DOCUMENTS }, async () => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) await scanDocument(session, file, secretLines.get(file)!);
    });
    await Promise.all(workers);

    const { namespaces } = await client.request<{ namespaces: string[] }>('kubeward/workloadNamespaces', undefined);
    scanner.scan('workloadNamespaces', namespaces);
    for (const namespace of namespaces) {
      scanner.scan(`networkReachability ${namespace}`, await client.request('kubeward/networkReachability', { namespace }));
      stats.requests++;
    }
    // Every publication, including those sent again when another document changed the workspace.
    const publications = client.publications;
    publicationCount = publications.length;
    for (const publication of publications) scanner.scan(`publishDiagnostics ${publication.uri}@${String(publication.version)}`, publication);
    assert.ok(publications.length >= files.length, `only ${publications.length} diagnostics publications`);
    assert.equal(await client.shutdown(), 0, 'the server did not exit cleanly');
  } finally {
    client.kill();
  }
  scanner.scan('window/logMessage', client.logMessages);
  scanner.scan('server stderr', client.serverStderr);
  await cliDone;

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `secrets-in-output: scanned ${scanner.outputs} outputs (${(scanner.characters / 1e6).toFixed(1)} M characters): ${stats.requests} server requests ` +
      `(${stats.hovers} hovers, ${stats.hoverAnswers} answered; ${stats.details} certificateDetails, ${stats.detailsAnswers} answered; ${stats.actions} code actions), ` +
      `${publicationCount} diagnostics publications, ${client.logMessages.length} log messages, server stderr and 3 CLI runs x 2 streams, in ${seconds} s; ` +
      `${scanner.leaks.length} leaks`,
  );
  // The scan can see a leak: the in-place decodings, which show keys on purpose, do contain private key needles.
  assert.ok(
    session.control.leaks.some((leak) => /PRIVATE KEY/.test(leak.needle.what)),
    'no private key needle matched even the decoded-in-place keys: the needles do not match what the server writes',
  );
  assert.ok(stats.detailsAnswers > 0 && stats.hoverAnswers > stats.hovers / 10, 'the probes hardly reached anything the server answers');
  const report = [...new Map(scanner.leaks.map((leak) => [`${leak.needle.value}\u0000${leak.output}`, leak])).values()].map(
    (leak) => `${describeNeedle(leak.needle)} appears in ${leak.output}`,
  );
  assert.equal(report.length, 0, `${report.length} credential leaks into output:\n${report.join('\n')}`);
});
