/**
 * Inlay hints over stdio: subject and expiry after certificates generated here, the subject after a CSR's request,
 * length and kind after Secret data (never the value), rule and risk counts after a roleRef, nothing after garbage,
 * and each kind turned off by its setting.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { InlayHint, Position } from 'vscode-languageserver-protocol';
import { certificatePem, certificateRequestPem } from '../helpers/certificates';
import { LspClient } from '../helpers/lsp-client';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** The end of the line that holds `needle` (its `occurrence`-th appearance), where a hint after a one-line value goes. */
function endOfLine(text: string, needle: string, occurrence = 1): Position {
  let at = -1;
  for (let found = 0; found < occurrence; found++) at = text.indexOf(needle, at + 1);
  assert.notEqual(at, -1, needle);
  const line = text.slice(0, at).split('\n').length - 1;
  return { line, character: text.split('\n')[line].length };
}

const everything = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

async function hintsOf(client: LspClient, uri: string): Promise<{ label: string; position: Position }[]> {
  const hints = await client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
  return (hints ?? []).map((hint) => ({ label: String(hint.label), position: hint.position }));
}

/** Certificates valid until 41.5 days from now and expired 3.5 days ago: the whole days do not move during a test run. */
async function certificates() {
  const now = Date.now();
  const client = await certificatePem({ name: 'CN=jane, O=dev', notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 41 * DAY + 12 * HOUR) });
  const expired = await certificatePem({ name: 'CN=kube-ca', notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 3 * DAY - 12 * HOUR) });
  return { client, expired };
}

test('certificates and certificate requests get their subject and expiry; garbage base64 gets nothing', async () => {
  const { client: clientPem, expired } = await certificates();
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
      server: https://dev.example:6443
      certificate-authority-data: ${base64(expired)}
users:
  - name: jane
    user:
      client-certificate-data: ${base64(clientPem)}
  - name: broken
    user:
      client-certificate-data: not-base64!!
contexts: []
`;
  const csr = `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: jane
spec:
  request: ${base64(await certificateRequestPem('CN=jane, O=dev, O=ops'))}
  signerName: kubernetes.io/kube-apiserver-client
  usages: ["client auth"]
`;
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open('file:///hints/kubeconfig.yaml', kubeconfig);
    await client.open('file:///hints/csr.yaml', csr);
    assert.deepEqual(await hintsOf(client, 'file:///hints/kubeconfig.yaml'), [
      { label: 'CN=kube-ca · expired 3 d ago', position: endOfLine(kubeconfig, 'certificate-authority-data:') },
      { label: 'CN=jane O=dev · expires in 41 d', position: endOfLine(kubeconfig, 'client-certificate-data:') },
    ]);
    assert.deepEqual(await hintsOf(client, 'file:///hints/csr.yaml'), [{ label: 'CN=jane O=dev O=ops', position: endOfLine(csr, 'request:') }]);
    // Only the hints inside the requested range.
    const line = endOfLine(kubeconfig, 'client-certificate-data:').line;
    const ranged = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: 'file:///hints/kubeconfig.yaml' },
      range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
    });
    assert.deepEqual(ranged.map((hint) => hint.label), ['CN=jane O=dev · expires in 41 d']);
    assert.equal(ranged[0].paddingLeft, true);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('Secret data gets its decoded length and kind, never its value; settings turn each kind of hint off', async () => {
  const { client: certificate } = await certificates();
  const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const password = 'hunter2-correct-horse-battery';
  const json = '{"auths":{"registry.example":{"auth":"c2VjcmV0LXZhbHVlLTEyMw=="}}}';
  const binary = Buffer.concat([Buffer.from([0xff, 0x00, 0x81]), randomBytes(29)]);
  const secret = `apiVersion: v1
kind: Secret
metadata:
  name: web-tls
type: Opaque
data:
  tls.crt: ${base64(certificate)}
  tls.key: ${base64(privateKey)}
  password: ${base64(password)}
  config.json: ${base64(json)}
  random: ${base64(binary)}
  garbage: "%%%not base64%%%"
  unpadded: YWJjZA
`;
  const uri = 'file:///hints/secret.yaml';
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(uri, secret);
    const hints = await hintsOf(client, uri);
    assert.deepEqual(hints, [
      { label: 'CN=jane O=dev · expires in 41 d', position: endOfLine(secret, 'tls.crt:') },
      { label: `${Buffer.byteLength(privateKey)} bytes, PEM private key`, position: endOfLine(secret, 'tls.key:') },
      { label: `${password.length} bytes, text`, position: endOfLine(secret, 'password:') },
      { label: `${json.length} bytes, JSON`, position: endOfLine(secret, 'config.json:') },
      { label: '32 bytes, binary', position: endOfLine(secret, 'random:') },
    ]);
    const raw = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
    const said = JSON.stringify(raw);
    for (const value of [password, base64(password), json, 'c2VjcmV0LXZhbHVlLTEyMw', privateKey.split('\n')[1], base64(privateKey).slice(40, 80)]) {
      assert.ok(!said.includes(value), 'a hint repeats Secret data');
    }

    await client.changeConfiguration({ kubeward: { inlayHints: { certificates: false } } });
    assert.deepEqual((await hintsOf(client, uri)).map((hint) => hint.label), hints.slice(1).map((hint) => hint.label));
    await client.changeConfiguration({ kubeward: { inlayHints: { secretData: false } } });
    assert.deepEqual((await hintsOf(client, uri)).map((hint) => hint.label), [hints[0].label]);
    await client.changeConfiguration({ kubeward: { inlayHints: { certificates: false, secretData: false } } });
    assert.deepEqual(await hintsOf(client, uri), []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "watch"]
`;

const BINDINGS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployer
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployer
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: auditors
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: auditors
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: "system:basic-user"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: dangling
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: no-such-role
`;

test('a roleRef gets the number of rules of its role and how many are risky; a missing role gets none', async () => {
  const rolesUri = 'file:///hints/roles.yaml';
  const bindingsUri = 'file:///hints/bindings.yaml';
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(rolesUri, ROLE);
    await client.diagnostics(rolesUri, 1);
    await client.open(bindingsUri, BINDINGS);
    assert.deepEqual(await hintsOf(client, bindingsUri), [
      { label: '3 rules, 1 risky', position: endOfLine(BINDINGS, '  name: deployer', 2) },
      // Built into Kubernetes: self-subject access and rules reviews, nothing risky.
      { label: '2 rules, 0 risky', position: endOfLine(BINDINGS, 'name: "system:basic-user"') },
    ]);
    const [hint] = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: bindingsUri }, range: everything });
    assert.equal(hint.tooltip, 'Risky: reads Secrets');
    await client.changeConfiguration({ kubeward: { inlayHints: { roleRefs: false } } });
    assert.deepEqual(await hintsOf(client, bindingsUri), []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
