/**
 * Which values of a document hold credentials: CSR `spec.request` and `status.certificate`, kubeconfig
 * `certificate-authority-data`, `client-certificate-data` and `client-key-data`, Secret `data` (base64) and
 * `stringData` (text), `caBundle` fields of webhooks and API services (base64), ClusterTrustBundle
 * `spec.trustBundle` (PEM text).
 */
import type { ManifestDocument } from '../../model/document';
import type { PathSegment } from '../../model/nodes';

export interface CredentialField {
  /** `base64` when Kubernetes decodes the value from base64, `text` when it is written as text. */
  form: 'base64' | 'text';
  /** What the field is, for hovers: `CSR request`, `client certificate` … */
  label: string;
  /** For Secret entries: the data key. */
  dataKey?: string;
}

const KUBECONFIG_FIELDS: Record<string, string> = {
  'certificate-authority-data': 'cluster CA certificate',
  'client-certificate-data': 'client certificate',
  'client-key-data': 'client private key',
};

export function credentialField(document: ManifestDocument, path: readonly PathSegment[]): CredentialField | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  if (document.category === 'kubeconfig') {
    const label = KUBECONFIG_FIELDS[last];
    return label ? { form: 'base64', label } : undefined;
  }
  if (document.category !== 'kubernetes') return undefined;
  const kind = document.kind?.value;
  if (kind === 'CertificateSigningRequest') {
    if (path.length === 2 && path[0] === 'spec' && last === 'request') return { form: 'base64', label: 'CSR request' };
    if (path.length === 2 && path[0] === 'status' && last === 'certificate') return { form: 'base64', label: 'issued certificate' };
  }
  if (kind === 'Secret' && path.length === 2) {
    if (path[0] === 'data') return { form: 'base64', label: `Secret data "${last}"`, dataKey: last };
    if (path[0] === 'stringData') return { form: 'text', label: `Secret stringData "${last}"`, dataKey: last };
  }
  if (kind === 'ClusterTrustBundle' && path.length === 2 && path[0] === 'spec' && last === 'trustBundle') return { form: 'text', label: 'trust bundle' };
  if (last === 'caBundle') return { form: 'base64', label: 'CA bundle' };
  return undefined;
}
