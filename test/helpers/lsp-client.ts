/**
 * A small language client for tests: it starts the built server (`dist/server.js --stdio`), speaks JSON-RPC to it,
 * answers `workspace/configuration` from settings the test controls and lets a test wait for the diagnostics of a
 * document version. Nothing here sleeps: every wait is on a message, with a timeout that fails with what arrived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ConfigurationParams,
  Diagnostic,
  InitializeParams,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { REPO_ROOT } from './paths';

export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');

/** How long a test waits for one message before it fails; generous, because test files run in parallel. */
const DEFAULT_TIMEOUT_MS = 20_000;

export interface LspClientOptions {
  /**
   * Settings the client answers `workspace/configuration` with, as the editor's settings tree:
   * `{ kubeward: { rules: { … } } }`. A section that is absent is answered with `null`. Tests may replace it later
   * through `client.settings`.
   */
  settings?: Record<string, unknown>;
  /** Whether the client announces `workspace.configuration` support (default true). */
  pullConfiguration?: boolean;
  /** Workspace folder URIs announced in `initialize`, which the server indexes. */
  workspaceFolders?: string[];
  /** Whether the client announces `window.workDoneProgress` (default false). */
  workDoneProgress?: boolean;
  /** Sent as `initializationOptions`, as the VS Code client sends what it knows of the editor. */
  initializationOptions?: unknown;
}

interface DiagnosticsWaiter {
  uri: string;
  version: number | undefined;
  resolve(params: PublishDiagnosticsParams): void;
}

