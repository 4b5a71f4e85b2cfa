/**
 * kubeconfig references: a context's cluster and user, and `current-context`, offered from the names the same
 * file defines, so none of them dangles (kubeconfig/dangling-reference).
 */
import { isMap, isSeq } from 'yaml';
import { CompletionItemKind } from 'vscode-languageserver';
import { pathIs, SEQ } from './context';
import { stringOf, valueProposals, type CompletionProvider, type CompletionRequest, type ValueChoice } from './items';

export const kubeconfigCompletion: CompletionProvider = (request) => {
  const { cursor } = request;
  if (request.document.category !== 'kubeconfig' && request.kind !== 'Config') return undefined;
  if (cursor.slot !== 'value') return undefined;
  if (pathIs(cursor.path, 'contexts', SEQ, 'context', 'cluster')) return valueProposals(request, entries(request, 'clusters', 'cluster'));
  if (pathIs(cursor.path, 'contexts', SEQ, 'context', 'user')) return valueProposals(request, entries(request, 'users', 'user'));
  if (pathIs(cursor.path, 'current-context')) return valueProposals(request, entries(request, 'contexts', 'context'));
  return undefined;
};

/** The names of a list's entries, with what each points at (a cluster's server, a context's user and cluster). */
function entries(request: CompletionRequest, list: string, body: string): ValueChoice[] {
  const root = request.document.root;
  const items = isMap(root) ? root.get(list) : undefined;
  if (!isSeq(items)) return [];
  return items.items.flatMap((entry): ValueChoice[] => {
    const name = isMap(entry) ? stringOf(entry, 'name') : undefined;
    if (!isMap(entry) || !name) return [];
    const inner = entry.get(body);
    const map = isMap(inner) ? inner : undefined;
    const detail = body === 'cluster' ? stringOf(map, 'server') : body === 'context' ? [stringOf(map, 'user'), stringOf(map, 'cluster')].filter(Boolean).join(' @ ') : undefined;
    return [{ value: name, detail: detail || `${body} defined in this file`, kind: CompletionItemKind.Reference }];
  });
}
