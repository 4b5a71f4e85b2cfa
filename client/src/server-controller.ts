/**
 * Owns the language client. The server starts only once a YAML document that holds Kubernetes objects or a
 * kubeconfig is open (or a Kubeward command needs it), so YAML work unrelated to Kubernetes never pays for it.
 */
import * as path from 'node:path';
import { commands, workspace, type Disposable, type ExtensionContext, type LogOutputChannel, type TextDocument } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { initializationOptions, reportYamlExtension, YAML_SETTINGS } from './yaml-extension';

/** A top-level key that only Kubernetes objects and kubeconfig files start lines with. */
const MANIFEST_LINE = /^(apiVersion|kind|clusters|contexts|users|current-context)\s*:/m;
/** Enough of a file to find its first document's header without reading a huge file twice. */
const SNIFF_LENGTH = 64 * 1024;

export function looksLikeManifest(document: TextDocument): boolean {
  if (document.languageId !== 'yaml') return false;
  const head = document.getText().slice(0, SNIFF_LENGTH);
  return MANIFEST_LINE.test(head);
}

export class ServerController implements Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly watcher: Disposable;
  private yamlExtensionWatch: Disposable | undefined;

  constructor(
    private readonly context: ExtensionContext,
    private readonly output: LogOutputChannel,
  ) {
    this.watcher = workspace.onDidOpenTextDocument((document) => this.startFor(document));
    for (const document of workspace.textDocuments) this.startFor(document);
  }

  /** The running client, started on demand. */
  ensureStarted(): Promise<LanguageClient> {
    this.starting ??= this.start();
    return this.starting;
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the Kubeward language server.');
    await this.stop();
    await this.ensureStarted();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    this.yamlExtensionWatch?.dispose();
    this.yamlExtensionWatch = undefined;
    await commands.executeCommand('setContext', 'kubeward.serverRunning', false);
    if (client?.isRunning()) await client.stop();
    await client?.dispose();
  }

  dispose(): void {
    this.watcher.dispose();
    void this.stop();
  }

  private startFor(document: TextDocument): void {
    if (!this.starting && looksLikeManifest(document)) {
      this.ensureStarted().catch((error: unknown) => this.output.error(`The Kubeward language server did not start: ${String(error)}`));
    }
  }

  private async start(): Promise<LanguageClient> {
    const module = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    // The workspace index is kept between sessions in the extension's storage for this workspace, never in the workspace.
    const initialization = { ...initializationOptions(), snippets: false, ...(this.context.storageUri ? { cacheFolder: this.context.storageUri.fsPath } : {}) };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'yaml', scheme: 'file' },
        { language: 'yaml', scheme: 'untitled' },
        // kube-apiserver's static token, password and ABAC files (the server decides which of them are), PEM files
        // and openssl configuration files.
        { scheme: 'file', pattern: '**/*.{csv,jsonl,json,crt,pem,cer,csr,key,cnf}' },
      ],
      synchronize: { configurationSection: ['kubeward', ...YAML_SETTINGS] },
      initializationOptions: initialization,
      outputChannel: this.output,
      traceOutputChannel: this.output,
    };
    const client = new LanguageClient('kubeward', 'Kubeward', serverOptions, clientOptions);
    const started = performance.now();
    await client.start();
    this.client = client;
    this.yamlExtensionWatch = reportYamlExtension(client, initialization.yamlExtension === true);
    this.output.info(`Kubeward language server started in ${Math.round(performance.now() - started)} ms.`);
    await commands.executeCommand('setContext', 'kubeward.serverRunning', true);
    return client;
  }
}
