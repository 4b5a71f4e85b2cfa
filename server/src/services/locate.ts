/**
 * Finds what sits at an offset of an analysed stream: the YAML document and the node inside it.
 */
import type { StreamAnalysis, StreamDocument } from '../engine/linter';
import { nodeAtOffset, type OffsetTarget } from '../engine/model/nodes';

export interface StreamPosition {
  entry: StreamDocument;
  /** The offset relative to the document's own text. */
  relativeOffset: number;
  target: OffsetTarget | undefined;
}

/** The document at an offset: the innermost one that holds it (a List's item rather than the List). */
export function documentAt(analysis: StreamAnalysis, offset: number): StreamDocument | undefined {
  let found: StreamDocument | undefined;
  for (const entry of analysis.documents) {
    if (entry.offset > offset) break;
    // An item holds only its own text; past it, the List (or the next document of the stream) does.
    if (!entry.document.fromList || offset <= entry.offset + entry.document.text.length) found = entry;
  }
  return found;
}

export function positionInStream(analysis: StreamAnalysis, offset: number): StreamPosition | undefined {
  const entry = documentAt(analysis, offset);
  if (!entry) return undefined;
  const relativeOffset = offset - entry.offset;
  return { entry, relativeOffset, target: nodeAtOffset(entry.document.root, relativeOffset) };
}