export class LspClient {
  /** Answered to `workspace/configuration`; replace it, then send didChangeConfiguration, to change settings. */
  settings: Record<string, unknown>;
  /** Every `workspace/configuration` item the server asked for, in order. */
  readonly configurationRequests: ConfigurationParams['items'] = [];
  /** Every window/logMessage the server sent, in order. */
  readonly logMessages: LogMessageParams[] = [];
  /** The value of every $/progress notification, in order. */
  readonly progress: { kind: string; title?: string; message?: string }[] = [];
  private readonly published: PublishDiagnosticsParams[] = [];
  /** Publications already handed to a test, so the next wait returns a newer one. */
  private readonly consumed = new Set<PublishDiagnosticsParams>();
  private readonly waiters: DiagnosticsWaiter[] = [];
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private stderr = '';

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    private readonly options: LspClientOptions,
  ) {
    this.settings = options.settings ?? {};
    this.exited = new Promise((resolve) => {
      process.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
    });
    process.stderr?.setEncoding('utf8');
    process.stderr?.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(...params.items);
      return params.items.map((item) => (item.section === undefined ? this.settings : lookUp(this.settings, item.section)));
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (this.take(params, waiter.uri, waiter.version)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
          break;
        }
      }
    });
    connection.onNotification('$/progress', (params: { value: { kind: string; title?: string; message?: string } }) => {
      this.progress.push(params.value);
    });
    connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logMessages.push(params);
    });
    connection.listen();
  }

  /** Starts the server over stdio. It is not initialized yet: call `initialize()`. */
  static start(options: LspClientOptions = {}): LspClient {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing; run "node scripts/build.mjs" first.`);
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    // A write after the server died must not crash the test process; the pending waits report the exit instead.
    child.stdin!.on('error', () => undefined);
    return new LspClient(child, connection, options);
  }

  /** Starts and initializes a server, ready for documents. */
  static async started(options: LspClientOptions = {}): Promise<{ client: LspClient; initialized: InitializeResult }> {
    const client = LspClient.start(options);
    const initialized = await client.initialize();
    return { client, initialized };
  }

  async initialize(): Promise<InitializeResult> {
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: this.options.workspaceFolders?.map((uri) => ({ uri, name: uri.split('/').pop() ?? uri })) ?? null,
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: { configuration: this.options.pullConfiguration ?? true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          synchronization: { didSave: false, dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true, relatedInformation: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        window: { workDoneProgress: this.options.workDoneProgress ?? false },
      },
    };
    const result = await this.request<InitializeResult>('initialize', params);
    await this.notify('initialized', {});
    return result;
  }

  /** Sends a request, failing with the server's stderr when no answer comes in time. */
  request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    const answer = params === undefined ? this.connection.sendRequest<R>(method) : this.connection.sendRequest<R>(method, params);
    return this.withTimeout(answer, timeoutMs, `an answer to ${method}`);
  }

  /** Sends a request and cancels it at once (the client writes `$/cancelRequest` right after the request). */
  requestCancelled<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    const source = new CancellationTokenSource();
    const answer = this.connection.sendRequest<R>(method, params, source.token);
    source.cancel();
    return this.withTimeout(answer, timeoutMs, `an answer to the cancelled ${method}`);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return params === undefined ? this.connection.sendNotification(method) : this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Every diagnostics publication so far, in arrival order. */
  get publications(): readonly PublishDiagnosticsParams[] {
    return this.published;
  }

  /** The versions of every publication for `uri` so far, in arrival order. */
  publishedVersions(uri: string): number[] {
    return this.published.filter((params) => params.uri === uri && params.version !== undefined).map((params) => params.version!);
  }

  /** Tells the server the settings changed; it then pulls them again with `workspace/configuration`. */
  changeConfiguration(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  /**
   * Waits for the next publication for `uri` (and `version`, when given) that no earlier wait returned.
   * Publications that arrived before the call count, so a test can open a document and wait afterwards.
   */
  diagnostics(uri: string, version?: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PublishDiagnosticsParams> {
    const ready = this.published.find((params) => this.take(params, uri, version));
    if (ready) return Promise.resolve(ready);
    const wanted = `publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`;
    return this.withTimeout(
      new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, version, resolve })),
      timeoutMs,
      wanted,
    );
  }

  /** Waits for the server's "Indexed N workspace files" log message, which ends its workspace scan. */
  async workspaceIndexed(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<LogMessageParams> {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      const message = this.logMessages.find((candidate) => candidate.message.startsWith('Indexed '));
      if (message) return message;
      if (Date.now() > deadline) throw new Error(`The server never reported indexing the workspace: ${this.serverStderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops the server the way an editor does (shutdown, then exit) and returns its exit code; kills it on timeout. */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    try {
      await this.request<null>('shutdown', undefined, timeoutMs);
      await this.notify('exit');
    } catch (error) {
      this.kill();
      throw error;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    this.connection.dispose();
    if (outcome === 'timeout') {
      this.kill();
      throw new Error(`The server did not exit within ${timeoutMs} ms of the exit notification.`);
    }
    return outcome;
  }

  /** Ends the server without the protocol; for cleanup after a failed test. Safe to call more than once. */
  kill(): void {
    this.connection.dispose();
    if (this.exitCode === undefined && this.process.exitCode === null) this.process.kill();
  }

  /** What the server wrote to stderr so far, for failure messages. */
  get serverStderr(): string {
    return this.stderr;
  }

  private take(params: PublishDiagnosticsParams, uri: string, version: number | undefined): boolean {
    if (this.consumed.has(params) || params.uri !== uri || (version !== undefined && params.version !== version)) return false;
    this.consumed.add(params);
    return true;
  }

  private withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${this.describeState()}`)), timeoutMs);
      void this.exited.then((code) => {
        reject(new Error(`The server exited (code ${String(code)}) while the test waited for ${what}.${this.describeState()}`));
      });
    });
    return Promise.race([promise, failure]).finally(() => clearTimeout(timer));
  }

  private describeState(): string {
    const received = this.published.map((params) => `${params.uri}@${String(params.version)} (${params.diagnostics.length})`).join(', ');
    return `\nPublications received: ${received || 'none'}.\nServer stderr: ${this.stderr.trim() || '(empty)'}`;
  }
}

/** Follows a dotted section (`kubeward.rules`) through a settings tree; absent sections are `null`. */
function lookUp(settings: Record<string, unknown>, section: string): unknown {
  let current: unknown = settings;
  for (const part of section.split('.')) {
    if (typeof current !== 'object' || current === null || !(part in current)) return null;
    current = (current as Record<string, unknown>)[part];
  }
  return current ?? null;
}

/** Diagnostics with only the fields a test usually compares, for readable assertion failures. */
export function summarize(diagnostics: readonly Diagnostic[]): { code: unknown; line: number; character: number; message: Diagnostic['message'] }[] {
  return diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    line: diagnostic.range.start.line,
    character: diagnostic.range.start.character,
    message: diagnostic.message,
  }));
}
