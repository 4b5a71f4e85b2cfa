/**
 * The LSP completion handler: semantic values from services/completion, converted to completion items, and the
 * snippets where a whole manifest can go.
 */
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import type { LineIndex } from '../../engine/model/line-index';
import { completionProposals, type CompletionProposal } from '../../services/completion/index';
import { snippetCompletions } from '../../services/completion/snippets';
import { toRange } from '../convert';
import type { ServerSession } from '../session';

export function registerCompletion(session: ServerSession): void {
  session.connection.onCompletion(async (params, token): Promise<CompletionList | null> => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    const proposals = completionProposals(result.analysis, result.lines.offsetAt(params.position), result.config, session.workspace);
    const items = proposals.map((proposal) => toCompletionItem(result.lines, proposal));
    if (session.client.wantsSnippets) items.push(...snippetCompletions(result.analysis.text, params.position));
    return { isIncomplete: false, items };
  });
}

function toCompletionItem(lines: LineIndex, proposal: CompletionProposal): CompletionItem {
  return {
    label: proposal.label,
    kind: proposal.kind,
    sortText: proposal.sortText,
    ...(proposal.detail ? { detail: proposal.detail } : {}),
    ...(proposal.documentation ? { documentation: proposal.documentation } : {}),
    ...(proposal.filterText ? { filterText: proposal.filterText } : {}),
    textEdit: { range: toRange(lines, proposal.range), newText: proposal.newText },
    ...(proposal.additionalEdits
      ? { additionalTextEdits: proposal.additionalEdits.map((edit) => ({ range: toRange(lines, edit.range), newText: edit.newText })) }
      : {}),
    // VS Code's command; other clients ignore commands they do not know.
    ...(proposal.retrigger ? { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } } : {}),
  };
}
