/**
 * What certificates.k8s.io/v1 knows of key usages and of the signers built into Kubernetes: the usage names the
 * API server accepts, and which usages each built-in signer issues or requires. Rules and completion share them.
 */

/** The key usages certificates.k8s.io/v1 accepts (k8s.io/api certificates/v1 KeyUsage, v1.36). */
export const KEY_USAGES = [
  'client auth',
  'server auth',
  'digital signature',
  'key encipherment',
  'signing',
  'content commitment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
] as const;

export interface SignerUsages {
  /** Every usage the signer may issue. */
  allowed: string[];
  /** Usages every request must include. */
  required: string[];
}

export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

/** Usage rules of the built-in signers (Kubernetes docs, "Kubernetes signers"; pkg/apis/certificates/v1 helpers). */
export const BUILT_IN_SIGNERS: Readonly<Record<string, SignerUsages>> = {
  'kubernetes.io/kube-apiserver-client': { allowed: ['digital signature', 'key encipherment', 'client auth'], required: ['client auth'] },
  // Exactly {key encipherment, digital signature, client auth}, or {digital signature, client auth} for non-RSA keys.
  [KUBELET_CLIENT_SIGNER]: { allowed: ['digital signature', 'key encipherment', 'client auth'], required: ['digital signature', 'client auth'] },
  [KUBELET_SERVING_SIGNER]: { allowed: ['digital signature', 'key encipherment', 'server auth'], required: ['digital signature', 'server auth'] },
};

export const LEGACY_SIGNER = 'kubernetes.io/legacy-unknown';
