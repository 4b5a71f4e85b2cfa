/**
 * PEM files over stdio: a workspace of certificates and keys made by openssl (a CA, a certificate with a key that
 * is not its own) is scanned; an opened certificate gets pki/chain's finding against the key beside it, read from
 * disk, its hover says what it is, and the details request describes the file; an opened key shows its type and
 * size, never its content.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

let folder: string;
let client: LspClient;
const uriOf = (file: string) => pathToFileURL(path.join(folder, file)).href;
const read = (file: string) => readFileSync(path.join(folder, file), 'utf8');

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-pem-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=kubernetes', '-days', '3650');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver');
  openssl('x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '2', '-out', 'apiserver.crt', '-days', '365');
  // The key of the same name is another one.
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'apiserver.key');
  client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  await client.initialize();
  await client.workspaceIndexed();
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('a certificate is checked against the key beside it, with a hover and a details view', async () => {
  await client.open(uriOf('apiserver.crt'), read('apiserver.crt'), 1, 'plaintext');
  const { diagnostics } = await client.diagnostics(uriOf('apiserver.crt'), 1);
  // It is also kube-apiserver's serving certificate (by its CN) without a single name.
  assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.range.start.line]), [['pki/apiserver-san', 1, 0], ['pki/chain', 1, 0]]);
  assert.match(String(diagnostics[1].message), /not the one of apiserver\.key/);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf('apiserver.crt') }, position: { line: 3, character: 2 } });
  assert.match(JSON.stringify(hover?.contents), /CN=kube-apiserver/);
  const details = await client.request<{ text: string }>('kubeward/certificateDetails', { uri: uriOf('apiserver.crt'), position: { line: 0, character: 0 } });
  assert.match(details.text, /^# apiserver\.crt\n\nCertificate:\n {4}Subject: CN=kube-apiserver\n/);
});

test('a key is described by type and size only', async () => {
  const key = read('apiserver.key');
  await client.open(uriOf('apiserver.key'), key, 1, 'plaintext');
  const { diagnostics } = await client.diagnostics(uriOf('apiserver.key'), 1);
  assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['pki/chain']);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf('apiserver.key') }, position: { line: 1, character: 2 } });
  assert.match(JSON.stringify(hover?.contents), /Private key: EC P-256/);
  const body = key.split('\n')[1];
  assert.ok(!JSON.stringify([hover, diagnostics]).includes(body), 'no key content in hovers or messages');
});
