/**
 * The RBAC cluster commands against the real API server started by test/vscode/cluster-extension.test.ts, where
 * user jane reads Secrets in team-a through a binding that only the cluster has.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../helpers/eventually';
import { EXTENSION_ID, codeOf, hoverText, kubewardDiagnostics, openFile, positionOf, workspaceUri } from './editor';

const CONTEXT = 'kubeward-test';

async function reportText(uri: vscode.Uri | undefined): Promise<string> {
  assert.ok(uri, 'the command shows a report');
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

suite('Kubeward cluster RBAC commands', () => {
  test('the context comes from KUBECONFIG, can be selected, and shows in the status bar, flagged when it looks like production', async () => {
    assert.equal(await vscode.commands.executeCommand('kubeward.cluster.selectContext', CONTEXT), CONTEXT);
    const api = vscode.extensions.getExtension<{ clusterStatus(): string | undefined }>(EXTENSION_ID)!.exports;
    assert.equal(api.clusterStatus(), '$(server-environment) kubeward-test · default');
    const settings = vscode.workspace.getConfiguration('kubeward');
    await settings.update('cluster.productionPatterns', ['^kubeward-'], vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('kubeward.cluster.selectContext', CONTEXT);
      assert.equal(api.clusterStatus(), '$(warning) PRODUCTION kubeward-test · default');
    } finally {
      await settings.update('cluster.productionPatterns', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await vscode.commands.executeCommand('kubeward.cluster.selectContext', CONTEXT);
    assert.equal(api.clusterStatus(), '$(server-environment) kubeward-test · default');
  });

  test('can-i puts the cluster answer beside the manifests answer and says why they differ', async () => {
    const text = await reportText(
      await vscode.commands.executeCommand('kubeward.cluster.canI', { verb: 'get', resource: 'secrets', namespace: 'team-a', as: { user: 'jane', groups: ['system:authenticated'] } }),
    );
    assert.match(text, /^# Can jane get secrets in namespace team-a\?/);
    assert.match(text, /\| Cluster kubeward-test \(SubjectAccessReview\) \| \*\*yes\*\* \| RBAC: allowed by RoleBinding "kw-jane-secrets\/team-a" of ClusterRole "kw-secret-reader" to User "jane" \|/);
    assert.match(text, /\| The workspace's manifests and the built-in policy \| \*\*no\*\* \| no binding grants it \|/);
    assert.match(text, /\*\*Why they differ:\*\* the cluster grants it through objects that are not in the workspace/);
  });

  test('can-i for oneself asks who one is and agrees with the built-in policy', async () => {
    const text = await reportText(await vscode.commands.executeCommand('kubeward.cluster.canI', { verb: 'delete', resource: 'nodes' }));
    assert.match(text, /\| Cluster kubeward-test \(SelfSubjectAccessReview\) \| \*\*yes\*\* \|/);
    assert.match(text, /\| The workspace's manifests and the built-in policy \| \*\*yes\*\* \| ClusterRoleBinding cluster-admin \(built into Kubernetes\) → ClusterRole cluster-admin, rule 1/);
    assert.doesNotMatch(text, /Why they differ/);
  });

  test('who-can and effective access read the live RBAC objects through the engine', async () => {
    const whoCan = await reportText(await vscode.commands.executeCommand('kubeward.cluster.whoCan', { verb: 'list', resource: 'secrets', namespace: 'team-a' }));
    assert.match(whoCan, /\| User jane \| RoleBinding team-a\/kw-jane-secrets \(live in cluster kubeward-test\) → ClusterRole kw-secret-reader, rule 1 \|/);
    const access = await reportText(await vscode.commands.executeCommand('kubeward.cluster.subjectAccess', { subject: 'User:jane' }));
    assert.match(access, /^# Effective access of User:jane/);
    assert.match(access, /In namespace team-a:\n\n\| resources \| verbs \| risk \|\n\| --- \| --- \| --- \|\n\| secrets \(core\) \| get, list \| ⚠ reads Secrets \|/);
  });

  test('cluster RBAC in hovers resolves a roleRef that only the cluster defines, until it is forgotten', async () => {
    const file = 'rbac/uses-cluster-role.yaml';
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: auditors
  namespace: team-a
subjects:
  - kind: Group
    name: auditors
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kw-secret-reader
`;
    await vscode.workspace.fs.writeFile(workspaceUri(file), Buffer.from(text));
    const editor = await openFile(file);
    const notFound = (found: vscode.Diagnostic[]) => found.some((diagnostic) => codeOf(diagnostic) === 'rbac/role-ref-not-found');
    await eventually('the roleRef to be unknown', () => kubewardDiagnostics(editor.document.uri), notFound);

    assert.ok((await vscode.commands.executeCommand<number>('kubeward.cluster.useRbacInHovers')) > 10);
    await eventually('the roleRef to resolve', () => kubewardDiagnostics(editor.document.uri), (found) => !notFound(found));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'name: kw-secret-reader', 8));
    assert.match(hoverText(hovers), /\*\*ClusterRole kw-secret-reader\*\* \(live in cluster kubeward-test\)/);

    await vscode.commands.executeCommand('kubeward.cluster.forgetRbac');
    await eventually('the roleRef to be unknown again', () => kubewardDiagnostics(editor.document.uri), notFound);
  });
});
