/**
 * The language server's state, created once per connection: open documents, their analyses, the workspace index
 * and the files that feed it, settings, what the client can do, and the log. Handler modules receive the session
 * and register against its connection; none keeps server state of its own beyond what its feature needs.
 */
import { StaticAuthFile } from '../engine/model/static-auth-file';
import { PemFile, PEM_FILE_NAME } from '../engine/model/pem-file';
import { OpensslConfigFile, OPENSSL_CONFIG_NAME } from '../engine/model/openssl-config';
import type { FileDocument } from '../engine/model/file-document';
import { LineIndex } from '../engine/model/line-index';
import { LSPErrorCodes, ResponseError, TextDocuments, type CancellationToken, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, StreamAnalysis } from '../engine/linter';
import { WorkspaceIndex } from '../engine/workspace';
import { AnalysisStore, type AnalysedVersion } from './documents';
import { Logger } from './logger';
import { isPlainSchemaFinding, YamlExtensionState } from './schema-diagnostics';
import { SettingsCache } from './settings';
import type { RevisionComparison } from './revision-comparison';
import { WorkspaceFiles } from './workspace-files';

const YAML_LANGUAGES = new Set(['yaml', 'kubernetes', 'helm']);

/** What the client said it can do, read once from the initialize request. */
export interface ClientAbilities {
  pullConfiguration: boolean;
  watchFiles: boolean;
  reportProgress: boolean;
  refreshInlayHints: boolean;
  refreshCodeLenses: boolean;
  /** Whether the client wants the snippets as completion items (see KubewardInitializationOptions). */
  wantsSnippets: boolean;
}

/** A change of the workspace index; `except` names the document whose own analysis caused it, if one did. */
export type WorkspaceChangeListener = (except?: string) => void;

export class ServerSession {
  readonly documents = new TextDocuments(TextDocument);
  readonly workspace = new WorkspaceIndex();
  readonly workspaceFiles = new WorkspaceFiles(this.workspace, (message) => this.log.warning(message));
  readonly store = new AnalysisStore(this.workspace);
  readonly log: Logger;
  readonly settings: SettingsCache;
  readonly yamlExtension: YamlExtensionState;
  client: ClientAbilities = { pullConfiguration: false, watchFiles: false, reportProgress: false, refreshInlayHints: false, refreshCodeLenses: false, wantsSnippets: true };
  /** The git revision the workspace was last compared with, for the code lenses of changed bindings and roles. */
  comparison: RevisionComparison | undefined;
  /** Settles once the server's own settings (file selection, limits, log level) have been read the first time. */
  serverSettingsApplied: Promise<boolean> = Promise.resolve(false);
  private readonly workspaceListeners: WorkspaceChangeListener[] = [];
  /** The last version of each open non-YAML file as read by fileDocument. */
  private readonly fileDocuments = new Map<string, { version: number; kind: string | undefined; read: { file: FileDocument; lines: LineIndex } | undefined }>();

  constructor(readonly connection: Connection) {
    this.log = new Logger(connection.console);
    this.settings = new SettingsCache(connection, () => this.client.pullConfiguration, this.log);
    this.yamlExtension = new YamlExtensionState(connection, () => this.client.pullConfiguration);
    this.documents.onDidClose(({ document }) => this.fileDocuments.delete(document.uri));
  }

  /** Reads the server's settings again; the promise says whether they change which files belong in the index. */
  applyServerSettings(): Promise<boolean> {
    this.serverSettingsApplied = this.settings.serverSettings().then((current) => {
      this.log.setLevel(current.logLevel);
      return this.workspaceFiles.configure(current);
    });
    return this.serverSettingsApplied;
  }

  onWorkspaceChanged(listener: WorkspaceChangeListener): void {
    this.workspaceListeners.push(listener);
  }

  /** Tells every feature that depends on other files that the workspace changed. */
  workspaceChanged(except?: string): void {
    for (const listener of this.workspaceListeners) listener(except);
  }

  /** Whether an open document is in a language the server reads; YAML that the file settings leave out is. */
  isYaml(uri: string): boolean {
    const document = this.documents.get(uri);
    return !!document && YAML_LANGUAGES.has(document.languageId);
  }

  /**
   * An open document that is not YAML but a file Kubeward reads (a PEM file by its name, a static credential or
   * ABAC file by glob or flag), read as such.
   */
  fileDocument(uri: string): { file: FileDocument; lines: LineIndex } | undefined {
    const document = this.documents.get(uri);
    if (!document || this.isYaml(uri)) return undefined;
    const kind = PEM_FILE_NAME.test(uri) ? 'pki' : OPENSSL_CONFIG_NAME.test(uri) ? 'openssl-config' : this.workspaceFiles.staticAuthKind(uri);
    // Hovers and details ask often; a version is read once (a static auth file's kind can change with the workspace).
    const kept = this.fileDocuments.get(uri);
    if (kept && kept.version === document.version && kept.kind === kind) return kept.read;
    const text = document.getText();
    const lines = new LineIndex(text);
    const file = kind === 'pki' ? new PemFile(text, uri) : kind === 'openssl-config' ? new OpensslConfigFile(text) : kind ? new StaticAuthFile(text, kind) : undefined;
    const read = file ? { file, lines } : undefined;
    this.fileDocuments.set(uri, { version: document.version, kind, read });
    return read;
  }

  /** The analysis of a document's current version, for a request; undefined when the server does not analyse it. */
  async analysed(uri: string, token: CancellationToken): Promise<AnalysedVersion | undefined> {
    if (!this.isYaml(uri) || !this.workspaceFiles.selects(uri)) return undefined;
    const config = await this.settings.get(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled.');
    const current = this.documents.get(uri);
    return current ? this.store.analyse(current, config) : undefined;
  }

  /** The analysis with only the findings the user is shown, for the features that speak of findings. */
  async analysedAsShown(uri: string, token: CancellationToken): Promise<AnalysedVersion | undefined> {
    const shown = await this.shownFindings(uri);
    const result = await this.analysed(uri, token);
    if (!result) return undefined;
    return { ...result, analysis: { ...result.analysis, findings: shown(result.analysis) } };
  }

  /**
   * Which findings of a document the user sees: all of them, or all but the plain schema errors that the YAML
   * extension reports already. Diagnostics, hovers and code actions all go through this one filter.
   */
  async shownFindings(uri: string): Promise<(analysis: StreamAnalysis) => Finding[]> {
    const mode = (await this.settings.serverSettings()).schemaDiagnostics;
    const plainSchema = await this.yamlExtension.publishesPlainSchema(uri, mode);
    if (plainSchema) return (analysis) => analysis.findings;
    return (analysis) => analysis.findings.filter((finding) => !isPlainSchemaFinding(finding, analysis.text));
  }

  /**
   * A failure inside the engine must not take the server down with it: it is logged (message and stack only, never
   * document content) and the server goes on serving.
   */
  reportInternalError(activity: string, error: unknown): void {
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    this.log.error(`Kubeward failed while ${activity}: ${detail}`);
  }
}

/** What every handler module exports: registration of its handlers against the session's connection. */
export type HandlerModule = (session: ServerSession) => void;
