/**
 * Semantic completion: finds the YAML document and cursor context at an offset and asks each provider, one per
 * area, for the values Kubeward knows are valid there; the first provider that knows the place answers. Ranges
 * come back as offsets in the whole stream. Snippets (snippets.ts) are offered beside these by the LSP handler.
 */
import type { LintConfig } from '../../engine/config';
import type { StreamAnalysis } from '../../engine/linter';
import type { WorkspaceIndex } from '../../engine/workspace';
import { documentAt } from '../locate';
import { apiVersionCompletion } from './api-version';
import { bindingCompletion } from './bindings';
import { cursorContext } from './context';
import { csrCompletion } from './csr';
import type { CompletionProposal, CompletionProvider, CompletionRequest } from './items';
import { kubeconfigCompletion } from './kubeconfig';
import { netpolCompletion } from './netpol';
import { rbacCompletion } from './rbac';

export type { CompletionProposal, CompletionProvider, CompletionRequest } from './items';

const COMPLETION_PROVIDERS: readonly CompletionProvider[] = [apiVersionCompletion, rbacCompletion, bindingCompletion, netpolCompletion, csrCompletion, kubeconfigCompletion];

/** Characters after which a value can start: a space after `key:` or `-`, a flow item separator, a quote. */
export const COMPLETION_TRIGGER_CHARACTERS = [' ', ',', '[', '{', '"', "'"];

/** The proposals at `offset` of an analysed stream, with ranges in the stream's offsets. */
export function completionProposals(analysis: StreamAnalysis, offset: number, config: LintConfig, workspace: WorkspaceIndex): CompletionProposal[] {
  const entry = documentAt(analysis, offset);
  if (!entry) return [];
  const relative = offset - entry.offset;
  const text = entry.document.text;
  const cursor = cursorContext(text, relative);
  if (!cursor) return [];
  const request: CompletionRequest = {
    cursor,
    document: entry.document,
    offset: relative,
    config,
    workspace,
    ...topLevel(text, 'kind', entry.document.kind?.value),
    ...topLevel(text, 'apiVersion', entry.document.apiVersion?.value),
  };
  for (const provider of COMPLETION_PROVIDERS) {
    const proposals = provider(request);
    if (proposals) return proposals.map((proposal) => shift(proposal, entry.offset));
  }
  return [];
}

/** A top-level `key: value` as the parse read it, else as the text says (a broken line elsewhere can hide it from the parse). */
function topLevel(text: string, key: 'kind' | 'apiVersion', parsed: string | undefined): Partial<Record<'kind' | 'apiVersion', string>> {
  const value = parsed ?? new RegExp(`^${key}:[ \\t]*["']?([^"'\\s#]+)`, 'm').exec(text)?.[1];
  return value ? { [key]: value } : {};
}

function shift(proposal: CompletionProposal, by: number): CompletionProposal {
  const move = (range: { start: number; end: number }) => ({ start: range.start + by, end: range.end + by });
  return {
    ...proposal,
    range: move(proposal.range),
    ...(proposal.additionalEdits ? { additionalEdits: proposal.additionalEdits.map((edit) => ({ ...edit, range: move(edit.range) })) } : {}),
  };
}
