/**
 * The ServiceAccounts of the workspace and whether each turns off token automounting. A pod inherits its
 * ServiceAccount's `automountServiceAccountToken` unless it sets its own, so pod rules need to know it.
 */
import { isMap, isScalar } from 'yaml';
import { perDocument } from '../per-document';
import type { ManifestDocument } from '../../model/document';
import { findPair, metadataString } from '../../model/nodes';

export interface ServiceAccountFacts {
  namespace: string;
  name: string;
  /** The written `automountServiceAccountToken`, when it is a boolean. */
  automount?: boolean;
}

const serviceAccountFacts: (document: ManifestDocument) => ServiceAccountFacts | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || document.apiVersion?.value !== 'v1' || document.kind?.value !== 'ServiceAccount') return undefined;
  const name = metadataString(root, 'name');
  if (name === undefined) return undefined;
  const automount = findPair(root, 'automountServiceAccountToken')?.value;
  return {
    name,
    namespace: metadataString(root, 'namespace') || 'default',
    ...(isScalar(automount) && typeof automount.value === 'boolean' ? { automount: automount.value } : {}),
  };
});

/** What pod rules may ask about ServiceAccounts. */
export interface ServiceAccountLookup {
  /** The `automountServiceAccountToken` a ServiceAccount of the workspace sets, if any defines it. */
  automount(namespace: string, name: string): boolean | undefined;
}

export class ServiceAccountInventory implements ServiceAccountLookup {
  private readonly files = new Map<string, ServiceAccountFacts[]>();
  private generation = 0;

  /** Moves whenever what the indexed ServiceAccounts say changes. */
  get version(): number {
    return this.generation;
  }

  setFile(file: string, documents: readonly { document: ManifestDocument }[]): void {
    this.setFacts(file, serviceAccountsOfFile(documents));
  }

  /** Records facts extracted elsewhere (`serviceAccountsOfFile`), such as in an indexing worker. */
  setFacts(file: string, facts: readonly ServiceAccountFacts[]): void {
    const previous = this.files.get(file) ?? [];
    if (JSON.stringify(previous) !== JSON.stringify(facts)) this.generation++;
    if (facts.length > 0) this.files.set(file, [...facts]);
    else this.files.delete(file);
  }

  removeFile(file: string): void {
    if (this.files.delete(file)) this.generation++;
  }

  /** Every indexed ServiceAccount (for completion), in no particular order. */
  all(): ServiceAccountFacts[] {
    return [...this.files.values()].flat();
  }

  automount(namespace: string, name: string): boolean | undefined {
    for (const facts of this.files.values()) {
      const found = facts.find((fact) => fact.namespace === namespace && fact.name === name);
      if (found) return found.automount;
    }
    return undefined;
  }
}

/** The ServiceAccounts a file's documents define. */
export function serviceAccountsOfFile(documents: readonly { document: ManifestDocument }[]): ServiceAccountFacts[] {
  return documents.map(({ document }) => serviceAccountFacts(document)).filter((fact): fact is ServiceAccountFacts => fact !== undefined);
}
