/**
 * LSP handlers for the editor features that annotate the text: inlay hints (certificates, Secret data, roleRefs)
 * and document links (kubeconfig files, roleRefs). Each is turned on or off per resource by the editor feature
 * settings; the handlers only convert positions and shapes.
 */
import { fileURLToPath } from 'node:url';
import type { DocumentLink, InlayHint } from 'vscode-languageserver';
import { documentLinks } from '../../services/document-links';
import { inlayHints } from '../../services/inlay-hints';
import { toRange } from '../convert';
import type { ServerSession } from '../session';

export function registerEditorFeatures(session: ServerSession): void {
  const { connection, workspace, settings } = session;
  connection.languages.inlayHint.on(async (params, token) => {
    const uri = params.textDocument.uri;
    const features = await settings.editorFeatures(uri);
    const { certificates, secretData, roleRefs } = features.inlayHints;
    if (!certificates && !secretData && !roleRefs) return [];
    const result = await session.analysed(uri, token);
    if (!result) return null;
    const range = { start: result.lines.offsetAt(params.range.start), end: result.lines.offsetAt(params.range.end) };
    return inlayHints(result.analysis, workspace, { ...features.inlayHints, now: new Date(), range }).map(
      (hint): InlayHint => ({
        position: result.lines.positionAt(hint.offset),
        label: hint.label,
        paddingLeft: true,
        ...(hint.tooltip ? { tooltip: hint.tooltip } : {}),
      }),
    );
  });

  connection.onDocumentLinks(async (params, token) => {
    const uri = params.textDocument.uri;
    const features = await settings.editorFeatures(uri);
    if (!features.documentLinks.kubeconfigFiles && !features.documentLinks.roleRefs) return [];
    const result = await session.analysed(uri, token);
    if (!result) return null;
    const documentPath = filePath(uri);
    return documentLinks(result.analysis, workspace, { ...features.documentLinks, ...(documentPath !== undefined ? { documentPath } : {}) }).map(
      (link): DocumentLink => ({ range: toRange(result.lines, link.range), target: link.target, tooltip: link.tooltip }),
    );
  });

  /**
   * Asks the client to request inlay hints again, when it supports that: roleRef hints depend on other files, and
   * every hint on the settings, neither of which is an edit of the document the client would notice. Several
   * changes in one turn (a scan, a settings change) need one refresh.
   */
  let refreshQueued = false;
  session.onWorkspaceChanged(() => {
    if (!session.client.refreshInlayHints || refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      connection.languages.inlayHint.refresh().catch(() => undefined);
    });
  });
}

/** The file system path of a `file:` URI; undefined for other schemes, whose files kubectl could not read either. */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
