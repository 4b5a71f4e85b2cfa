/**
 * Derived data is computed at most once per document: analyses wrap their computation with `perDocument`, and
 * since documents are cached by text, the result lives exactly as long as the document's analysis.
 */
import type { ManifestDocument } from '../model/document';

export function perDocument<T>(compute: (document: ManifestDocument) => T): (document: ManifestDocument) => T {
  const cache = new WeakMap<ManifestDocument, T>();
  return (document) => {
    if (cache.has(document)) return cache.get(document) as T;
    const value = compute(document);
    cache.set(document, value);
    return value;
  };
}
