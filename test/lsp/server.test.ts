/**
 * The language server tested the way an editor uses it: the built `dist/server.js` over stdio, driven by a real
 * JSON-RPC client. Expected positions are computed from the text (where a substring sits), not written by hand.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type MarkupContent,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, summarize, type LspClientOptions } from '../helpers/lsp-client';
import { POD_READER_ROLE } from '../helpers/manifests';

const ROLE = POD_READER_ROLE;
const ROLE_WITH_MISSPELT_API_VERSION = ROLE.replace('authorization', 'authorisation');

const ROLE_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: default
subjects:
  - kind: User
    name: jane
    apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;

/** The range of the `occurrence`-th appearance of `needle` in `text` (0-based), as an LSP range. */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `"${needle}" (occurrence ${occurrence}) is not in the test text`);
  }
  const document = TextDocument.create('file:///range-of.yaml', 'yaml', 0, text);
  return { start: document.positionAt(offset), end: document.positionAt(offset + needle.length) };
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** Clients started by the tests; any still running when the file ends are killed. */
const running = new Set<LspClient>();
after(() => {
  for (const client of running) client.kill();
});

async function startClient(options: LspClientOptions = {}): Promise<{ client: LspClient; initialized: InitializeResult }> {
  const started = await LspClient.started(options);
  running.add(started.client);
  return started;
}

/** Runs a test body against a fresh server, then shuts it down through the protocol and checks it exited cleanly. */
async function withServer(body: (client: LspClient) => Promise<void>, options: LspClientOptions = {}): Promise<void> {
  const { client } = await startClient(options);
  try {
    await body(client);
    assert.equal(await client.shutdown(), 0, `server exit code; stderr: ${client.serverStderr}`);
  } finally {
    client.kill();
    running.delete(client);
  }
}

