/**
 * "Compare Effective Access With…": the workspace as edited against a git revision of its first folder (read
 * with the `git` executable, which only a trusted workspace's client asks for), as a Markdown report of the
 * access and reachability changes. The revision is kept for the code lenses of changed bindings and roles.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeLensRefreshRequest, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { checkOutRevision, GitError, type RevisionFolder } from '../../git-revision';
import { CompareRevisionsRequest } from '../../protocol';
import { accessChanges, reachabilityChanges } from '../../services/access-diff';
import { accessDiffMarkdown } from '../../services/access-diff-words';
import { RevisionComparison } from '../revision-comparison';
import type { ServerSession } from '../session';

export function registerRevisions(session: ServerSession): void {
  const { connection, workspace } = session;
  connection.onRequest(CompareRevisionsRequest.type, async ({ base, folder: folderUri }) => {
    const folder = folderUri ? fileURLToPath(folderUri) : session.workspaceFiles.firstFolder();
    if (!folder) throw new ResponseError(ErrorCodes.InvalidRequest, 'Open a folder of a git repository to compare it with a revision.');
    let checkout: RevisionFolder;
    try {
      checkout = checkOutRevision(base, ['.'], folder);
    } catch (error) {
      if (error instanceof GitError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
      throw error;
    }
    try {
      const revision = await session.workspaceFiles.indexOfCheckout(checkout.root, folder);
      const commit = checkout.commit ?? '';
      const relative = (uri: string) => (uri.startsWith('file:') ? path.relative(folder, fileURLToPath(uri)).split(path.sep).join('/') : uri);
      const access = accessChanges(revision, workspace, relative);
      const reachability = reachabilityChanges(revision.network.model(), workspace.network.model(), await session.settings.networkPolicy());
      session.comparison = new RevisionComparison(base, commit, revision);
      if (session.client.refreshCodeLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      const heading = `# Access and reachability since ${base} (${commit.slice(0, 12)})`;
      const note = 'The workspace as edited (unsaved changes included) against the revision; every grant names the binding and rule responsible.';
      return { markdown: [heading, '', note, '', ...accessDiffMarkdown({ access, reachability })].join('\n'), commit };
    } finally {
      checkout.dispose();
    }
  });
}
