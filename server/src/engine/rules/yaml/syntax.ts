/**
 * Reports YAML syntax errors at their exact place. A document that does not parse never reaches the API
 * server, and everything after the error may be read differently from what the author meant.
 */
import { tabIndentedLines } from '../../analysis/tab-indentation';
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
  BAD_ALIAS: 'This alias refers to an anchor that is not defined before it.',
  MULTIPLE_DOCS: 'Only one document is allowed here; separate documents with a line holding just ---.',
  BINARY: 'This file holds binary data, not YAML text; it was not analysed.',
};

export default defineRule({
  id: 'yaml/syntax',
  meta: {
    summary: 'YAML syntax error.',
    why: 'A manifest that is not valid YAML is rejected before Kubernetes looks at it, and the parser may read the text around the error differently from what was meant.',
    severity: 'error',
    scope: 'yaml',
    messages: { syntaxError: '{message}' },
  },
  check(doc, context) {
    const tabLines = tabIndentedLines(doc);
    const lineEndOf = (offset: number) => {
      const end = doc.text.indexOf('\n', offset);
      return end === -1 ? doc.text.length : end;
    };
    const onTabLine = (offset: number) => tabLines.some((line) => offset >= line.lineStart && offset <= lineEndOf(line.lineStart));
    const problems: ParseProblem[] = [...doc.problems];
    const dataProblem = doc.category !== 'other' ? doc.data().problem : undefined;
    if (dataProblem) problems.push(dataProblem);
    for (const problem of problems) {
      if (problem.code === 'TAB_AS_INDENT' || onTabLine(problem.start)) continue;
      const end = problem.end > problem.start ? problem.end : Math.min(problem.start + 1, lineEndOf(problem.start));
      context.report({ at: { start: problem.start, end: Math.max(end, problem.start) }, messageId: 'syntaxError', data: { message: readable(problem) } });
    }
  },
});

function readable(problem: ParseProblem): string {
  const detail = problem.message.replace(/\s+/g, ' ').trim();
  const template = READABLE[problem.code];
  if (!template) return detail.endsWith('.') ? detail : `${detail}.`;
  return template.replace('{detail}', detail.endsWith('.') ? detail : `${detail}.`).trim();
}
