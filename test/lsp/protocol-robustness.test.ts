/**
 * The server under clients that misbehave: unknown methods, malformed parameters, requests about documents it was
 * never told of, positions past the end, and a flood of edits. Each gets a proper answer or error, and the server
 * keeps serving.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc';
import { LspClient } from '../helpers/lsp-client';
import { POD_READER_ROLE } from '../helpers/manifests';

async function errorOf(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `a JSON-RPC error, not ${String(error)}`);
    return error;
  }
  assert.fail('the request was expected to fail');
}

async function stillServes(client: LspClient): Promise<void> {
  const uri = 'file:///robustness/healthy.yaml';
  await client.open(uri, POD_READER_ROLE.replace('verbs', 'verb'), 1);
  assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics.map((diagnostic) => diagnostic.code), ['k8s/unknown-field']);
}

test('unknown methods, malformed parameters and unknown documents get proper answers', async () => {
  const client = LspClient.start();
  try {
    await client.initialize();
    assert.equal((await errorOf(client.request('kubeward/noSuchThing', {}))).code, -32601, 'MethodNotFound');
    // A hover without a usable document is answered with nothing or refused with an error; both are proper answers.
    const malformed = await client.request('textDocument/hover', { textDocument: 42 }).then((answer) => answer, (error: unknown) => error);
    assert.ok(malformed === null || malformed instanceof ResponseError, String(malformed));
    const unknown = { textDocument: { uri: 'file:///never/opened.yaml' }, position: { line: 0, character: 0 } };
    assert.equal(await client.request('textDocument/hover', unknown), null);
    assert.deepEqual(await client.request('kubeward/effectiveAccess', { uri: 'file:///never/opened.yaml', position: { line: 0, character: 0 } }), { markdown: '' });
    await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.yaml', version: 2 }, contentChanges: [{ text: 'kind: Role' }] });
    await client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.yaml' } });
    await stillServes(client);
  } finally {
    assert.equal(await client.shutdown(), 0, client.serverStderr);
  }
});

test('positions and ranges past the end of a document are answered, not thrown on', async () => {
  const client = LspClient.start();
  try {
    await client.initialize();
    const uri = 'file:///robustness/short.yaml';
    await client.open(uri, POD_READER_ROLE, 1);
    await client.diagnostics(uri, 1);
    const far = { line: 10_000, character: 500 };
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: far }), null);
    const actions = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: far, end: { line: 20_000, character: 0 } }, context: { diagnostics: [] } });
    assert.ok(Array.isArray(actions));
    await stillServes(client);
  } finally {
    assert.equal(await client.shutdown(), 0, client.serverStderr);
  }
});

test('a flood of edits is coalesced and the diagnostics published last are those of the newest version', async () => {
  const client = LspClient.start();
  try {
    await client.initialize();
    const uri = 'file:///robustness/flood.yaml';
    await client.open(uri, POD_READER_ROLE, 1);
    await client.diagnostics(uri, 1);
    const edits = 300;
    // Every edit rewrites the verbs line; only the last one leaves a misspelt field behind.
    const line = POD_READER_ROLE.split('\n').findIndex((text) => text.includes('verbs'));
    const sent = [];
    for (let version = 2; version <= edits + 1; version++) {
      const text = version === edits + 1 ? '    verb: ["get"]' : `    verbs: ["get"] # ${version}`;
      sent.push(client.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: `${text}\n` }]));
    }
    await Promise.all(sent);
    const last = await client.diagnostics(uri, edits + 1);
    assert.deepEqual(last.diagnostics.map((diagnostic) => diagnostic.code), ['k8s/unknown-field']);
    const publications = client.publishedVersions(uri);
    assert.ok(publications.length < edits / 2, `${publications.length} publications for ${edits} edits`);
    assert.deepEqual(publications, [...publications].sort((a, b) => a - b), 'versions are published in order, never an older one after a newer');
  } finally {
    assert.equal(await client.shutdown(), 0, client.serverStderr);
  }
});

test('requests before initialize and edits out of order are handled without a crash', async () => {
  const client = LspClient.start();
  try {
    // Before initialize, a request is either refused with an error or answered with nothing.
    const early = await client.request('textDocument/hover', { textDocument: { uri: 'file:///early.yaml' }, position: { line: 0, character: 0 } }).then(
      (answer) => answer,
      (error: unknown) => error,
    );
    assert.ok(early === null || early instanceof ResponseError, String(early));
    await client.initialize();
    const uri = 'file:///robustness/out-of-order.yaml';
    await client.open(uri, POD_READER_ROLE, 5);
    await client.diagnostics(uri, 5);
    // A change that claims an older version than the document's: the server keeps a consistent document.
    await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# note\n' }]);
    await client.change(uri, 6, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# second note\n' }]);
    const published = await client.diagnostics(uri, 6);
    assert.deepEqual(published.diagnostics, []);
    await stillServes(client);
  } finally {
    assert.equal(await client.shutdown(), 0, client.serverStderr);
  }
});
