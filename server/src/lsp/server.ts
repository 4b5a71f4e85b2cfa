/**
 * Wires the LSP connection to the engine and the editor services. Handlers convert positions and shapes;
 * they hold no analysis logic of their own.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll, findingsIn, quickFixes, type ActionProposal } from '../services/code-actions';
import { hover } from '../services/hover/index';
import { effectiveAccessReport } from '../services/hover/effective-access';
import { networkActions } from '../services/netpol-actions';
import { credentialActions } from '../services/credential-actions';
import { certificateDetails } from '../services/hover/credentials';
import { reachabilityMarkdown } from '../engine/analysis/netpol/summary';
import {
  CertificateDetailsRequest,
  EffectiveAccessRequest,
  NetworkReachabilityRequest,
  WorkloadNamespacesRequest,
  YamlExtensionNotification,
  type KubewardInitializationOptions,
} from '../protocol';
import { documentSymbols } from '../services/symbols';
import { toDiagnostic, toRange, toTextEdit, type DiagnosticData } from './convert';
import { AnalysisStore, type AnalysedVersion } from './documents';
import { SettingsCache } from './settings';
import { isPlainSchemaFinding, YamlExtensionState } from './schema-diagnostics';
import type { Finding, StreamAnalysis } from '../engine/linter';
import { WorkspaceIndex } from '../engine/workspace';
import { WorkspaceFiles } from './workspace-files';
import { registerRbacHandlers } from './rbac-handlers';
import { registerAccessHandlers } from './access-handlers';
import { registerManifestHandlers } from './manifest-handlers';
import { registerCsrHandlers } from './csr-handlers';
import { registerCompletionHandlers } from './completion-handlers';
import { COMPLETION_TRIGGER_CHARACTERS } from '../services/completion/index';
import { registerEditorFeatureHandlers } from './editor-feature-handlers';
import { warmUpEngine } from './warm-up';
import { Logger } from './logger';

const YAML_LANGUAGES = new Set(['yaml', 'kubernetes', 'helm']);
/** How often the indexing progress is reported, in files read. */
const PROGRESS_EVERY_FILES = 250;
/** How close together changes must come to count as a flood rather than typing. */
const FLOOD_WINDOW_MS = 30;

