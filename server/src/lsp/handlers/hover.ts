/**
 * Hover: the sections of the hover providers for the position, over the findings the user is shown.
 */
import { hover } from '../../services/hover/index';
import { staticAuthHover } from '../../services/hover/static-auth';
import { pemHover } from '../../services/hover/credentials';
import { opensslConfigHover } from '../../services/hover/openssl-config';
import { toRange } from '../convert';
import type { ServerSession } from '../session';

export function registerHover(session: ServerSession): void {
  session.connection.onHover(async (params, token) => {
    const read = session.fileDocument(params.textDocument.uri);
    if (read) {
      const offset = read.lines.offsetAt(params.position);
      const answer = read.file.format === 'pki'
        ? pemHover(read.file, offset, new Date())
        : read.file.format === 'static-auth'
          ? staticAuthHover(read.file, offset, session.workspace.staticAuth.chain())
          : opensslConfigHover(read.file, offset);
      return answer ? { contents: { kind: 'markdown', value: answer.markdown }, range: toRange(read.lines, answer.range) } : null;
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
