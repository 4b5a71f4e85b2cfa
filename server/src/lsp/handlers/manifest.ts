/**
 * Requests about the documents of a YAML stream whose text the client sends: their data, for the cluster commands
 * to send to an API server, and where the fields the API server complains about are written. The text comes with
 * the request, so any editor document works (saved or not, synchronised with the server or not) and the answer
 * always matches the text the client holds.
 */
import { ManifestDocument } from '../../engine/model/document';
import { LineIndex } from '../../engine/model/line-index';
import { splitDocuments } from '../../engine/model/parse';
import { FieldRangesRequest, ManifestObjectsRequest, type ManifestObject } from '../../protocol';
import { fieldRange } from '../../services/field-ranges';
import type { ServerSession } from '../session';

export function registerManifest({ connection }: ServerSession): void {
  connection.onRequest(ManifestObjectsRequest.type, ({ text }) => {
    const lines = new LineIndex(text);
    const objects = splitDocuments(text).map((chunk, index): ManifestObject => {
      const document = new ManifestDocument(chunk.text);
      const range = { start: lines.positionAt(chunk.offset), end: lines.positionAt(chunk.offset + chunk.text.length) };
      const error = document.tree ? document.tree.errors[0]?.message : document.problems[0]?.message;
      if (error) return { index, range, problem: error };
      if (!document.root) return { index, range };
      const { data, problem } = document.data();
      return problem ? { index, range, problem: problem.message } : { index, range, data };
    });
    return { objects };
  });

  connection.onRequest(FieldRangesRequest.type, ({ text, index, paths }) => {
    const chunk = splitDocuments(text)[index];
    if (!chunk) return { ranges: [] };
    const lines = new LineIndex(text);
    const document = new ManifestDocument(chunk.text);
    return {
      ranges: paths.map((path) => {
        const { range, exact } = fieldRange(document, path);
        return { range: { start: lines.positionAt(chunk.offset + range.start), end: lines.positionAt(chunk.offset + range.end) }, exact };
      }),
    };
  });
}