describe('language server over stdio', () => {
  test('initialize announces the features and the server name', async () => {
    const { client, initialized } = await startClient();
    try {
      const { capabilities, serverInfo } = initialized;
      assert.equal(serverInfo?.name, 'kubeward');
      assert.match(serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
      assert.equal(capabilities.hoverProvider, true);
      assert.ok(capabilities.codeActionProvider, 'codeActionProvider');
      assert.deepEqual(
        typeof capabilities.codeActionProvider === 'object' ? capabilities.codeActionProvider.codeActionKinds : undefined,
        ['quickfix', 'source.fixAll', 'refactor'],
      );
      assert.equal(capabilities.documentSymbolProvider, true);
      assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 /* Incremental */ });
    } finally {
      await client.shutdown();
      running.delete(client);
    }
  });

  test('didOpen publishes the finding with version, code, source, severity, exact range and docs link', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/role.yaml';
      await client.open(uri, ROLE_WITH_MISSPELT_API_VERSION, 1);
      const published = await client.diagnostics(uri, 1);
      assert.equal(published.version, 1);
      assert.equal(published.diagnostics.length, 1, JSON.stringify(summarize(published.diagnostics)));
      const [diagnostic] = published.diagnostics;
      assert.equal(diagnostic.code, 'k8s/unknown-api-version');
      assert.equal(diagnostic.source, 'kubeward');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.deepEqual(diagnostic.range, rangeOf(ROLE_WITH_MISSPELT_API_VERSION, 'rbac.authorisation.k8s.io/v1'));
      assert.deepEqual(diagnostic.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 40 } });
      assert.equal(diagnostic.message, 'Unknown apiVersion "rbac.authorisation.k8s.io/v1"; did you mean "rbac.authorization.k8s.io/v1"?');
      assert.match(diagnostic.codeDescription?.href ?? '', /docs\/rules\/k8s\/unknown-api-version\.md$/);
    }));

  test('hover on a key gives its type and whether it is required; on a flagged value, the rule and a link', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/hover.yaml';
      await client.open(uri, ROLE, 1);
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
      const verbs = rangeOf(ROLE, 'verbs');
      const onKey = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: { line: verbs.start.line, character: verbs.start.character + 2 },
      });
      const keyDocs = markdownOf(onKey);
      assert.match(keyDocs, /\*\*verbs\*\*/);
      assert.match(keyDocs, /list of string/);
      assert.match(keyDocs, /\brequired\b/);
      assert.deepEqual(onKey?.range, verbs);

      const flaggedUri = 'file:///workspace/hover-flagged.yaml';
      await client.open(flaggedUri, ROLE_WITH_MISSPELT_API_VERSION, 1);
      assert.equal((await client.diagnostics(flaggedUri, 1)).diagnostics.length, 1);
      const value = rangeOf(ROLE_WITH_MISSPELT_API_VERSION, 'authorisation');
      const onFlagged = markdownOf(
        await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: flaggedUri }, position: value.start }),
      );
      assert.match(onFlagged, /k8s\/unknown-api-version/);
      assert.match(onFlagged, /\]\(https:\/\/[^)]+docs\/rules\/k8s\/unknown-api-version\.md\)/);
    }));

  test('code actions: the preferred quick fix replaces exactly the value, and a disable-for-this-line action', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/fix.yaml';
      await client.open(uri, ROLE_WITH_MISSPELT_API_VERSION, 1);
      const [diagnostic] = (await client.diagnostics(uri, 1)).diagnostics;
      assert.ok(diagnostic, 'expected a diagnostic to act on');

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      const titles = actions.map((action) => action.title);
      const fix = actions.find((action) => action.title === 'Change apiVersion to "rbac.authorization.k8s.io/v1"');
      assert.ok(fix, `no quick fix among ${JSON.stringify(titles)}`);
      assert.equal(fix.kind, 'quickfix');
      assert.equal(fix.isPreferred, true);
      assert.deepEqual(fix.diagnostics, [diagnostic]);
      const fixEdits = fix.edit?.changes?.[uri];
      assert.deepEqual(fixEdits, [{ range: diagnostic.range, newText: 'rbac.authorization.k8s.io/v1' }]);

      const disable = actions.find((action) => action.title === 'Disable k8s/unknown-api-version for this line');
      assert.ok(disable, `no disable action among ${JSON.stringify(titles)}`);
      assert.equal(disable.kind, 'quickfix');
      assert.notEqual(disable.isPreferred, true);
      const lineStart = { line: diagnostic.range.start.line, character: 0 };
      assert.deepEqual(disable.edit?.changes?.[uri], [
        { range: { start: lineStart, end: lineStart }, newText: '# kubeward-disable-next-line k8s/unknown-api-version\n' },
      ]);

      // Applying the quick fix as the editor would (a ranged change) leaves nothing to report.
      const [edit] = fixEdits as TextEdit[];
      await client.change(uri, 2, [{ range: edit.range, text: edit.newText }]);
      const after = await client.diagnostics(uri, 2);
      assert.deepEqual(after.diagnostics, []);
    }));

  test('code actions find the finding of a diagnostic whose data comes back with its keys in another order', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/reordered.yaml';
      await client.open(uri, ROLE_WITH_MISSPELT_API_VERSION, 1);
      const [diagnostic] = (await client.diagnostics(uri, 1)).diagnostics;
      assert.ok(diagnostic?.data && typeof diagnostic.data === 'object', 'expected a diagnostic with data');
      const data = diagnostic.data as Record<string, unknown>;
      const reversed = Object.fromEntries(Object.keys(data).reverse().map((key) => [key, data[key]]));
      assert.notEqual(JSON.stringify(reversed), JSON.stringify(data), 'the data must really come back reordered');
      const echoed = { ...diagnostic, data: reversed };

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [echoed] },
      });
      const fix = actions.find((action) => action.title === 'Change apiVersion to "rbac.authorization.k8s.io/v1"');
      assert.ok(fix, `no quick fix among ${JSON.stringify(actions.map((action) => action.title))}`);
      assert.deepEqual(fix.diagnostics, [echoed]);
      const fixAll = actions.find((action) => action.kind === 'source.fixAll');
      assert.deepEqual(fixAll?.diagnostics, [echoed], 'fix-all names the diagnostics it resolves');

      // A diagnostic of another finding (another rule at the same place) selects nothing.
      const other = { ...echoed, data: { ...reversed, ruleId: 'rbac/unknown-verb' } };
      const none = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [other], only: ['quickfix'] },
      });
      assert.deepEqual(none.map((action) => action.title), []);
    }));

  test('document symbols name each object of a stream by kind and name', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/symbols.yaml';
      const text = `${ROLE}---\n${ROLE_BINDING}`;
      await client.open(uri, text, 1);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(
        symbols.map((symbol) => symbol.name),
        ['Role/pod-reader', 'RoleBinding/read-pods'],
      );
      assert.deepEqual(
        symbols.map((symbol) => symbol.detail),
        ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1'],
      );
      // The selection is the kind's value; the range spans the object.
      assert.deepEqual(symbols[1].selectionRange, rangeOf(text, 'RoleBinding'));
      assert.equal(symbols[1].range.start.line, rangeOf(text, 'apiVersion', 1).start.line);
      assert.ok(symbols[0].range.end.line < symbols[1].range.start.line);
    }));

  test('settings from workspace/configuration set the severity, and didChangeConfiguration re-publishes', () =>
    withServer(
      async (client) => {
        const uri = 'file:///workspace/configured.yaml';
        await client.open(uri, ROLE_WITH_MISSPELT_API_VERSION, 1);
        const first = await client.diagnostics(uri, 1);
        assert.deepEqual(
          first.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
          [['k8s/unknown-api-version', DiagnosticSeverity.Warning]],
        );
        assert.ok(
          client.configurationRequests.some((item) => item.section === 'kubeward' && item.scopeUri === uri),
          `the server asked for ${JSON.stringify(client.configurationRequests)}`,
        );

        await client.changeConfiguration({ kubeward: { rules: { 'k8s/unknown-api-version': 'off' } } });
        const republished = await client.diagnostics(uri, 1);
        assert.deepEqual(republished.diagnostics, []);
      },
      { settings: { kubeward: { rules: { 'k8s/unknown-api-version': 'warning' } } } },
    ));

  test('a suppression comment silences the rule on the next line only', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/suppressed.yaml';
      const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  # kubeward-disable-next-line k8s/unknown-field
  namspace: default
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verb: ["get"]
    verbs: ["get"]
`;
      await client.open(uri, text, 1);
      const published = await client.diagnostics(uri, 1);
      // Only the misspelt key that is not suppressed is reported, which shows the rule itself is on.
      assert.deepEqual(
        published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range]),
        [['k8s/unknown-field', rangeOf(text, 'verb')]],
      );
    }));

  test('YAML that is not Kubernetes (a broken workflow, a compose file) gets an empty diagnostics list', () =>
    withServer(async (client) => {
      const workflow = 'file:///workspace/.github/workflows/ci.yaml';
      await client.open(
        workflow,
        `name: CI
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Test
        run: npm test
       env:
          CI: "true
`,
        1,
      );
      const compose = 'file:///workspace/docker-compose.yaml';
      await client.open(
        compose,
        `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    environment:
      kind: frontend
volumes:
  data: {}
`,
        1,
      );
      const workflowDiagnostics = await client.diagnostics(workflow, 1);
      const composeDiagnostics = await client.diagnostics(compose, 1);
      assert.deepEqual(workflowDiagnostics.diagnostics, []);
      assert.deepEqual(composeDiagnostics.diagnostics, []);
    }));

  test('incremental edits re-analyse the changed document and keep positions right across the stream', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/stream.yaml';
      // The client's copy of the document; ranged changes are applied to it exactly as they are sent.
      let document = TextDocument.create(
        uri,
        'yaml',
        1,
        `${ROLE.replace('  namespace:', '  namspace:')}---\n${ROLE_BINDING.replace('authorization.k8s.io/v1\nkind', 'authorisation.k8s.io/v1\nkind')}`,
      );
      const edit = async (version: number, range: Range, text: string) => {
        document = TextDocument.update(document, [{ range, text }], version);
        await client.change(uri, version, [{ range, text }]);
      };
      const expectDiagnostics = (diagnostics: Diagnostic[], expected: [string, string, number][]) => {
        const text = document.getText();
        assert.deepEqual(
          diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range]),
          expected.map(([code, needle, occurrence]) => [code, rangeOf(text, needle, occurrence)]),
          JSON.stringify(summarize(diagnostics)),
        );
      };

      await client.open(uri, document.getText(), 1);
      const opened = await client.diagnostics(uri, 1);
      expectDiagnostics(opened.diagnostics, [
        ['k8s/unknown-field', 'namspace', 0],
        ['k8s/unknown-api-version', 'rbac.authorisation.k8s.io/v1', 0],
      ]);
      const firstDocumentDiagnostic = opened.diagnostics[0];

      // Only the second document changes: its apiVersion is corrected and a key is misspelt.
      await edit(2, rangeOf(document.getText(), 'authorisation'), 'authorization');
      await edit(3, rangeOf(document.getText(), 'subjects'), 'subject');
      const secondEdited = await client.diagnostics(uri, 3);
      expectDiagnostics(secondEdited.diagnostics, [
        ['k8s/unknown-field', 'namspace', 0],
        ['k8s/unknown-field', 'subject', 0],
      ]);
      // The first document's diagnostic is the very same, range and all.
      assert.deepEqual(secondEdited.diagnostics[0], firstDocumentDiagnostic);

      // Two lines inserted in the first document, below its finding: that finding stays where it was, and the
      // second document's (whose text, and so whose cached analysis, did not change) moves down by two lines.
      const [namspace, subject] = secondEdited.diagnostics.map((diagnostic) => diagnostic.range);
      const rulesLine = rangeOf(document.getText(), 'rules:').start.line;
      await edit(4, { start: { line: rulesLine, character: 0 }, end: { line: rulesLine, character: 0 } }, '  labels:\n    team: platform\n');
      const shifted = await client.diagnostics(uri, 4);
      expectDiagnostics(shifted.diagnostics, [
        ['k8s/unknown-field', 'namspace', 0],
        ['k8s/unknown-field', 'subject', 0],
      ]);
      assert.deepEqual(
        shifted.diagnostics.map((diagnostic) => diagnostic.range),
        [
          namspace,
          { start: { line: subject.start.line + 2, character: subject.start.character }, end: { line: subject.end.line + 2, character: subject.end.character } },
        ],
      );
    }));

  test('a cancelled hover is answered or refused with RequestCancelled, and the server keeps serving', () =>
    withServer(async (client) => {
      const uri = 'file:///workspace/cancel.yaml';
      await client.open(uri, ROLE, 1);
      const position = rangeOf(ROLE, 'verbs').start;
      // Sent before the document's settings have arrived, so the cancellation can overtake the work.
      let outcome: 'answered' | 'cancelled';
      try {
        const answer = await client.requestCancelled<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        assert.match(markdownOf(answer), /\*\*verbs\*\*/);
        outcome = 'answered';
      } catch (error) {
        assert.equal((error as { code?: number }).code, -32800, `expected RequestCancelled, got ${String(error)}`);
        outcome = 'cancelled';
      }
      assert.ok(outcome === 'answered' || outcome === 'cancelled');
      const next = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      assert.match(markdownOf(next), /\*\*verbs\*\*/);
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
    }));

  test('shutdown then exit ends the process with code 0', async () => {
    const { client } = await startClient();
    const uri = 'file:///workspace/last.yaml';
    await client.open(uri, ROLE, 1);
    await client.diagnostics(uri, 1);
    const code = await client.shutdown();
    running.delete(client);
    assert.equal(code, 0);
    assert.equal(client.process.exitCode, 0);
  });
});
