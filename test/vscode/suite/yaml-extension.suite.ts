/**
 * Run by test/vscode/yaml-extension.test.ts beside a stand-in for the Red Hat YAML extension, whose real
 * yaml-language-server validates *.yaml against the Kubernetes schema (yaml.schemas in the user settings): a plain
 * schema error is shown once, by that extension, Kubeward keeps what a schema cannot tell, and
 * kubeward.schemaDiagnostics "always" brings Kubeward's own report of the schema error back.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../helpers/eventually';
import { codeOf, EXTENSION_ID, kubewardDiagnostics, positionOf, workspaceUri } from './editor';

const MANIFEST = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: shop
  labelz:
    app: shop
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "lsit"]
`;

const fromYamlExtension = (diagnostic: vscode.Diagnostic) => diagnostic.source?.startsWith('yaml-schema: ') === true;
const isKubeward = (code: string) => (diagnostic: vscode.Diagnostic) => diagnostic.source === 'kubeward' && codeOf(diagnostic) === code;
const describe = (diagnostics: vscode.Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line} ${d.source} ${codeOf(d)} ${d.message}`);

suite('Kubeward beside the Red Hat YAML extension', () => {
  let document: vscode.TextDocument;
  let labelzLine: number;

  suiteSetup(async () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), 'Kubeward is installed');
    assert.ok(vscode.extensions.getExtension('redhat.vscode-yaml'), 'the YAML extension (stand-in) is installed');
    const uri = workspaceUri('rbac/pod-reader.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MANIFEST));
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    labelzLine = positionOf(document, 'labelz').line;
  });

  test('an unknown field is reported once, by the YAML extension, and an unknown verb by Kubeward', async () => {
    // Kubeward publishes all of a document's findings at once, so once its verb finding is there nothing of it is pending.
    const diagnostics = await eventually(
      'diagnostics from both language servers',
      () => vscode.languages.getDiagnostics(document.uri),
      (all) => all.some(fromYamlExtension) && all.some(isKubeward('rbac/unknown-verb')),
    );
    const onLabelz = diagnostics.filter((diagnostic) => diagnostic.range.start.line === labelzLine);
    assert.equal(onLabelz.length, 1, `one diagnostic for labelz: ${describe(diagnostics).join('\n')}`);
    assert.ok(fromYamlExtension(onLabelz[0]), `from the YAML extension: ${describe(onLabelz)}`);
    assert.equal(onLabelz[0].message, 'Property labelz is not allowed.');
    assert.equal(kubewardDiagnostics(document.uri).filter(isKubeward('k8s/unknown-field')).length, 0);
  });

  test('with kubeward.schemaDiagnostics "always", Kubeward reports the unknown field too', async () => {
    const settings = vscode.workspace.getConfiguration('kubeward');
    await settings.update('schemaDiagnostics', 'always', vscode.ConfigurationTarget.Workspace);
    try {
      const diagnostics = await eventually(
        "Kubeward's unknown-field finding",
        () => vscode.languages.getDiagnostics(document.uri),
        (all) => all.some(isKubeward('k8s/unknown-field')),
      );
      const onLabelz = diagnostics.filter((diagnostic) => diagnostic.range.start.line === labelzLine);
      assert.equal(onLabelz.filter(isKubeward('k8s/unknown-field')).length, 1, describe(diagnostics).join('\n'));
      assert.equal(onLabelz.filter(fromYamlExtension).length, 1, describe(diagnostics).join('\n'));
      assert.ok(diagnostics.some(isKubeward('rbac/unknown-verb')));
    } finally {
      await settings.update('schemaDiagnostics', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
