/**
 * Tokenizes manifests with VS Code's own YAML grammar plus Kubeward's injection grammars, and checks which scopes
 * credentials, RBAC verbs and wildcards get, and that look-alikes elsewhere get none of them.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { REPO_ROOT } from '../helpers/paths';

const INJECTIONS = ['kubeward-directives.tmLanguage.json', 'kubeward-manifests.tmLanguage.json'];
const CREDENTIAL = 'comment.block.credential.base64.kubeward';
const PEM_ARMOR = 'comment.block.credential.pem.armor.kubeward';
const PEM_BODY = 'comment.block.credential.pem.body.kubeward';
const VERB = 'support.function.rbac-verb.kubeward';
const SPECIAL_VERB = 'keyword.control.rbac-verb.special.kubeward';
const WILDCARD = 'invalid.deprecated.wildcard.rbac.kubeward';
const OURS = /\.kubeward$/;

/** The YAML grammars shipped with the code-server that scripts/setup-editors.mjs installs (VS Code 1.100). */
async function yamlSyntaxesDir(): Promise<string> {
  // A variable specifier keeps tsc from resolving the untyped .mjs; it exports where code-server lives.
  const editorPaths = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'editor-paths.mjs')).href;
  const { codeServerPrefix } = (await import(editorPaths)) as { codeServerPrefix: string };
  return path.join(codeServerPrefix, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'yaml', 'syntaxes');
}

type Line = { text: string; tokens: { text: string; scopes: string[] }[] };
let tokenize: (yaml: string) => Line[];

before(async () => {
  const dir = await yamlSyntaxesDir();
  assert.ok(
    existsSync(path.join(dir, 'yaml.tmLanguage.json')),
    `VS Code's YAML grammar is missing at ${dir}; run \`node scripts/setup-editors.mjs\` to install code-server.`,
  );
  const wasm = readFileSync(path.join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);

  const files = new Map<string, string>();
  const grammarFiles = [
    ...readdirSync(dir).filter((name) => name.endsWith('.tmLanguage.json')).map((name) => path.join(dir, name)),
    ...INJECTIONS.map((name) => path.join(REPO_ROOT, 'syntaxes', name)),
  ];
  for (const file of grammarFiles) files.set(JSON.parse(readFileSync(file, 'utf8')).scopeName, file);
  const injectionScopes = INJECTIONS.map((name) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'syntaxes', name), 'utf8')).scopeName);

  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = files.get(scopeName);
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    // Mirrors package.json contributes.grammars[].injectTo.
    getInjections: (scopeName) => (scopeName === 'source.yaml' ? injectionScopes : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, 'source.yaml did not load');
  tokenize = (yaml) => {
    let state = textmate.INITIAL;
    return yaml.split('\n').map((text) => {
      const result = grammar.tokenizeLine(text, state);
      state = result.ruleStack;
      return { text, tokens: result.tokens.map((t) => ({ text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes })) };
    });
  };
});

/** Scopes of the `nth` token (0-based) on the first line containing `lineMarker` whose text is exactly `token`. */
function scopesOf(lines: Line[], lineMarker: string, token: string, nth = 0): string[] {
  const line = lines.find((l) => l.text.includes(lineMarker));
  assert.ok(line, `no line contains ${JSON.stringify(lineMarker)}`);
  const matches = line.tokens.filter((t) => t.text === token);
  assert.ok(matches[nth], `${JSON.stringify(token)} is not token #${nth} of ${JSON.stringify(line.text)}; tokens: ${JSON.stringify(line.tokens.map((t) => t.text))}`);
  return matches[nth].scopes;
}

function kubewardScopesOn(lines: Line[], lineMarker: string): string[] {
  const line = lines.find((l) => l.text.includes(lineMarker));
  assert.ok(line, `no line contains ${JSON.stringify(lineMarker)}`);
  return line.tokens.flatMap((t) => t.scopes.filter((s) => OURS.test(s) && !s.startsWith('meta.')));
}

