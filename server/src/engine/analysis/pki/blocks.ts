/**
 * Where findings about a PEM block go: its BEGIN line, which names what the block is, rather than the whole
 * base64 body.
 */
import type { TextRange } from '../../model/nodes';
import type { PemItem } from '../../model/pem-file';

export function beginLine(file: { text: string }, item: PemItem): TextRange {
  const newline = file.text.indexOf('\n', item.range.start);
  return { start: item.range.start, end: newline === -1 || newline > item.range.end ? item.range.end : newline };
}
