/**
 * kubeward.schemaDiagnostics over stdio: where the client reports the Red Hat YAML extension and its yaml.schemas
 * validate Kubernetes, the plain schema errors that extension also reports are left out, and every finding that
 * needs Kubernetes knowledge (an unknown verb, base64, YAML 1.1 booleans) stays; "always" and "never" override.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

const MANIFESTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
  labelz: {}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: get
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "lsit"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: app
    namespace: shop
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: shop
data:
  token: not base64!!
stringData:
  enabled: yes
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - protocol: tcp
          port: 80
`;

const EVERYTHING = [
  'k8s/unknown-field 5', // labelz
  'k8s/invalid-value 9', // verbs: get
  'rbac/unknown-verb 12',
  'k8s/missing-field 15', // roleRef
  'k8s/invalid-value 30', // not base64
  'k8s/invalid-value 32', // yes, a boolean to Kubernetes
  'k8s/invalid-value 44', // tcp
];
/** What a Kubernetes JSON Schema in yaml-language-server does not say: the verb, base64 and the YAML 1.1 boolean. */
const SEMANTIC_ONLY = ['rbac/unknown-verb 12', 'k8s/invalid-value 30', 'k8s/invalid-value 32'];

const YAML_WITH_KUBERNETES = { schemas: { kubernetes: ['k8s/**/*.yaml'] } };
const YAML_WITH_SCHEMA_URL = { schemas: { 'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.32.1-standalone-strict/all.json': '*.yaml' } };

const URI = 'file:///workspace/k8s/app.yaml';

/**
 * Starts a server as a client beside the YAML extension (or without it) would, opens the manifests and waits for
 * their diagnostics, then runs `ask`; the server is shut down afterwards.
 */
async function withManifestsOpen<T>(options: { present?: boolean; yaml?: unknown; mode?: string }, ask: (client: LspClient, diagnostics: Diagnostic[]) => Promise<T>): Promise<T> {
  const kubeward = options.mode ? { schemaDiagnostics: options.mode } : {};
  const client = LspClient.start({
    settings: { kubeward, ...(options.yaml ? { yaml: options.yaml } : {}) },
    ...(options.present === undefined ? {} : { initializationOptions: { yamlExtension: options.present } }),
  });
  try {
    await client.initialize();
    await client.open(URI, MANIFESTS, 1);
    const { diagnostics } = await client.diagnostics(URI, 1);
    return await ask(client, diagnostics);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

function publishedFindings(options: { present?: boolean; yaml?: unknown; mode?: string }): Promise<string[]> {
  return withManifestsOpen(options, async (_, diagnostics) => diagnostics.map((diagnostic) => `${String(diagnostic.code)} ${diagnostic.range.start.line}`));
}

test('with the YAML extension validating Kubernetes, plain schema errors are left to it and semantic findings stay', async () => {
  assert.deepEqual(await publishedFindings({ present: true, yaml: YAML_WITH_KUBERNETES }), SEMANTIC_ONLY);
  assert.deepEqual(await publishedFindings({ present: true, yaml: YAML_WITH_SCHEMA_URL }), SEMANTIC_ONLY);
});

test('plain schema errors stay without the extension, without a Kubernetes schema, with validation off or with "always"', async () => {
  assert.deepEqual(await publishedFindings({}), EVERYTHING, 'no extension reported');
  assert.deepEqual(await publishedFindings({ present: false, yaml: YAML_WITH_KUBERNETES }), EVERYTHING, 'settings left behind by an uninstalled extension');
  assert.deepEqual(await publishedFindings({ present: true, yaml: { schemas: { 'https://json.schemastore.org/github-workflow.json': '.github/workflows/*' } } }), EVERYTHING);
  assert.deepEqual(await publishedFindings({ present: true, yaml: { ...YAML_WITH_KUBERNETES, validate: false } }), EVERYTHING);
  assert.deepEqual(await publishedFindings({ present: true, yaml: YAML_WITH_KUBERNETES, mode: 'always' }), EVERYTHING);
});

test('"never" leaves plain schema errors out even without the extension', async () => {
  assert.deepEqual(await publishedFindings({ mode: 'never' }), SEMANTIC_ONLY);
});

test('the client reporting the extension installed or removed republishes open documents', async () => {
  const client = LspClient.start({ settings: { kubeward: {}, yaml: YAML_WITH_KUBERNETES } });
  try {
    await client.initialize();
    await client.open(URI, MANIFESTS, 1);
    const codes = async () => (await client.diagnostics(URI, 1)).diagnostics.map((diagnostic) => `${String(diagnostic.code)} ${diagnostic.range.start.line}`);
    assert.deepEqual(await codes(), EVERYTHING);
    await client.notify('kubeward/yamlExtension', { present: true });
    assert.deepEqual(await codes(), SEMANTIC_ONLY);
    // A change of yaml.schemas reaches the server as a configuration change, like Kubeward's own settings.
    await client.changeConfiguration({ kubeward: {}, yaml: { schemas: {} } });
    assert.deepEqual(await codes(), EVERYTHING);
    await client.changeConfiguration({ kubeward: {}, yaml: YAML_WITH_KUBERNETES });
    assert.deepEqual(await codes(), SEMANTIC_ONLY);
    await client.notify('kubeward/yamlExtension', { present: false });
    assert.deepEqual(await codes(), EVERYTHING);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('fixes are offered only for the findings shown: fix-all leaves the hidden schema errors to the YAML extension', async () => {
  const fixedLines = (yamlExtension: boolean) =>
    withManifestsOpen({ present: yamlExtension, yaml: YAML_WITH_KUBERNETES }, async (client) => {
      const actions = await client.request<{ kind?: string; edit?: { changes?: Record<string, { range: { start: { line: number } } }[]> } }[]>('textDocument/codeAction', {
        textDocument: { uri: URI },
        range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      const edits = actions.find((action) => action.kind === 'source.fixAll')?.edit?.changes?.[URI] ?? [];
      return [...new Set(edits.map((edit) => edit.range.start.line))].sort((a, b) => a - b);
    });
  const everything = await fixedLines(false);
  const shown = await fixedLines(true);
  assert.ok(everything.includes(5) && everything.includes(12), `fix-all without the extension: lines ${everything}`);
  assert.ok(!shown.includes(5) && shown.includes(12), `fix-all beside the extension: lines ${shown}`);
});

test('a hover on a hidden schema error does not bring it back', async () => {
  const hoverOnLabelz = (yamlExtension: boolean) =>
    withManifestsOpen({ present: yamlExtension, yaml: YAML_WITH_KUBERNETES }, async (client) => {
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 5, character: 3 } });
      return hover?.contents.value ?? '';
    });
  assert.match(await hoverOnLabelz(false), /k8s\/unknown-field/);
  assert.doesNotMatch(await hoverOnLabelz(true), /k8s\/unknown-field/);
});
