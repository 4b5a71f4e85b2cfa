/**
 * The object cluster commands against the real API server started by test/vscode/cluster-extension.test.ts, which
 * holds Deployment team-a/kw-web (image nginx:1.27) and Secret team-a/kw-db: a server-side dry run whose errors land
 * on the fields they are about, a diff with the live object, and a Secret decoded into a read-only document.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../helpers/eventually';
import { openFile, positionOf, workspaceUri } from './editor';

/** Also in cluster-extension.test.ts, which creates the Secret and checks the editor's logs for it afterwards. */
const SECRET_VALUE = 'kubeward-s3cret-value';

function clusterDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'kubernetes (dry run)');
}

async function writeAndOpen(file: string, text: string): Promise<vscode.TextEditor> {
  await vscode.workspace.fs.writeFile(workspaceUri(file), Buffer.from(text));
  return openFile(file);
}

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kw-settings
  namespace: team-a
data:
  mode: fast
`;

/** What the live kw-web is, but for the image. */
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kw-web
  namespace: team-a
  labels:
    app: kw-web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: kw-web
  template:
    metadata:
      labels:
        app: kw-web
    spec:
      containers:
        - name: web
          image: nginx:1.28
`;

const INVALID = `${CONFIG_MAP}---
# A port name must be a lowercase DNS label.
apiVersion: v1
kind: Service
metadata:
  name: kw-bad-port
  namespace: team-a
spec:
  selector:
    app: kw-web
  ports:
    - name: Web_Port
      port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kw-mismatch
  namespace: team-a
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: api
          image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kw-typo
  namespace: team-a
spec:
  selector:
    matchLabels:
      app: typo
  template:
    metadata:
      labels:
        app: typo
    spec:
      containers:
        - name: typo
          image: nginx:1.27
          imagePullPolicyy: Always
`;

suite('Kubeward cluster object commands', () => {
  test('validate sends every object to a server-side dry run and shows each rejection on its field', async () => {
    const editor = await writeAndOpen('cluster-invalid.yaml', INVALID);
    const uri = editor.document.uri;
    assert.deepEqual(await vscode.commands.executeCommand('kubeward.cluster.validate'), { accepted: 1, rejected: 3 });
    const found = clusterDiagnostics(uri).map((diagnostic) => ({ text: editor.document.getText(diagnostic.range), message: diagnostic.message, severity: diagnostic.severity }));
    const about = (text: string) => found.find((diagnostic) => diagnostic.text === text);
    assert.equal(found.length, 3, JSON.stringify(found, null, 1));
    assert.match(about('name: Web_Port')?.message ?? JSON.stringify(found), /^spec\.ports\[0\]\.name: Invalid value: "Web_Port"/);
    assert.match(about('labels')?.message ?? JSON.stringify(found), /^spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/);
    assert.match(about('imagePullPolicyy: Always')?.message ?? JSON.stringify(found), /imagePullPolicyy/);
    assert.ok(found.every((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(positionOf(editor.document, 'labels:\n        app: frontend').line, clusterDiagnostics(uri).find((d) => editor.document.getText(d.range) === 'labels')?.range.start.line);

    // The cluster's answer was about this text: any edit takes it away.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# edited\n'));
    await eventually('the dry-run diagnostics to go', () => clusterDiagnostics(uri), (diagnostics) => diagnostics.length === 0);
  });

  test('validate accepts valid objects, new and existing, and leaves no cluster diagnostics', async () => {
    const editor = await writeAndOpen('cluster-valid.yaml', `${CONFIG_MAP}---\n${WEB}`);
    assert.deepEqual(await vscode.commands.executeCommand('kubeward.cluster.validate'), { accepted: 2, rejected: 0 });
    assert.deepEqual(clusterDiagnostics(editor.document.uri), []);
  });

  test('diff opens the live object, without the cluster\'s bookkeeping, beside the manifest', async () => {
    const editor = await writeAndOpen('cluster-web.yaml', WEB);
    const live = await vscode.commands.executeCommand<vscode.Uri>('kubeward.cluster.diff');
    assert.ok(live, 'the command returns the live document');
    assert.equal(live.scheme, 'kubeward-report');
    const text = (await vscode.workspace.openTextDocument(live)).getText();
    assert.match(text, /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n  name: kw-web\n  namespace: team-a\n/);
    assert.match(text, /image: nginx:1\.27/);
    assert.doesNotMatch(text, /nginx:1\.28/);
    for (const noise of ['managedFields', 'resourceVersion', 'uid:', 'creationTimestamp', 'generation:', 'status:', 'last-applied-configuration', 'deployment.kubernetes.io/revision']) {
      assert.ok(!text.includes(noise), `the live document has no ${noise}`);
    }
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    assert.equal(tab.input.original.toString(), live.toString());
    assert.equal(tab.input.modified.toString(), editor.document.uri.toString());
  });

  test('diff says so when the object is not in the cluster', async () => {
    await writeAndOpen('cluster-absent.yaml', CONFIG_MAP.replace('kw-settings', 'kw-not-there'));
    assert.equal(await vscode.commands.executeCommand('kubeward.cluster.diff'), undefined);
  });

  test('decode secret shows the values decoded in a read-only document, and nowhere else', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kubeward.cluster.decodeSecret', { namespace: 'team-a', name: 'kw-db' });
    assert.ok(uri);
    assert.equal(uri.scheme, 'kubeward-report');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^# Secret team-a\/kw-db \(type Opaque\) in context kubeward-test: 2 keys, decoded\./);
    assert.match(text, new RegExp(`^password: ${SECRET_VALUE}$`, 'm'));
    assert.match(text, /^blob: <5 bytes, binary>$/m);
    assert.ok(!uri.toString().includes(SECRET_VALUE));

    await assert.rejects(async () => vscode.commands.executeCommand('kubeward.cluster.decodeSecret', { namespace: 'team-a', name: 'kw-missing' }), (error: Error) => {
      assert.match(error.message, /404|not found/i);
      assert.ok(!error.message.includes(SECRET_VALUE));
      return true;
    });
  });
});
