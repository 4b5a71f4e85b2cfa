/**
 * The Secrets of the workspace as pull-secret references need them: name, namespace, type and, for the two types
 * the kubelet reads pull credentials from, the registries and user names inside (never the passwords) or why the
 * kubelet cannot read them. Pods and ServiceAccounts name pull secrets of their own namespace.
 */
import { isMap, isScalar, type Scalar } from 'yaml';
import { decodeBase64, printableText } from '../credentials/decode';
import { isPullSecretType, PULL_SECRET_KEYS, registryLogins, type PullCredentials } from '../credentials/docker-config';
import { FactsByFile } from '../facts-by-file';
import { perDocument } from '../per-document';
import type { ManifestDocument } from '../../model/document';
import { findPair, metadataString, scalarString } from '../../model/nodes';

export interface SecretFacts {
  namespace: string;
  name: string;
  /** As written, or `Opaque` when absent, as the API server defaults it. */
  type: string;
  /** For pull-secret types: the logins the kubelet reads, or why it reads none. */
  pull?: PullCredentials;
}

const secretFacts: (document: ManifestDocument) => SecretFacts | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || document.apiVersion?.value !== 'v1' || document.kind?.value !== 'Secret') return undefined;
  const name = metadataString(root, 'name');
  if (name === undefined) return undefined;
  const type = scalarString(findPair(root, 'type')?.value) || 'Opaque';
  const json = isPullSecretType(type) ? secretText(document, PULL_SECRET_KEYS[type]) : undefined;
  return {
    name,
    namespace: metadataString(root, 'namespace') || 'default',
    type,
    ...(isPullSecretType(type) && json !== undefined ? { pull: registryLogins(json, type) } : {}),
  };
});

/**
 * Where a Secret's data key is written as a string: in `stringData`, which the API server merges over `data`, else
 * in `data` (base64).
 */
export function secretDataScalar(document: ManifestDocument, key: string): { scalar: Scalar; base64: boolean } | undefined {
  const root = document.root;
  if (!isMap(root)) return undefined;
  for (const field of ['stringData', 'data']) {
    const map = findPair(root, field)?.value;
    const value = isMap(map) ? findPair(map, key)?.value : undefined;
    if (isScalar(value) && typeof value.value === 'string') return { scalar: value, base64: field === 'data' };
  }
  return undefined;
}

/**
 * The text of a Secret's data key as the API server stores it. Undefined when it holds no readable text (then
 * validation refuses a pull-secret type anyway).
 */
export function secretText(document: ManifestDocument, key: string): string | undefined {
  const written = secretDataScalar(document, key);
  if (!written) return undefined;
  const value = String(written.scalar.value);
  if (!written.base64) return value;
  const decoded = decodeBase64(value);
  return 'bytes' in decoded ? printableText(decoded.bytes) : undefined;
}

export class SecretInventory extends FactsByFile<SecretFacts> {
  setFile(file: string, documents: readonly { document: ManifestDocument }[]): void {
    this.setFacts(file, secretsOfFile(documents));
  }

  /** The Secret of that name in the namespace, if the workspace defines one. */
  named(namespace: string, name: string): SecretFacts | undefined {
    return this.find((fact) => fact.namespace === namespace && fact.name === name);
  }

  /** The namespaces in which the workspace defines a Secret of that name. */
  namespacesOf(name: string): string[] {
    return [...new Set(this.all().filter((fact) => fact.name === name).map((fact) => fact.namespace))];
  }
}

/** The Secrets a file's documents define. */
export function secretsOfFile(documents: readonly { document: ManifestDocument }[]): SecretFacts[] {
  return documents.map(({ document }) => secretFacts(document)).filter((fact): fact is SecretFacts => fact !== undefined);
}
