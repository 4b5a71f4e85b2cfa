/**
 * Document symbols: each object of a stream by kind and name.
 */
import { SymbolKind } from 'vscode-languageserver';
import { documentSymbols } from '../../services/symbols';
import { toRange } from '../convert';
import type { ServerSession } from '../session';

export function registerSymbols(session: ServerSession): void {
  session.connection.onDocumentSymbol(async (params, token) => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    return documentSymbols(result.analysis).map((symbol) => ({
      name: symbol.name,
      detail: symbol.detail,
      kind: SymbolKind.Object,
      range: toRange(result.lines, symbol.range),
      selectionRange: toRange(result.lines, symbol.selectionRange),
    }));
  });
}
