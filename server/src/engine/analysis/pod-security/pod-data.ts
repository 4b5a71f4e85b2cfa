/**
 * A pod as the Pod Security checks read it: its metadata and spec as decoded data, each container with the path
 * it is written at, and the small helpers the checks share (the admission plugin's joinQuote and pluralize, so
 * that reasons and details read as the API server writes them).
 */
import type { PathSegment } from '../../model/nodes';
import { list, record, text, type Data } from '../../validation/data';

export interface PodData {
  metadata: Data;
  spec: Data;
}

export interface ContainerEntry {
  name: string;
  container: Data;
  /** Where the container is written, from the pod (`spec.containers[0]`). */
  path: PathSegment[];
}

/** Init containers, then containers, then ephemeral containers, as the plugin visits them. */
export function containersOf(spec: Data): ContainerEntry[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) =>
    (list(spec[field]) ?? []).flatMap((item, index) => {
      const container = record(item);
      return container ? [{ name: text(container.name) ?? '', container, path: ['spec', field, index] }] : [];
    }),
  );
}

/** A container's (or the pod's) securityContext, or undefined when it has none. */
export function securityContext(owner: Data): Data | undefined {
  return record(owner.securityContext);
}

export const joinQuote = (items: readonly string[]): string => (items.length === 0 ? '' : `"${items.join('", "')}"`);
export const pluralize = (singular: string, plural: string, count: number): string => (count === 1 ? singular : plural);

/** Sorted and without repeats, as Go's string sets list them. */
export const sortedSet = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** A pod in its own user namespace (`hostUsers: false`), for which some checks relax from 1.35 on. */
export function inUserNamespace(spec: Data): boolean {
  return spec.hostUsers === false;
}

/** A pod for Windows, for which the Linux-only restricted checks do not apply from 1.25 on. */
export function isWindows(spec: Data): boolean {
  return text(record(spec.os)?.name) === 'windows';
}
