/**
 * Requests about the documents of a YAML stream whose text the client sends: their data, for the cluster commands
 * to send to an API server, and where the fields the API server complains about are written. The text comes with
 * the request, so any editor document works (saved or not, synchronised with the server or not) and the answer
 * always matches the text the client holds. A List is sent as its items, as kubectl applies it.
 */
import { LineIndex } from '../../engine/model/line-index';
import { streamDocuments, type PlacedDocument } from '../../engine/model/stream';
import { FieldRangesRequest, ManifestObjectsRequest, type ManifestObject } from '../../protocol';
import { fieldRange } from '../../services/field-ranges';
import type { ServerSession } from '../session';

/** The objects the API server would receive: every document, a List's items in the List's place. */
function objectDocuments(text: string): PlacedDocument[] {
  return streamDocuments(text).filter(({ document }) => !document.isList);
}

export function registerManifest({ connection }: ServerSession): void {
  connection.onRequest(ManifestObjectsRequest.type, ({ text }) => {
    const lines = new LineIndex(text);
    const objects = objectDocuments(text).map(({ offset, document }, index): ManifestObject => {
      const range = { start: lines.positionAt(offset), end: lines.positionAt(offset + document.text.length) };
      const error = document.tree ? document.tree.errors[0]?.message : document.problems[0]?.message;
      if (error) return { index, range, problem: error };
      if (!document.root) return { index, range };
      const { data, problem } = document.data();
      return problem ? { index, range, problem: problem.message } : { index, range, data };
    });
    return { objects };
  });

  connection.onRequest(FieldRangesRequest.type, ({ text, index, paths }) => {
    const entry = objectDocuments(text)[index];
    if (!entry) return { ranges: [] };
    const lines = new LineIndex(text);
    return {
      ranges: paths.map((path) => {
        const { range, exact } = fieldRange(entry.document, path);
        return { range: { start: lines.positionAt(entry.offset + range.start), end: lines.positionAt(entry.offset + range.end) }, exact };
      }),
    };
  });
}
