/**
 * Reading decoded manifest data the way Go's decoding fills a struct: an absent or null field is the zero value.
 * A value of the wrong type is k8s/invalid-value's finding (the API server cannot even decode it), so readers
 * answer `undefined` for it and validators leave that field alone.
 */
import { closest } from '../analysis/spelling';
import type { PathSegment } from '../model/nodes';

export type Data = Record<string, unknown>;

export function record(value: unknown): Data | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
}

/** A string field: its value, '' when absent or null, undefined when it holds something else. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/** A list field: its items, [] when absent or null (Go's nil slice), undefined when it holds something else. */
export function list(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : undefined;
}

/** The string entries of a map field (labels, annotations, matchLabels); entries of another type are skipped. */
export function stringEntries(value: unknown): [string, string][] {
  const map = record(value);
  if (!map) return [];
  return Object.entries(map).flatMap(([key, item]) => (typeof item === 'string' ? [[key, item] as [string, string]] : item === null ? [[key, ''] as [string, string]] : []));
}

/** A number as a 32-bit integer field decodes it; undefined for anything the decoder refuses. */
export function int32(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1 ? value : undefined;
}

/** Whether a field is set to something: Go's pointer fields are nil when the field is absent or null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Whether a map holds a key that looks like a misspelling of `field` (`resource` for `resources`): k8s/unknown-field
 * reports it with the right name, which says why `field` is missing better than a second finding would.
 */
export function misspelt(map: Data, field: string, known: readonly string[]): boolean {
  return Object.keys(map).some((key) => !known.includes(key) && closest(key, [field]) === field);
}

export function child(path: readonly PathSegment[], ...segments: PathSegment[]): PathSegment[] {
  return [...path, ...segments];
}
