/**
 * A typed view of certificates.k8s.io/v1 CertificateSigningRequests over the YAML tree, keeping the node of every
 * value so that findings and fixes can point at it. Only what is written is recorded; the request's PEM content is
 * decoded elsewhere (analysis/credentials).
 */
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { perDocument } from '../../analysis/per-document';
import type { ManifestDocument } from '../document';
import { decodedString, findPair, stringValue, type StringValue } from '../nodes';

export const CERTIFICATES_API_VERSION = 'certificates.k8s.io/v1';

export interface CsrView {
  node: YAMLMap;
  spec?: YAMLMap;
  signerName?: StringValue;
  /** `spec.request` with the key that holds it (findings point at the key: the value may be a leaked secret). */
  request?: { key: Scalar; value: string };
  /** `spec.usages`: the items as the API server decodes them (a null item is ""), in order, duplicates included. */
  usages?: { key: Scalar; node: YAMLSeq | null; items: StringValue[] };
  expirationSeconds?: Scalar;
  /** Keys of spec fields the API server fills in from the requester (`username`, `uid`, `groups`, `extra`). */
  requesterFields: { name: string; key: Scalar; value: Node | null }[];
  /** `spec.groups` items written as strings. */
  groups: StringValue[];
}

const REQUESTER_FIELDS = ['username', 'uid', 'groups', 'extra'];

/** The v1 CertificateSigningRequest a document defines, if it defines one that parsed. */
export const csrOf: (document: ManifestDocument) => CsrView | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || !document.decodable) return undefined;
  if (document.readAsApiVersion !== CERTIFICATES_API_VERSION || document.kind?.value !== 'CertificateSigningRequest') return undefined;
  const specValue = findPair(root, 'spec')?.value;
  const spec = isMap(specValue) ? specValue : undefined;
  const usagesPair = spec ? findPair(spec, 'usages') : undefined;
  const expiration = spec ? findPair(spec, 'expirationSeconds')?.value : undefined;
  const groups = spec ? findPair(spec, 'groups')?.value : undefined;
  return {
    node: root,
    spec,
    signerName: spec ? stringValue(findPair(spec, 'signerName')?.value) : undefined,
    ...requestOf(spec),
    ...(usagesPair && isScalar(usagesPair.key)
      ? {
          usages: {
            key: usagesPair.key,
            node: isSeq(usagesPair.value) ? usagesPair.value : null,
            items: isSeq(usagesPair.value) ? usagesPair.value.items.flatMap((item) => decodedString(item) ?? []) : [],
          },
        }
      : {}),
    ...(isScalar(expiration) ? { expirationSeconds: expiration } : {}),
    requesterFields: spec
      ? REQUESTER_FIELDS.flatMap((name) => {
          const pair = findPair(spec, name);
          return pair && isScalar(pair.key) ? [{ name, key: pair.key, value: (pair.value as Node | null) ?? null }] : [];
        })
      : [],
    groups: isSeq(groups) ? groups.items.flatMap((item) => stringValue(item) ?? []) : [],
  };
});

function requestOf(spec: YAMLMap | undefined): Pick<CsrView, 'request'> {
  const pair = spec ? findPair(spec, 'request') : undefined;
  const value = pair?.value;
  return pair && isScalar(pair.key) && isScalar(value) && typeof value.value === 'string' ? { request: { key: pair.key, value: value.value } } : {};
}