export function startServer(connection: Connection, serverVersion: string): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new WorkspaceIndex();
  const workspaceFiles = new WorkspaceFiles(workspace);
  const store = new AnalysisStore(workspace);
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let canReportProgress = false;
  let canRefreshInlayHints = false;
  let offerSnippets = true;
  const log = new Logger(connection.console);
  const settings = new SettingsCache(connection, () => canPullConfiguration, log);
  const yamlExtension = new YamlExtensionState(connection, () => canPullConfiguration);
  const pending = new Set<string>();
  const lastValidated = new Map<string, number>();
  /** Settles once the server's own settings (file selection, limits, log level) have been read the first time. */
  let serverSettingsApplied: Promise<boolean> = Promise.resolve(false);

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    const initializationOptions = params.initializationOptions as KubewardInitializationOptions | undefined;
    yamlExtension.setPresent(initializationOptions?.yamlExtension === true);
    offerSnippets = initializationOptions?.snippets !== false;
    canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    workspaceFiles.setFolders(params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []));
    warmUpEngine();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, CodeActionKind.Refactor] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
        inlayHintProvider: true,
        documentLinkProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'kubeward', version: serverVersion },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    }
    serverSettingsApplied = applyServerSettings();
    void serverSettingsApplied.then(indexWorkspace);
  });

  /** Reads the server's settings; true when they change which files belong in the index. */
  async function applyServerSettings(): Promise<boolean> {
    const current = await settings.serverSettings();
    log.setLevel(current.logLevel);
    return workspaceFiles.configure(current);
  }

  /** The scan runs in the background: open documents are served meanwhile and re-checked once it is done. */
  async function indexWorkspace(): Promise<void> {
    const started = performance.now();
    const before = workspace.version;
    const progress = canReportProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Kubeward: indexing the workspace', undefined, 'reading YAML files');
    try {
      const summary = await workspaceFiles.scan((files) => {
        if (files % PROGRESS_EVERY_FILES === 0) progress?.report(`${files} files read`);
      });
      const limit = summary.truncated ? ' (stopped at kubeward.limits.maxWorkspaceFiles)' : '';
      const threads = summary.workers > 0 ? ` by ${summary.workers} worker thread${summary.workers === 1 ? '' : 's'}` : '';
      log.info(`Indexed ${summary.files} workspace files in ${Math.round(performance.now() - started)} ms${threads}${limit}.`);
    } catch (error) {
      reportInternalError('indexing the workspace', error);
    } finally {
      progress?.done();
    }
    if (workspace.version !== before) revalidateAll();
  }

  connection.onDidChangeWatchedFiles(async (change) => {
    const before = workspace.version;
    for (const event of change.changes) {
      if (event.type === FileChangeType.Deleted) workspaceFiles.deletedOnDisk(event.uri);
      else await workspaceFiles.changedOnDisk(event.uri);
    }
    if (workspace.version !== before) revalidateAll();
  });

  function revalidateAll(): void {
    for (const document of documents.all()) schedule(document.uri);
    editorFeatures.refresh();
  }

  connection.onNotification(YamlExtensionNotification.type, ({ present }) => {
    if (yamlExtension.setPresent(present === true)) revalidateAll();
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { kubeward?: unknown } | null)?.kubeward;
    settings.changed(pushed);
    yamlExtension.settingsChanged();
    serverSettingsApplied = applyServerSettings();
    void serverSettingsApplied.then(async (filesChanged) => {
      if (filesChanged) await indexWorkspace();
      revalidateAll();
    });
  });

  documents.onDidOpen((event) => {
    workspaceFiles.opened(event.document.uri);
    schedule(event.document.uri);
  });
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    pending.delete(event.document.uri);
    lastValidated.delete(event.document.uri);
    store.close(event.document.uri);
    void workspaceFiles.closed(event.document.uri).then(() => revalidateAll());
    settings.forget(event.document.uri);
    yamlExtension.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  /**
   * Validation runs at once after a quiet spell, so a keystroke is answered without delay. Changes that arrive
   * within FLOOD_WINDOW_MS of the document's last validation are coalesced: they wait for the window to pass and
   * are validated once, on whatever version is newest by then (a client flooding edits gets few publications).
   */
  function schedule(uri: string): void {
    if (pending.has(uri)) return;
    pending.add(uri);
    const run = () => {
      if (!pending.delete(uri)) return;
      lastValidated.set(uri, performance.now());
      validate(uri).catch((error: unknown) => reportInternalError(`validating ${uri}`, error));
    };
    const sinceLast = performance.now() - (lastValidated.get(uri) ?? -Infinity);
    if (sinceLast < FLOOD_WINDOW_MS) setTimeout(run, FLOOD_WINDOW_MS - sinceLast);
    else setImmediate(run);
  }

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document || !YAML_LANGUAGES.has(document.languageId)) return;
    await serverSettingsApplied;
    if (!workspaceFiles.selects(uri)) {
      store.close(uri);
      await connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const config = await settings.get(uri);
    // Read before the analysis: no await may come between analysing a version and publishing it.
    const shown = await shownFindings(uri);
    const current = documents.get(uri);
    if (!current) return;
    const indexVersion = workspace.version;
    const result = store.analyse(current, config);
    const diagnostics = shown(result.analysis).map((finding) => toDiagnostic(result.lines, finding));
    await connection.sendDiagnostics({ uri, version: result.version, diagnostics });
    // What this document defines changed the index: the other open documents may refer to it.
    if (workspace.version !== indexVersion) {
      for (const other of documents.all()) if (other.uri !== uri) schedule(other.uri);
      editorFeatures.refresh();
    }
  }

  /**
   * A failure inside the engine must not take the server down with it: it is logged (message and stack only, never
   * document content) and the server goes on serving.
   */
  function reportInternalError(activity: string, error: unknown): void {
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    log.error(`Kubeward failed while ${activity}: ${detail}`);
  }

  /**
   * Which findings of a document the user sees: all of them, or all but the plain schema errors that the YAML
   * extension reports already. Code actions offer fixes only for the findings shown.
   */
  async function shownFindings(uri: string): Promise<(analysis: StreamAnalysis) => Finding[]> {
    const plainSchema = await yamlExtension.publishesPlainSchema(uri, (await settings.serverSettings()).schemaDiagnostics);
    return plainSchema ? (analysis) => analysis.findings : (analysis) => analysis.findings.filter((finding) => !isPlainSchemaFinding(finding, analysis.text));
  }

  async function analysed(uri: string, token: CancellationToken): Promise<AnalysedVersion | undefined> {
    const document = documents.get(uri);
    if (!document || !YAML_LANGUAGES.has(document.languageId) || !workspaceFiles.selects(uri)) return undefined;
    const config = await settings.get(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled.');
    const current = documents.get(uri);
    return current ? store.analyse(current, config) : undefined;
  }

  /** The analysis with only the findings the user is shown, for the features that speak of findings. */
  async function analysedAsShown(uri: string, token: CancellationToken): Promise<AnalysedVersion | undefined> {
    const shown = await shownFindings(uri);
    const result = await analysed(uri, token);
    if (!result) return undefined;
    return { ...result, analysis: { ...result.analysis, findings: shown(result.analysis) } };
  }

  connection.onHover(async (params, token) => {
    const result = await analysedAsShown(params.textDocument.uri, token);
    if (!result) return null;
    const answer = hover(result.analysis, result.lines.offsetAt(params.position), result.config, workspace);
    if (!answer) return null;
    return {
      contents: { kind: 'markdown', value: answer.markdown },
      ...(answer.range ? { range: toRange(result.lines, answer.range) } : {}),
    };
  });

  connection.onCodeAction(async (params, token) => {
    const result = await analysedAsShown(params.textDocument.uri, token);
    if (!result) return null;
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const range = { start: result.lines.offsetAt(params.range.start), end: result.lines.offsetAt(params.range.end) };
      const flagged = new Set(
        params.context.diagnostics
          .filter((diagnostic) => diagnostic.source === 'kubeward')
          .map((diagnostic) => JSON.stringify(diagnostic.data as DiagnosticData)),
      );
      const findings = findingsIn(result.analysis, range).filter(
        (finding) => flagged.size === 0 || flagged.has(JSON.stringify({ ruleId: finding.ruleId, start: finding.range.start, end: finding.range.end })),
      );
      for (const proposal of quickFixes(result.analysis, findings)) actions.push(toCodeAction(proposal));
    }
    const all = fixAll(result.analysis);
    if (all && wants(CodeActionKind.SourceFixAll)) actions.push(toCodeAction(all));
    if (wants(CodeActionKind.Refactor)) {
      for (const action of networkActions(result.analysis, result.lines.offsetAt(params.range.start), workspace)) {
        actions.push({
          title: action.title,
          kind: CodeActionKind.Refactor,
          edit: { changes: { [params.textDocument.uri]: action.fix.edits.map((edit) => toTextEdit(result.lines, edit)) } },
        });
      }
    }
    const range = { start: result.lines.offsetAt(params.range.start), end: result.lines.offsetAt(params.range.end) };
    for (const action of credentialActions(result.analysis, range)) {
      // A kind per direction lets a client ask for exactly one of them, as the decode and encode commands do.
      const kind = `${CodeActionKind.RefactorRewrite}.kubeward.${action.direction}`;
      if (!wants(kind)) continue;
      actions.push({
        title: action.title,
        kind,
        edit: { changes: { [params.textDocument.uri]: action.fix.edits.map((edit) => toTextEdit(result.lines, edit)) } },
      });
    }
    return actions;

    function toCodeAction(proposal: ActionProposal): CodeAction {
      const diagnostic = proposal.finding && params.context.diagnostics.find((candidate) => {
        const data = candidate.data as DiagnosticData | undefined;
        return data?.ruleId === proposal.finding?.ruleId && data?.start === proposal.finding?.range.start;
      });
      return {
        title: proposal.title,
        kind: proposal.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll,
        isPreferred: proposal.preferred,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
        edit: { changes: { [params.textDocument.uri]: proposal.fix.edits.map((edit) => toTextEdit(result!.lines, edit)) } },
      };
    }
  });

  connection.onDocumentSymbol(async (params, token) => {
    const result = await analysed(params.textDocument.uri, token);
    if (!result) return null;
    return documentSymbols(result.analysis).map((symbol) => ({
      name: symbol.name,
      detail: symbol.detail,
      kind: SymbolKind.Object,
      range: toRange(result.lines, symbol.range),
      selectionRange: toRange(result.lines, symbol.selectionRange),
    }));
  });

  registerRbacHandlers(connection, workspace, analysed);
  registerAccessHandlers(connection, workspace, revalidateAll);
  registerManifestHandlers(connection);
  registerCsrHandlers(connection);
  registerCompletionHandlers(connection, workspace, analysed, () => offerSnippets);
  const editorFeatures = registerEditorFeatureHandlers(connection, workspace, analysed, settings, () => canRefreshInlayHints);
  connection.onRequest(CertificateDetailsRequest.type, async ({ uri, position }, token) => {
    const result = await analysed(uri, token);
    if (!result) return { text: '' };
    return { text: certificateDetails(result.analysis, result.lines.offsetAt(position), new Date()) ?? '' };
  });
  connection.onRequest(NetworkReachabilityRequest.type, ({ namespace }) => ({ markdown: reachabilityMarkdown(workspace.network.model(), namespace) }));
  connection.onRequest(WorkloadNamespacesRequest.type, () => ({
    namespaces: [...new Set(workspace.network.model().workloadsAll().map((workload) => workload.namespace))].sort(),
  }));
  connection.onRequest(EffectiveAccessRequest.type, async ({ uri, position }, token) => {
    const result = await analysed(uri, token);
    if (!result) return { markdown: '' };
    return { markdown: effectiveAccessReport(result.analysis, result.lines.offsetAt(position), workspace) ?? '' };
  });

  documents.listen(connection);
  connection.listen();
}
