/**
 * `kubeward/certificateDetails` and the decode action over stdio, on a kubeconfig whose client certificate is
 * generated here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { selfSignedCertificatePem } from '../helpers/certificates';
import { LspClient } from '../helpers/lsp-client';

test('kubeward/certificateDetails describes the certificate under the cursor; the decode action is offered', async () => {
  const pem = await selfSignedCertificatePem('CN=jane, O=dev');
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
