/**
 * The names of every Kubernetes object in the workspace, by API group and kind, for completing references to
 * objects (`resourceNames`). Names say nothing about access, so this inventory has no version: a change here
 * re-runs no rule.
 */
import { isMap } from 'yaml';
import type { ManifestDocument } from '../model/document';
import { metadataString } from '../model/nodes';
import { splitApiVersion } from '../reference/api-catalog';
import { perDocument } from './per-document';

export interface ObjectName {
  group: string;
  kind: string;
  name: string;
  /** As written; absent when the manifest names none (cluster-scoped, or the namespace it is applied to). */
  namespace?: string;
}

const objectNameOf: (document: ManifestDocument) => ObjectName | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || !document.apiVersion || !document.kind) return undefined;
  const name = metadataString(root, 'name');
  if (!name) return undefined;
  const namespace = metadataString(root, 'namespace');
  return {
    group: splitApiVersion(document.apiVersion.value).group,
    kind: document.kind.value,
    name,
    ...(namespace ? { namespace } : {}),
  };
});

/** The named objects of a file's documents. */
export function objectNamesOfFile(documents: readonly { document: ManifestDocument }[]): ObjectName[] {
  return documents.map(({ document }) => objectNameOf(document)).filter((name): name is ObjectName => name !== undefined);
}

export class ObjectNameInventory {
  private readonly files = new Map<string, readonly ObjectName[]>();

  setFacts(file: string, names: readonly ObjectName[]): void {
    if (names.length > 0) this.files.set(file, names);
    else this.files.delete(file);
  }

  removeFile(file: string): void {
    this.files.delete(file);
  }

  /** The objects of a kind in an API group, in the order their files were indexed. */
  named(group: string, kind: string): ObjectName[] {
    return [...this.files.values()].flatMap((names) => names.filter((object) => object.group === group && object.kind === kind));
  }
}
