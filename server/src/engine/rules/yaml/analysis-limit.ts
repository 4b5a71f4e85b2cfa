/**
 * Says where Kubeward stopped because a file or document went past the analysis limits (`kubeward.limits.*`):
 * too large, too many documents, nested too deeply, an alias bomb, a huge scalar, or out of time. Nothing is
 * truncated silently: the rest of the file is not checked, and the finding says so and which setting applies.
 */
import { exceededLimit } from '../../analysis/limits';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'yaml/analysis-limit',
  meta: {
    summary: 'File or document beyond the analysis limits, so it was not checked.',
    why: 'Kubeward bounds what one file may cost, so that a hostile or generated file cannot stall the editor; what lies beyond a limit is not checked, and this finding says where checking stopped.',
    severity: 'warning',
    scope: 'yaml',
    messages: {
      fileTooLarge: 'This file is {size} KiB, more than kubeward.limits.maxFileSizeKB ({limit}); it was not analysed.',
      tooManyDocuments: 'This file has more than {limit} YAML documents (kubeward.limits.maxDocumentsPerFile); this one and those after it were not analysed.',
      tooDeep: 'This document is nested {depth} levels deep, more than kubeward.limits.maxNestingDepth ({limit}); it was not analysed.',
      tooManyAliases: 'The aliases of this document expand to more than {limit} copies (kubeward.limits.maxAliasExpansions); it was not analysed.',
      scalarTooLong: 'This value is {length} characters long, more than kubeward.limits.maxScalarLength ({limit}); the document was not analysed.',
      timeBudget: 'Analysing this document reached kubeward.limits.documentTimeBudgetMs ({limit} ms); the remaining rules ({skipped}) did not run on it.',
    },
  },
  check(doc, context) {
    const exceeded = exceededLimit(doc, context.config.limits);
    if (exceeded) context.report({ at: exceeded.range, messageId: exceeded.messageId, data: exceeded.data });
  },
});