const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVIyZ0F3SUJBZ0lCQURBS0JnZ3Foa2pPUFFRREFqQWpNU0V3';
const CERT = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lJYlE=';
const KEY = 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUR3';
const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP0123456789';

test('kubeconfig *-data values are dimmed as credentials, token is not', () => {
  const lines = tokenize(`apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    certificate-authority-data: ${CA}
    server: https://10.0.0.1:6443
users:
- name: admin
  user:
    client-certificate-data: "${CERT}"
    client-key-data: ${KEY} # kubeward-disable-next-line kubeconfig/plaintext-credential
    token: ${TOKEN}
`);
  assert.ok(scopesOf(lines, 'certificate-authority-data', CA).includes(CREDENTIAL));
  assert.ok(scopesOf(lines, 'client-certificate-data', CERT).includes(CREDENTIAL));
  assert.ok(scopesOf(lines, 'client-key-data', KEY).includes(CREDENTIAL));
  // The key keeps VS Code's own key scope; only the value changes.
  assert.ok(scopesOf(lines, 'client-key-data', 'client-key-data').includes('entity.name.tag.yaml'));
  assert.deepEqual(kubewardScopesOn(lines, 'server:'), []);
  assert.deepEqual(kubewardScopesOn(lines, 'token:'), []);
  // The directive grammar still works in a comment after a dimmed value.
  assert.ok(scopesOf(lines, 'client-key-data', 'kubeward-disable-next-line').includes('keyword.control.directive.kubeward'));
});

test('CSR request and status certificate, webhook caBundle and Secret data are dimmed', () => {
  const lines = tokenize(`apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
spec:
  request: ${CA}
  signerName: kubernetes.io/kube-apiserver-client
status:
  certificate: ${CERT}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
webhooks:
- name: check.example.com
  clientConfig:
    caBundle: ${KEY}
---
apiVersion: v1
kind: Secret
data:
  tls.key: TFMwdExTMUNSVWRKVGlCRlF5QlFVa2xXUVZSRklFdEZXUzB0TFMwdENrMUlZME5C
  password: YWRtaW4=
`);
  assert.ok(scopesOf(lines, 'request:', CA).includes(CREDENTIAL));
  assert.ok(scopesOf(lines, 'certificate:', CERT).includes(CREDENTIAL));
  assert.ok(scopesOf(lines, 'caBundle:', KEY).includes(CREDENTIAL));
  assert.ok(scopesOf(lines, 'tls.key:', 'TFMwdExTMUNSVWRKVGlCRlF5QlFVa2xXUVZSRklFdEZXUzB0TFMwdENrMUlZME5C').includes(CREDENTIAL));
  // Too short to tell from an ordinary word under an arbitrary key.
  assert.deepEqual(kubewardScopesOn(lines, 'password:'), []);
  assert.deepEqual(kubewardScopesOn(lines, 'signerName:'), []);
});

test('a PEM block in a literal block scalar is dimmed, BEGIN and END lines included, and the YAML after it is not', () => {
  const lines = tokenize(`apiVersion: v1
kind: ConfigMap
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy
    dmVyLWNhQDE3MDAwMDAwMDAwHhcNMjMxMTE0MjIxMzIwWhcNMzMxMTExMjIxMzIw
    -----END CERTIFICATE-----
  mode: strict
`);
  assert.ok(scopesOf(lines, 'BEGIN', '-----BEGIN CERTIFICATE-----').includes(PEM_ARMOR));
  const body = scopesOf(lines, 'MIIBdz', 'MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy');
  assert.ok(body.includes(PEM_BODY), body.join(' '));
  assert.ok(scopesOf(lines, 'END', '-----END CERTIFICATE-----').includes(PEM_ARMOR));
  assert.deepEqual(kubewardScopesOn(lines, 'mode:'), []);
  assert.ok(scopesOf(lines, 'mode:', 'mode').includes('entity.name.tag.yaml'));
});

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  annotations:
    description: "get pods, then list them" # get is only a word here
