/**
 * What a certificates.k8s.io/v1beta1 CertificateSigningRequest needs to become a v1 one: v1 requires
 * `signerName`, which v1beta1 defaulted from the request. A node's client request goes to
 * kube-apiserver-client-kubelet and a node's serving request to kubelet-serving, as v1beta1 defaulted them (the
 * subject test is the kubelet signers'); any other request for client authentication to kube-apiserver-client,
 * where v1beta1 gave kubernetes.io/legacy-unknown, which v1 refuses. Other requests have no signer a tool should
 * guess, so every built-in signer is offered.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { lineStart } from '../edits';
import { BUILT_IN_SIGNERS, KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from '../reference/certificate-signers';
import type { TextEdit } from '../fix';
import type { ManifestDocument } from '../model/document';
import { findPair } from '../model/nodes';
import { decodeCredential } from './credentials/decode';
import { isProblem, parseCertificateRequest } from './credentials/x509';
import { isKubeletSignerSubject } from './pki/component-identities';

export function signerForLegacyRequest(spec: YAMLMap): string | undefined {
  const usagesNode = findPair(spec, 'usages')?.value;
  const usages = isSeq(usagesNode) ? usagesNode.items.flatMap((item) => (isScalar(item) ? [String(item.value)] : [])) : [];
  const request = findPair(spec, 'request')?.value;
  const block = isScalar(request) ? decodeCredential(String(request.value)).blocks.find((candidate) => candidate.kind === 'request') : undefined;
  const parsed = block ? parseCertificateRequest(block.der) : undefined;
  const subject = parsed && !isProblem(parsed) ? parsed.subject : undefined;
  const isNode = !!subject && isKubeletSignerSubject(subject);
  if (isNode && usages.includes('server auth')) return KUBELET_SERVING_SIGNER;
  if (isNode && usages.includes('client auth')) return KUBELET_CLIENT_SIGNER;
  if (usages.includes('client auth')) return 'kubernetes.io/kube-apiserver-client';
  return undefined;
}

/**
 * The edits adding `signerName` as the first field of a block-style spec, one per built-in signer a v1 request may
 * name, the one v1beta1 would have defaulted to first; empty when the field cannot be placed or is there already.
 */
export function signerNameChoices(document: ManifestDocument): { signer: string; edit: TextEdit }[] {
  const root = document.root;
  const spec = isMap(root) ? findPair(root, 'spec')?.value : undefined;
  if (!isMap(spec) || spec.flow || findPair(spec, 'signerName')) return [];
  const firstKey = spec.items[0]?.key;
  if (!isScalar(firstKey) || !firstKey.range) return [];
  const text = document.text;
  const at = lineStart(text, firstKey.range[0]);
  const indentation = text.slice(at, firstKey.range[0]);
  if (!/^[ ]*$/.test(indentation)) return [];
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const guessed = signerForLegacyRequest(spec);
  const signers = [...(guessed ? [guessed] : []), ...Object.keys(BUILT_IN_SIGNERS).filter((signer) => signer !== guessed)];
  return signers.map((signer) => ({ signer, edit: { start: at, end: at, newText: `${indentation}signerName: ${signer}${newline}` } }));
}
