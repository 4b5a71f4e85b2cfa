/**
 * `kubeward/certificateDetails` and the decode action over stdio, on a kubeconfig whose client certificate is
 * generated here.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { test } from 'node:test';
import * as x509 from '@peculiar/x509';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

test('kubeward/certificateDetails describes the certificate under the cursor; the decode action is offered', async () => {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '7f01',
    name: 'CN=jane, O=dev',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2126-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: algorithm,
  });
  const pem = `${certificate.toString('pem')}\n`;
  const text = `apiVersion: v1
kind: Config
users:
  - name: jane
    user:
      client-certificate-data: ${Buffer.from(pem).toString('base64')}
clusters: []
contexts: []
`;
  const uri = 'file:///kubeconfig-credentials.yaml';
  const position = { line: 5, character: 34 };
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(uri, text, 1);
    const { text: details } = await client.request<{ text: string }>('kubeward/certificateDetails', { uri, position });
    assert.match(details, /^# client certificate \(base64 of PEM\)\n\nCertificate:\n {4}Subject: CN=jane, O=dev\n {8}Kubernetes user \(CN\): jane\n {8}Kubernetes groups \(O\): dev\n {4}Issuer: CN=jane, O=dev \(self-signed\)\n {4}Serial Number: 7F01\n/);
    assert.match(details, /\n {4}Public Key: EC P-256\n/);
    assert.ok(details.endsWith(pem), details);
    const elsewhere = await client.request<{ text: string }>('kubeward/certificateDetails', { uri, position: { line: 0, character: 2 } });
    assert.equal(elsewhere.text, '');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [], only: ['refactor.rewrite'] },
    });
    assert.deepEqual(actions.map((action) => [action.title, action.kind]), [['Decode in place (base64 → PEM)', 'refactor.rewrite.kubeward.decode']]);
    const edit = actions[0].edit?.changes?.[uri]?.[0];
    assert.equal(edit?.newText.split('\n')[0], '| # kubeward:base64');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
