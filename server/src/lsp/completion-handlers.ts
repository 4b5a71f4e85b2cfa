/**
 * The LSP completion handler: semantic values from services/completion, converted to completion items, and the
 * snippets where a whole manifest can go.
 */
import type { CancellationToken, CompletionItem, CompletionList, Connection } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../engine/workspace';
import type { LineIndex } from '../engine/model/line-index';
import { completionProposals, type CompletionProposal } from '../services/completion/index';
import { snippetCompletions } from '../services/completion/snippets';
import { toRange } from './convert';
import type { AnalysedVersion } from './documents';

type Analysed = (uri: string, token: CancellationToken) => Promise<AnalysedVersion | undefined>;

/** `offerSnippets`: whether the client wants the snippets from the server (see KubewardInitializationOptions). */
export function registerCompletionHandlers(connection: Connection, workspace: WorkspaceIndex, analysed: Analysed, offerSnippets: () => boolean): void {
  connection.onCompletion(async (params, token): Promise<CompletionList | null> => {
    const result = await analysed(params.textDocument.uri, token);
    if (!result) return null;
    const proposals = completionProposals(result.analysis, result.lines.offsetAt(params.position), result.config, workspace);
    const items = proposals.map((proposal) => toCompletionItem(result.lines, proposal));
    if (offerSnippets()) items.push(...snippetCompletions(result.analysis.text, params.position));
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
