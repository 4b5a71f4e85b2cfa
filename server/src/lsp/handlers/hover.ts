/**
 * Hover: the sections of the hover providers for the position, over the findings the user is shown.
 */
import { hover } from '../../services/hover/index';
import { staticAuthHover } from '../../services/hover/static-auth';
import { toRange } from '../convert';
import type { ServerSession } from '../session';

export function registerHover(session: ServerSession): void {
  session.connection.onHover(async (params, token) => {
    const staticAuth = session.staticAuthAnalysis(params.textDocument.uri);
    if (staticAuth) {
      const answer = staticAuthHover(staticAuth.file, staticAuth.lines.offsetAt(params.position), session.workspace.staticAuth.chain());
      return answer ? { contents: { kind: 'markdown', value: answer.markdown }, range: toRange(staticAuth.lines, answer.range) } : null;
    }
    const result = await session.analysedAsShown(params.textDocument.uri, token);
    if (!result) return null;
    const answer = hover(result.analysis, result.lines.offsetAt(params.position), result.config, session.workspace);
    if (!answer) return null;
    return {
      contents: { kind: 'markdown', value: answer.markdown },
      ...(answer.range ? { range: toRange(result.lines, answer.range) } : {}),
    };
  });
}
