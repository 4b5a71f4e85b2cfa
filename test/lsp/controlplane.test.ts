/**
 * The control plane's own files over stdio: an EncryptionConfiguration gets its diagnostics (an error where
 * kube-apiserver would refuse to start, a warning where Secrets stay in plain text) and its provider hover, without
 * any key material in either; a suppression comment with the former id apiserver/insecure-flag still works.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

const KEY = Buffer.from('kubeward-lsp-test-key-32-bytes!!').toString('base64');

test('an EncryptionConfiguration is checked and explained over stdio, with no key shown', async () => {
  const text = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - identity: {}
      - aesgcm:
          keys: [{name: key1, secret: ${KEY}}]
---
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [configmaps]
    providers:
      - secretbox:
          keys: [{name: short, secret: ${KEY.slice(0, 12)}}]
`;
  const uri = 'file:///encryption.yaml';
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(uri, text, 1);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const ours = diagnostics.filter((diagnostic) => diagnostic.code === 'controlplane/encryption-config');
    assert.deepEqual(ours.map((diagnostic) => [diagnostic.severity, diagnostic.range.start.line]), [[2, 5], [1, 15]]);
    assert.match(String(ours[0].message), /"identity" is the first provider for secrets/);
    assert.match(String(ours[1].message), /kube-apiserver refuses to start with this configuration: resources\[0\]\.providers\[0\]\.secretbox\.keys\[0\]\.secret decodes to 9 bytes/);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 9 } });
    const markdown = JSON.stringify(hover?.contents ?? '');
    assert.match(markdown, /aesgcm/);
    assert.match(markdown, /Only reads `secrets`/);
    assert.ok(!markdown.includes(KEY) && !ours.some((diagnostic) => String(diagnostic.message).includes(KEY.slice(0, 12))), 'no key material is shown');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('a suppression comment naming apiserver/insecure-flag silences controlplane/insecure-flag', async () => {
  const text = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
# kubeward-disable-next-line apiserver/insecure-flag
readOnlyPort: 10255
rotateCertificates: false
`;
  const uri = 'file:///kubelet.yaml';
  const client = LspClient.start();
  try {
    await client.initialize();
    await client.open(uri, text, 1);
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]), [['controlplane/insecure-flag', 7]]);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
