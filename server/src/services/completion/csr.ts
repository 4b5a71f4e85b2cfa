/**
 * CertificateSigningRequest fields: the built-in signers, and the usages the chosen signer issues (those it
 * requires first), from the same tables csr/signer-usage-mismatch and csr/unknown-usage check against.
 */
import { CompletionItemKind } from 'vscode-languageserver';
import { BUILT_IN_SIGNERS, KEY_USAGES, LEGACY_SIGNER } from '../../engine/reference/certificate-signers';
import { pathIs, SEQ } from './context';
import { mapAlong, stringOf, stringsOf, valueProposals, writtenItems, type CompletionProvider, type ValueChoice } from './items';

const SIGNER_NOTES: Record<string, string> = {
  'kubernetes.io/kube-apiserver-client': 'Client certificates that log in to the API server as the subject',
  'kubernetes.io/kube-apiserver-client-kubelet': 'Client certificates for kubelets (subject system:node:<name>)',
  'kubernetes.io/kubelet-serving': 'Serving certificates for kubelets, with node addresses as names',
  [LEGACY_SIGNER]: 'The pre-v1 catch-all signer, only accepted by certificates.k8s.io/v1beta1',
};

const USAGE_NOTES: Record<string, string> = {
  'client auth': 'Authenticate as a client (TLS client certificate)',
  'server auth': 'Serve TLS for the names in the request',
  'digital signature': 'Sign with the key (needed by TLS)',
  'key encipherment': 'Encrypt keys with an RSA key (RSA key exchange)',
};

export const csrCompletion: CompletionProvider = (request) => {
  const { cursor } = request;
  if (request.kind !== 'CertificateSigningRequest') return undefined;
  if (cursor.slot === 'value' && pathIs(cursor.path, 'spec', 'signerName')) {
    // The legacy signer is refused by v1 (csr/signer-usage-mismatch), so only v1beta1 documents get it.
    const signers = [...Object.keys(BUILT_IN_SIGNERS), ...(request.apiVersion === 'certificates.k8s.io/v1beta1' ? [LEGACY_SIGNER] : [])];
    // Signers that issue the usages already written come first; the others would leave a mismatch to fix.
    const written = stringsOf(mapAlong(request.document.root, ['spec'], request.offset), 'usages');
    const fits = (signer: string) => {
      const rules = BUILT_IN_SIGNERS[signer];
      return !rules || (rules.required.every((usage) => written.includes(usage)) && written.every((usage) => rules.allowed.includes(usage)));
    };
    const fitting = written.length > 0 && signers.some(fits) ? signers.filter(fits) : signers;
    return valueProposals(request, fitting.map((value) => ({ value, detail: SIGNER_NOTES[value], kind: CompletionItemKind.EnumMember })));
  }
  if (cursor.slot === 'item' && pathIs(cursor.path, 'spec', 'usages', SEQ)) {
    const signer = stringOf(mapAlong(request.document.root, ['spec'], request.offset), 'signerName');
    const rules = signer ? BUILT_IN_SIGNERS[signer] : undefined;
    const usages = rules ? [...rules.required, ...rules.allowed] : ['digital signature', 'key encipherment', 'client auth', 'server auth', ...KEY_USAGES];
    const choices = usages.map((value): ValueChoice => ({
      value,
      detail: rules?.required.includes(value) ? `required by ${signer}` : (USAGE_NOTES[value] ?? 'key usage'),
      ...(USAGE_NOTES[value] ? { documentation: USAGE_NOTES[value] } : {}),
      kind: CompletionItemKind.EnumMember,
    }));
    return valueProposals(request, choices, writtenItems(request));
  }
  return undefined;
};
