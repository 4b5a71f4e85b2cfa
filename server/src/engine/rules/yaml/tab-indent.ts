/**
 * Flags tab characters used for indentation. YAML does not allow them, so the API server never sees the
 * manifest; they usually arrive by copy and paste from a terminal or another editor.
 */
import { indentationUnit, tabIndentedLines } from '../../analysis/tab-indentation';
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
      replaceTabs: 'Replace tabs with {width} spaces per level',
    },
  },
  check(doc, context) {
    const width = indentationUnit(doc.text);
    for (const line of tabIndentedLines(doc)) {
      const indentation = doc.text.slice(line.indentation.start, line.indentation.end);
      context.report({
        at: line.indentation,
        messageId: 'tabIndent',
        fixes: [
          {
            messageId: 'replaceTabs',
            data: { width },
            edits: [{ ...line.indentation, newText: indentation.replace(/\t/g, ' '.repeat(width)) }],
          },
        ],
      });
    }
  },
});
