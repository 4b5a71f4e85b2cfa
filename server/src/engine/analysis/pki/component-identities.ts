/**
 * What the certificate of each control-plane role must look like, as kubeadm lays the files out
 * (/etc/kubernetes/pki, /var/lib/kubelet/pki) and as the components read them: the user and groups the API
 * server's x509 authenticator takes from the subject (CN, O), which the Node authorizer and the built-in bindings
 * grant to, and the extended key usage a TLS peer checks (a client certificate needs clientAuth, a serving one
 * serverAuth, when the certificate lists usages at all).
 */
import type { CertificateInfo } from '../credentials/x509';
import { NODE_USER_PREFIX, NODES_GROUP } from '../../reference/system-identities';

export interface ComponentRole {
  /** The role in words: "kube-apiserver's serving certificate". */
  role: string;
  /** The common name a peer expects, when it expects one. */
  commonName?: string;
  /** Whether the Node authorizer must recognise the subject as a node. */
  node?: true;
  usages: ('serverAuth' | 'clientAuth')[];
}

/** kubeadm's certificate files by their path tail; kubelet's by name. */
const ROLES: [RegExp, ComponentRole][] = [
  [/(^|\/)etcd\/server\.crt$/, { role: "etcd's serving certificate", usages: ['serverAuth'] }],
  [/(^|\/)etcd\/peer\.crt$/, { role: "etcd's peer certificate", usages: ['serverAuth', 'clientAuth'] }],
  [/(^|\/)etcd\/healthcheck-client\.crt$/, { role: "etcd's health-check client certificate", usages: ['clientAuth'] }],
  [/(^|\/)apiserver\.crt$/, { role: "kube-apiserver's serving certificate", usages: ['serverAuth'] }],
  [/(^|\/)apiserver-kubelet-client\.crt$/, { role: "kube-apiserver's client certificate to kubelets", commonName: 'kube-apiserver-kubelet-client', usages: ['clientAuth'] }],
  [/(^|\/)apiserver-etcd-client\.crt$/, { role: "kube-apiserver's client certificate to etcd", commonName: 'kube-apiserver-etcd-client', usages: ['clientAuth'] }],
  [/(^|\/)front-proxy-client\.crt$/, { role: "the front proxy's client certificate (--requestheader-allowed-names)", commonName: 'front-proxy-client', usages: ['clientAuth'] }],
  [/(^|\/)kubelet-client-[^/]*\.pem$/, { role: "the kubelet's client certificate", node: true, usages: ['clientAuth'] }],
  [/(^|\/)kubelet\.crt$/, { role: "the kubelet's serving certificate", usages: ['serverAuth'] }],
];

/** The role a certificate file plays, by its name, or undefined for any other file. */
export function componentRoleOf(file: string): ComponentRole | undefined {
  return ROLES.find(([pattern]) => pattern.test(file))?.[1];
}

/** The identity a kubeconfig that kubeadm writes must present, by the kubeconfig's file name. */
export function kubeconfigRoleOf(file: string): ComponentRole | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === 'controller-manager.conf') return { role: "kube-controller-manager's kubeconfig", commonName: 'system:kube-controller-manager', usages: ['clientAuth'] };
  if (name === 'scheduler.conf') return { role: "kube-scheduler's kubeconfig", commonName: 'system:kube-scheduler', usages: ['clientAuth'] };
  if (name === 'kubelet.conf') return { role: "the kubelet's kubeconfig", node: true, usages: ['clientAuth'] };
  return undefined;
}

/** The kubelet keeps its client certificate and key in one file (kubelet-client-current.pem) on purpose. */
export function keepsKeyWithCertificate(file: string): boolean {
  return /(^|\/)kubelet-client-[^/]*\.pem$/.test(file);
}

/** Why a user is not one the Node authorizer takes for a node: user system:node:<name> in group system:nodes. */
export function nodeIdentityProblem(subject: CertificateInfo['subject']): string | undefined {
  const name = subject.commonName ?? '';
  if (!name.startsWith(NODE_USER_PREFIX) || name.length === NODE_USER_PREFIX.length) return `its user (CN) is "${name}", not system:node:<node name>`;
  if (!subject.organizations.includes(NODES_GROUP)) return 'its groups (O) lack system:nodes';
  return undefined;
}

/**
 * Whether the kubelet signers (kubernetes.io/kube-apiserver-client-kubelet, kubernetes.io/kubelet-serving) take the
 * subject for a node's: stricter on groups than the Node authorizer (system:nodes and nothing else), looser on the
 * name (the bare prefix passes), as kube-controller-manager's signer validates a request.
 */
export function isKubeletSignerSubject(subject: Pick<CertificateInfo['subject'], 'commonName' | 'organizations'>): boolean {
  return (subject.commonName ?? '').startsWith(NODE_USER_PREFIX) && subject.organizations.length === 1 && subject.organizations[0] === NODES_GROUP;
}

/** The usages a role needs that the certificate's extended key usage leaves out (none when it lists none). */
export function missingUsages(certificate: CertificateInfo, role: ComponentRole): string[] {
  const listed = certificate.extendedKeyUsages;
  if (!listed) return [];
  const spelled = { serverAuth: 'server auth', clientAuth: 'client auth' } as const;
  return role.usages.filter((usage) => !listed.includes(spelled[usage]) && !listed.includes('any'));
}
