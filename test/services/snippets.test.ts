/**
 * The snippets keep Kubeward's promise that a snippet inserted as is produces no finding: each is expanded with
 * its defaults and linted as the command line lints a file, every rule on at its default severity and with the
 * workspace index, so cross-document rules (a binding's role, a policy's pods) have their say. The snippet syntax
 * reader and the completion items offered to other editors are checked here too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CompletionItemKind, InsertTextFormat, type TextEdit } from 'vscode-languageserver-protocol';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter, type Finding } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { SNIPPETS, snippetCompletions } from '../../server/src/services/completion/snippets';
import { expandSnippet } from '../../server/src/services/completion/snippet-syntax';
import { REPO_ROOT } from '../helpers/paths';

/**
 * Findings a snippet may keep (rule id and message id), all at information level: they explain what the snippet
 * is for rather than flag a mistake in it, and they are what a user should read on inserting it. Every other
 * snippet produces no finding at all.
 * - The DNS policy's peer holds a podSelector and a namespaceSelector together; netpol/and-or-peer explains that
 *   both must match (kube-dns pods in kube-system only), the one thing about that YAML most often read wrong.
 * - A kubeconfig user with exec credentials runs a command by design; kubeconfig/exec-plugin names the command for
 *   every such user, so that nobody adopts a kubeconfig from elsewhere without seeing what it runs.
 */
const EXPECTED_INFORMATION: Record<string, string[]> = {
  'netpol-allow-dns': ['netpol/and-or-peer and'],
  'kubeconfig-exec': ['kubeconfig/exec-plugin runsCommand'],
};

function lintAsFile(text: string): Finding[] {
  const documentPath = path.join(REPO_ROOT, '__snippet__', 'manifest.yaml');
  const host = { fileExists: () => false, documentPath, homeDirectory: '/nonexistent-home', now: new Date('2026-06-01T00:00:00Z') };
  const linter = new StreamLinter(RULES, host);
  const workspace = new WorkspaceIndex();
  workspace.setFile(documentPath, linter.lint(text, DEFAULT_CONFIG));
  return linter.lint(text, DEFAULT_CONFIG, workspace).findings;
}

test('the VS Code snippet file is what package.json contributes for YAML', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: { language: string; path: string }[] } };
  assert.deepEqual(manifest.contributes.snippets, [{ language: 'yaml', path: './snippets/kubernetes.json' }]);
  assert.deepEqual(
    SNIPPETS.map((snippet) => snippet.prefix),
    ['role-binding', 'clusterrole-aggregated', 'clusterrole-aggregating', 'netpol-default-deny', 'netpol-allow-dns', 'csr-user', 'kubeconfig-exec'],
  );
});

for (const snippet of SNIPPETS) {
  test(`snippet ${snippet.prefix} inserted as is lints clean`, () => {
    const text = expandSnippet(snippet.body);
    assert.doesNotMatch(text, /\$\{?\d|\$\{/, 'every tab stop and placeholder is expanded');
    const findings = lintAsFile(text);
    const described = (finding: Finding) => `${finding.severity} ${finding.ruleId} at "${text.slice(finding.range.start, finding.range.end)}": ${finding.message}`;
    const unexpected = findings.filter((finding) => finding.severity !== 'information' || !EXPECTED_INFORMATION[snippet.prefix]);
    assert.deepEqual(unexpected.map(described), [], `snippet ${snippet.prefix}:\n${text}`);
    assert.deepEqual(
      findings.map((finding) => `${finding.ruleId} ${finding.messageId}`),
      EXPECTED_INFORMATION[snippet.prefix] ?? [],
      `snippet ${snippet.prefix} keeps exactly its expected explanations:\n${findings.map(described).join('\n')}`,
    );
  });
}

test('the snippet reader expands tab stops, placeholders, choices, variables and escapes', () => {
  assert.equal(expandSnippet('a: $1\nb: ${2}\nc: ${3:three}\n$0'), 'a: \nb: \nc: three\n');
  assert.equal(expandSnippet('name: ${1:web-${2:api}}'), 'name: web-api');
  assert.equal(expandSnippet('mode: ${1|IfAvailable,Never,Always|} ${2|a\\,b,c|}'), 'mode: IfAvailable a,b');
  assert.equal(expandSnippet('${TM_FILENAME} ${TM_FILENAME:x.yaml} $CLIPBOARD'), ' x.yaml ');
  assert.equal(expandSnippet('cost: \\$5 ${1:a\\}b} $ alone'), 'cost: $5 a}b $ alone');
  assert.throws(() => expandSnippet('${1:open'), /Unclosed placeholder/);
});

test('snippet completions are offered at the start of a line of an empty document only', () => {
  const at = (text: string, line: number, character: number) => snippetCompletions(text, { line, character });
  const items = at('', 0, 0);
  assert.equal(items.length, SNIPPETS.length);
  const first = items[0];
  assert.equal(first.kind, CompletionItemKind.Snippet);
  assert.equal(first.insertTextFormat, InsertTextFormat.Snippet);
  assert.equal(first.label, 'role-binding');
  assert.equal(first.detail, 'Role and RoleBinding for a ServiceAccount');
  assert.equal((first.textEdit as TextEdit).newText, SNIPPETS[0].body);

  const stream = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n\n# notes\n';
  assert.equal(at(stream, 5, 0).length, SNIPPETS.length, 'after --- in a document holding only comments');
  const typed = at('---\nnetpol', 1, 6);
  assert.equal(typed.length, SNIPPETS.length, 'with part of a prefix typed');
  assert.deepEqual((typed[0].textEdit as TextEdit).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });

  assert.deepEqual(at(stream, 3, 0), [], 'inside a document with content');
  assert.deepEqual(at('kind: Role\n\n', 1, 0), [], 'on an empty line of a document with content');
  assert.deepEqual(at('---\n  \n', 1, 2), [], 'indented');
  assert.deepEqual(at('---\nkind: \n', 1, 6), [], 'after a key');
  assert.deepEqual(at('', 3, 0), [], 'past the end');
});