rules:
- apiGroups: ["", apps, "*"]
  resources: ['*', "a*b", pods]
  verbs: ["get", list, '*', impersonate, "get all"] # read
- verbs:
  - watch
  - "*"
  - escalate # risky
  - watch them
  resources:
    - pods
  nonResourceURLs:
  - '*'
- apiGroups: [""]
  verbs: [
    "create",
    delete ]
  resources: [secrets]
`;

test('verbs in flow and block lists are highlighted, special verbs differently', () => {
  const lines = tokenize(ROLE);
  assert.ok(scopesOf(lines, 'verbs: ["get"', 'get').includes(VERB));
  assert.ok(scopesOf(lines, 'verbs: ["get"', 'list').includes(VERB));
  assert.ok(scopesOf(lines, 'verbs: ["get"', 'impersonate').includes(SPECIAL_VERB));
  assert.ok(scopesOf(lines, '  - watch', 'watch').includes(VERB));
  assert.ok(scopesOf(lines, '  - escalate', 'escalate').includes(SPECIAL_VERB));
  assert.ok(scopesOf(lines, '"create",', 'create').includes(VERB), 'flow list spread over lines');
  assert.ok(scopesOf(lines, 'delete ]', 'delete').includes(VERB));
  // Highlighting keeps the YAML string scope underneath, so themes without our scopes still color it as before.
  assert.ok(scopesOf(lines, 'verbs: ["get"', 'get').includes('string.quoted.double.yaml'));
});

test('the wildcard is marked in verbs, resources, apiGroups and nonResourceURLs, quoted or not', () => {
  const lines = tokenize(ROLE);
  assert.ok(scopesOf(lines, 'apiGroups: ["", apps', '*').includes(WILDCARD));
  assert.ok(scopesOf(lines, "resources: ['*'", '*').includes(WILDCARD));
  assert.ok(scopesOf(lines, 'verbs: ["get"', '*').includes(WILDCARD));
  assert.ok(scopesOf(lines, '  - "*"', '*').includes(WILDCARD));
  assert.ok(scopesOf(lines, "  - '*'", '*').includes(WILDCARD));
  const plain = tokenize('rules:\n- verbs:\n  - *\n  resources: [*]\n');
  assert.ok(scopesOf(plain, '  - *', '*').includes(WILDCARD));
  assert.ok(scopesOf(plain, 'resources: [*]', '*').includes(WILDCARD));
});

test('look-alikes are left alone', () => {
  const lines = tokenize(ROLE);
  assert.deepEqual(kubewardScopesOn(lines, 'description:'), [], '"get" in a description string and in a comment');
  assert.ok(scopesOf(lines, "resources: ['*'", '"a*b"').every((s) => !OURS.test(s) || s.startsWith('meta.')), '"*" inside a string');
  assert.ok(!scopesOf(lines, 'verbs: ["get"', '"get all"').includes(VERB), 'a verb inside a longer item');
  assert.deepEqual(kubewardScopesOn(lines, '  - watch them'), []);
  assert.deepEqual(kubewardScopesOn(lines, '    - pods'), []);
  assert.deepEqual(kubewardScopesOn(lines, 'resources: [secrets]'), []);
  // After the block list ends, the next rule's keys are ordinary YAML keys again.
  assert.ok(scopesOf(lines, '- apiGroups: [""]', 'apiGroups').includes('entity.name.tag.yaml'));

  const configMap = tokenize(`apiVersion: v1
kind: ConfigMap
data:
  verbs: get
  notes: The quick brown fox jumps over the lazy dog again and again today
  path: /etc/kubernetes/pki/apiserver/etcd/client/certificates/current
  digest: 4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945
  request: approve
  verbs-help: "get, list" # watch
`);
  for (const marker of ['verbs: get', 'notes:', 'path:', 'digest:', 'request:', 'verbs-help:']) {
    assert.deepEqual(kubewardScopesOn(configMap, marker), [], marker);
  }
});
