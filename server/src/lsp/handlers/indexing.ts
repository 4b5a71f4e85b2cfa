/**
 * Keeps the workspace index in step with the disk and the settings: the scan after initialisation (and again when
 * the file settings change), files the client reports as changed, and configuration changes. The scan runs in the
 * background; open documents are served meanwhile and re-checked once it is done.
 */
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import type { ServerSession } from '../session';

/** How often the indexing progress is reported, in files read. */
const PROGRESS_EVERY_FILES = 250;

export function registerIndexing(session: ServerSession): void {
  const { connection, workspace, workspaceFiles } = session;

  connection.onInitialized(() => {
    if (session.client.watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    }
    void session.applyServerSettings().then(() => indexWorkspace(session));
  });

  connection.onDidChangeWatchedFiles(async (change) => {
    const before = workspace.version;
    for (const event of change.changes) {
      if (event.type === FileChangeType.Deleted) workspaceFiles.deletedOnDisk(event.uri);
      else await workspaceFiles.changedOnDisk(event.uri);
    }
    if (workspace.version !== before) session.workspaceChanged();
  });

  connection.onDidChangeConfiguration((change) => {
    session.settings.changed((change.settings as { kubeward?: unknown } | null)?.kubeward);
    session.yamlExtension.settingsChanged();
    void session.applyServerSettings().then(async (filesChanged) => {
      if (filesChanged) await indexWorkspace(session);
      session.workspaceChanged();
    });
  });
}

async function indexWorkspace(session: ServerSession): Promise<void> {
  const { connection, workspace, log } = session;
  const started = performance.now();
  const before = workspace.version;
  const progress = session.client.reportProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Kubeward: indexing the workspace', undefined, 'reading YAML files');
  try {
    const summary = await session.workspaceFiles.scan((files) => {
      if (files % PROGRESS_EVERY_FILES === 0) progress?.report(`${files} files read`);
    });
    const limit = summary.truncated ? ' (stopped at kubeward.limits.maxWorkspaceFiles)' : '';
    const threads = summary.workers > 0 ? ` by ${summary.workers} worker thread${summary.workers === 1 ? '' : 's'}` : '';
    const cached = summary.fromCache > 0 ? `, ${summary.fromCache} from the index cache` : '';
    log.info(`Indexed ${summary.files} workspace files in ${Math.round(performance.now() - started)} ms${threads}${cached}${limit}.`);
  } catch (error) {
    session.reportInternalError('indexing the workspace', error);
  } finally {
    progress?.done();
  }
  if (workspace.version !== before) session.workspaceChanged();
}
