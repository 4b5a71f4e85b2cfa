/**
 * Code actions: the quick fixes of the findings under the cursor (only those the client's diagnostics name, when
 * it names any), "fix all" for the file, NetworkPolicy refactorings and decoding or encoding credentials in place.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { Fix } from '../../engine/fix';
import type { LineIndex } from '../../engine/model/line-index';
import { fixAll, findingsIn, quickFixes, type ActionProposal } from '../../services/code-actions';
import { credentialActions } from '../../services/credential-actions';
import { networkActions } from '../../services/netpol-actions';
import { diagnosticsOf, toTextEdit } from '../convert';
import type { AnalysedVersion } from '../documents';
import type { ServerSession } from '../session';

export function registerCodeActions(session: ServerSession): void {
  session.connection.onCodeAction(async (params, token) => {
    const result = await session.analysedAsShown(params.textDocument.uri, token);
    if (!result) return null;
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const edit = (fix: Fix) => workspaceEdit(params, result.lines, fix);
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) actions.push(...findingFixes(params, result));
    const all = fixAll(result.analysis);
    if (all && wants(CodeActionKind.SourceFixAll)) actions.push(toCodeAction(all, params.context.diagnostics, edit(all.fix)));
    if (wants(CodeActionKind.Refactor)) {
      for (const action of networkActions(result.analysis, result.lines.offsetAt(params.range.start), session.workspace)) {
        actions.push({ title: action.title, kind: CodeActionKind.Refactor, edit: edit(action.fix) });
      }
    }
    for (const action of credentialActions(result.analysis, offsetRange(result.lines, params))) {
      // A kind per direction lets a client ask for exactly one of them, as the decode and encode commands do.
      const kind = `${CodeActionKind.RefactorRewrite}.kubeward.${action.direction}`;
      if (wants(kind)) actions.push({ title: action.title, kind, edit: edit(action.fix) });
    }
    return actions;
  });
}

/** The quick fixes of the findings in the range; when the client names diagnostics, only of theirs. */
function findingFixes(params: CodeActionParams, result: AnalysedVersion): CodeAction[] {
  const named = params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'kubeward');
  const findings = findingsIn(result.analysis, offsetRange(result.lines, params)).filter(
    (finding) => named.length === 0 || diagnosticsOf(named, [finding]).length > 0,
  );
  return quickFixes(result.analysis, findings).map((proposal) =>
    toCodeAction(proposal, params.context.diagnostics, workspaceEdit(params, result.lines, proposal.fix)),
  );
}

function toCodeAction(proposal: ActionProposal, clientDiagnostics: readonly Diagnostic[], edit: WorkspaceEdit): CodeAction {
  const diagnostics = diagnosticsOf(clientDiagnostics, proposal.findings);
  return {
    title: proposal.title,
    kind: proposal.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll,
    isPreferred: proposal.preferred,
    ...(diagnostics.length > 0 ? { diagnostics } : {}),
    edit,
  };
}

function workspaceEdit(params: CodeActionParams, lines: LineIndex, fix: Fix): WorkspaceEdit {
  return { changes: { [params.textDocument.uri]: fix.edits.map((change) => toTextEdit(lines, change)) } };
}

function offsetRange(lines: LineIndex, params: CodeActionParams) {
  return { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
}
