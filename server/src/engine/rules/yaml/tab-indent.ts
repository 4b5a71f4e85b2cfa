/**
 * Flags tab characters used for indentation. YAML does not allow them, so the API server never sees the
 * manifest; they usually arrive by copy and paste from a terminal or another editor.
 */
import { tabIndentedLines, tabReplacement } from '../../analysis/tab-indentation';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'yaml/tab-indent',
  meta: {
    summary: 'Tab character used for indentation.',
    why: 'YAML forbids tabs in indentation, so the file cannot be read at all; the parser errors that follow often point somewhere else.',
    severity: 'error',
    scope: 'yaml',
    fix: 'safe',
    messages: {
      tabIndent: 'Tab used for indentation; YAML only allows spaces here.',
      replaceTabs: 'Replace each tab with {width} spaces',
    },
  },
  check(doc, context) {
    const lines = tabIndentedLines(doc);
    if (lines.length === 0) return;
    const replacement = tabReplacement(doc);
    for (const line of lines) {
      const indentation = doc.text.slice(line.indentation.start, line.indentation.end);
      context.report({
        at: line.indentation,
        messageId: 'tabIndent',
        fixes: replacement
          ? [
              {
                messageId: 'replaceTabs',
                data: { width: replacement.width },
                // When no width keeps every block nested under its key, the replacement is a guess to review.
                ...(replacement.confident ? {} : { safety: 'unsafe' as const }),
                edits: [{ ...line.indentation, newText: indentation.replace(/\t/g, ' '.repeat(replacement.width)) }],
              },
            ]
          : [],
      });
    }
  },
});
