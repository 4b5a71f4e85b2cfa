/**
 * The ServiceAccounts of the workspace and whether each turns off token automounting. A pod inherits its
 * ServiceAccount's `automountServiceAccountToken` unless it sets its own, so pod rules need to know it.
 */
import { isMap, isScalar } from 'yaml';
import { FactsByFile } from '../facts-by-file';
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

export class ServiceAccountInventory extends FactsByFile<ServiceAccountFacts> implements ServiceAccountLookup {
  setFile(file: string, documents: readonly { document: ManifestDocument }[]): void {
    this.setFacts(file, serviceAccountsOfFile(documents));
  }

  automount(namespace: string, name: string): boolean | undefined {
    return this.find((fact) => fact.namespace === namespace && fact.name === name)?.automount;
  }
}

/** The ServiceAccounts a file's documents define. */
export function serviceAccountsOfFile(documents: readonly { document: ManifestDocument }[]): ServiceAccountFacts[] {
  return documents.map(({ document }) => serviceAccountFacts(document)).filter((fact): fact is ServiceAccountFacts => fact !== undefined);
}
