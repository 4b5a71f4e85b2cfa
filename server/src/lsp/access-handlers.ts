/**
 * The access questions of the editor's RBAC commands, answered from the workspace's manifests or from the RBAC
 * objects of a live cluster that the client read for the user. The cluster's objects live in an index of their
 * own and, when the user asks for it, also in the workspace index, where hovers mark them as coming from the
 * cluster.
 */
import type { Connection } from 'vscode-languageserver';
import { WorkspaceIndex } from '../engine/workspace';
import { CanIRequest, ClusterRbacNotification, SubjectAccessRequest, WhoCanRequest, type AccessQuestion, type AccessSource } from '../protocol';
import { canI, subjectAccessMarkdown, whoCanMarkdown } from '../services/access-answers';
import { AccessQuestionError, describeTarget, parseAccessTarget, parseSubject } from '../services/access-questions';
import { CLUSTER_SCHEME } from '../services/hover/effective-access';

export function registerAccessHandlers(connection: Connection, workspace: WorkspaceIndex, workspaceChanged: () => void): void {
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
    if (workspace.version !== before) workspaceChanged();
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

  connection.onRequest(WhoCanRequest.type, (question) => {
    try {
      return { markdown: whoCanMarkdown(indexFor(question.source), target(question)) };
    } catch (error) {
      if (!(error instanceof AccessQuestionError)) throw error;
      return { markdown: `Cannot answer: ${error.message}.` };
    }
  });

  connection.onRequest(SubjectAccessRequest.type, ({ subject, source }) => {
    try {
      return { markdown: subjectAccessMarkdown(indexFor(source), parseSubject(subject), subject) };
    } catch (error) {
      if (!(error instanceof AccessQuestionError)) throw error;
      return { markdown: `Cannot answer: ${error.message}.` };
    }
  });
}
