/**
 * Publishes diagnostics: every open YAML document is validated when it opens or changes, and again when the
 * workspace changes under it (another file's roles, the settings, the YAML extension's presence).
 */
import { YamlExtensionNotification } from '../../protocol';
import { toDiagnostic } from '../convert';
import type { ServerSession } from '../session';

/** How close together changes must come to count as a flood rather than typing. */
const FLOOD_WINDOW_MS = 30;

export function registerValidation(session: ServerSession): void {
  const { connection, documents } = session;
  const pending = new Set<string>();
  const lastValidated = new Map<string, number>();

  /**
   * Validation runs at once after a quiet spell, so a keystroke is answered without delay. Changes that arrive
   * within FLOOD_WINDOW_MS of the document's last validation are coalesced: they wait for the window to pass and
   * are validated once, on whatever version is newest by then (a client flooding edits gets few publications).
   */
  const schedule = (uri: string): void => {
    if (pending.has(uri)) return;
    pending.add(uri);
    const run = () => {
      if (!pending.delete(uri)) return;
      lastValidated.set(uri, performance.now());
      validate(session, uri).catch((error: unknown) => session.reportInternalError(`validating ${uri}`, error));
    };
    const sinceLast = performance.now() - (lastValidated.get(uri) ?? -Infinity);
    if (sinceLast < FLOOD_WINDOW_MS) setTimeout(run, FLOOD_WINDOW_MS - sinceLast);
    else setImmediate(run);
  };

  session.onWorkspaceChanged((except) => {
    for (const document of documents.all()) if (document.uri !== except) schedule(document.uri);
  });

  documents.onDidOpen((event) => {
    session.workspaceFiles.opened(event.document.uri);
    schedule(event.document.uri);
  });
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    const { uri } = event.document;
    pending.delete(uri);
    lastValidated.delete(uri);
    session.store.close(uri);
    void session.workspaceFiles.closed(uri).then(() => session.workspaceChanged());
    session.settings.forget(uri);
    session.yamlExtension.forget(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onNotification(YamlExtensionNotification.type, ({ present }) => {
    if (session.yamlExtension.setPresent(present === true)) session.workspaceChanged();
  });
}

async function validate(session: ServerSession, uri: string): Promise<void> {
  const { connection, documents, workspace } = session;
  const document = documents.get(uri);
  if (!document) return;
  await session.serverSettingsApplied;
  if (!session.isYaml(uri)) return validateFile(session, uri);
  if (!session.workspaceFiles.selects(uri)) {
    // Out of the file selection: whatever was published before is withdrawn.
    session.store.close(uri);
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
    return;
  }
  const config = await session.settings.get(uri);
  // Read before the analysis: no await may come between analysing a version and publishing it.
  const shown = await session.shownFindings(uri);
  const current = documents.get(uri);
  if (!current) return;
  const indexVersion = workspace.version;
  const result = session.store.analyse(current, config);
  const diagnostics = shown(result.analysis).map((finding) => toDiagnostic(result.lines, finding));
  await connection.sendDiagnostics({ uri, version: result.version, diagnostics });
  // What this document defines changed the index: the other open documents may refer to it.
  if (workspace.version !== indexVersion) session.workspaceChanged(uri);
}

/**
 * A document in another language is checked only when it is a file Kubeward reads: a PEM file, or one of
 * kube-apiserver's static credential or ABAC files, which it may stop being as the workspace's kube-apiserver
 * flags change; a document that is none of these has its diagnostics withdrawn.
 */
async function validateFile(session: ServerSession, uri: string): Promise<void> {
  const { connection, documents, workspace } = session;
  const document = documents.get(uri);
  if (!document) return;
  const read = session.fileDocument(uri);
  if (!read) {
    if (session.store.close(uri)) await connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
    return;
  }
  const config = await session.settings.get(uri);
  const current = documents.get(uri);
  // The document may have changed while the settings were read: analyse the version that is current now.
  const latest = session.fileDocument(uri);
  if (!current || !latest) return;
  const indexVersion = workspace.version;
  const result = session.store.analyseFile(current, latest, config);
  await connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.analysis.findings.map((finding) => toDiagnostic(result.lines, finding)) });
  if (workspace.version !== indexVersion) session.workspaceChanged(uri);
}
