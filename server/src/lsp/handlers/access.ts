/**
 * The access questions of the editor's RBAC commands, answered from the workspace's manifests or from the RBAC
 * objects of a live cluster that the client read for the user. The cluster's objects live in an index of their
 * own and, when the user asks for it, also in the workspace index, where hovers mark them as coming from the
 * cluster. The effective-access report of the subject under the cursor is here too.
 */
import { WorkspaceIndex } from '../../engine/workspace';
import {
  CanIRequest,
  ClusterRbacNotification,
  EffectiveAccessRequest,
  SubjectAccessRequest,
  WhoCanRequest,
  type AccessQuestion,
  type AccessSource,
} from '../../protocol';
import { canI, subjectAccessMarkdown, whoCanMarkdown } from '../../services/access-answers';
import { AccessQuestionError, describeTarget, parseAccessTarget, parseSubject } from '../../services/access-questions';
import { CLUSTER_SCHEME, effectiveAccessReport } from '../../services/hover/effective-access';
import type { ServerSession } from '../session';

export function registerAccess(session: ServerSession): void {
  const { connection, workspace } = session;
  let cluster = new WorkspaceIndex();
  let clusterFile: string | undefined;
  const indexFor = (source: AccessSource) => (source === 'cluster' ? cluster : workspace);
  const target = (question: AccessQuestion) => parseAccessTarget(question.verb, question.resource, question.name || undefined, question.namespace || undefined);

  connection.onNotification(ClusterRbacNotification.type, ({ context, yaml, showInWorkspace }) => {
    const before = workspace.version;
    if (clusterFile) workspace.removeFile(clusterFile);
    cluster = new WorkspaceIndex();
    clusterFile = `${CLUSTER_SCHEME}${encodeURIComponent(context)}`;
    if (yaml) {
      cluster.setFileText(clusterFile, yaml);
      if (showInWorkspace) workspace.setFileText(clusterFile, yaml);
    }
    if (workspace.version !== before) session.workspaceChanged();
  });

  connection.onRequest(CanIRequest.type, (question) => {
    try {
      const parsed = target(question);
      const user = parseSubject(question.user, question.groups);
      return { ...canI(indexFor(question.source), parsed, user), target: parsed, description: describeTarget(parsed) };
    } catch (error) {
      if (!(error instanceof AccessQuestionError)) throw error;
      return { allowed: false, grants: [], description: question.resource, error: error.message };
    }
  });

  connection.onRequest(WhoCanRequest.type, (question) => answerOrExplain(() => whoCanMarkdown(indexFor(question.source), target(question))));

  connection.onRequest(SubjectAccessRequest.type, ({ subject, source }) =>
    answerOrExplain(() => subjectAccessMarkdown(indexFor(source), parseSubject(subject), subject)),
  );

  connection.onRequest(EffectiveAccessRequest.type, async ({ uri, position }, token) => {
    const result = await session.analysed(uri, token);
    if (!result) return { markdown: '' };
    return { markdown: effectiveAccessReport(result.analysis, result.lines.offsetAt(position), workspace) ?? '' };
  });
}

/** A Markdown answer, or why the question cannot be answered when it is not understood. */
function answerOrExplain(answer: () => string): { markdown: string } {
  try {
    return { markdown: answer() };
  } catch (error) {
    if (!(error instanceof AccessQuestionError)) throw error;
    return { markdown: `Cannot answer: ${error.message}.` };
  }
}
