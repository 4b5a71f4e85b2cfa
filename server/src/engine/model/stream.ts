/**
 * The documents of a YAML stream as everything else reads them: each document at its offset, a List followed by
 * its items (and theirs, for Lists of Lists), every item a document like any other.
 */
import { ManifestDocument } from './document';
import { splitDocuments } from './parse';

export interface PlacedDocument {
  /** Offset of the document's text within the stream. */
  offset: number;
  document: ManifestDocument;
}

export function streamDocuments(text: string): PlacedDocument[] {
  return splitDocuments(text).flatMap((chunk) => withListItems({ offset: chunk.offset, document: new ManifestDocument(chunk.text) }));
}

/** A document, then the items of the List it is, placed in the stream. */
export function withListItems(entry: PlacedDocument): PlacedDocument[] {
  return [entry, ...entry.document.listItems().flatMap((item) => withListItems({ offset: entry.offset + item.offset, document: item.document }))];
}
