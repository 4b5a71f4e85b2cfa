/**
 * The initialize handshake: what the client can do is recorded in the session, and the server answers with the
 * features it provides.
 */
import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import type { KubewardInitializationOptions } from '../../protocol';
import { COMPLETION_TRIGGER_CHARACTERS } from '../../services/completion/index';
import type { ServerSession } from '../session';
import { IndexCache } from '../index-cache';
import { warmUpEngine } from '../warm-up';

export function registerInitialize(session: ServerSession, serverVersion: string): void {
  session.connection.onInitialize((params): InitializeResult => {
    const { capabilities } = params;
    const options = params.initializationOptions as KubewardInitializationOptions | undefined;
    session.client = {
      pullConfiguration: capabilities.workspace?.configuration === true,
      watchFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      reportProgress: capabilities.window?.workDoneProgress === true,
      refreshInlayHints: capabilities.workspace?.inlayHint?.refreshSupport === true,
      refreshCodeLenses: capabilities.workspace?.codeLens?.refreshSupport === true,
      wantsSnippets: options?.snippets !== false,
    };
    session.yamlExtension.setPresent(options?.yamlExtension === true);
    session.workspaceFiles.setFolders(params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []));
    session.workspaceFiles.useCache(IndexCache.open(options?.cacheFolder, (message) => session.log.warning(message)));
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
}
