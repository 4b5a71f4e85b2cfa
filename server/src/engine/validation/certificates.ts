/**
 * CertificateSigningRequest as kube-apiserver validates it on create (pkg/apis/certificates/validation, v1.36).
 * The request must be a signed PKCS#10 request (csr/invalid-request), usages must be known (csr/unknown-usage),
 * listed, and not repeated, the signer name a domain and a path, and a duration at least ten minutes. Whatever is
 * written under status is cleared on create, so it is never judged.
 */
import { child, isSet, list, misspelt, record, text, type Data } from './data';
import type { FieldErrors } from './errors';
import { byteLength, dnsLabelProblems, dnsSubdomainProblems, DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX } from './formats';
import { validateObjectMeta } from './object-meta';

const LEGACY_SIGNER = 'kubernetes.io/legacy-unknown';
const MIN_EXPIRATION_SECONDS = 600;
const SPEC_FIELDS = ['request', 'signerName', 'usages', 'expirationSeconds', 'username', 'uid', 'groups', 'extra'];

export function validateCertificateSigningRequest(object: Data, errors: FieldErrors): void {
  // CSR names have no rule of their own beyond being a URL path segment.
  validateObjectMeta(object, { name: () => [] }, errors);
  const spec = record(object.spec) ?? {};
  // A request written empty passes the schema; the API server finds no PEM block in it.
  if (spec.request === '') errors.required(['spec', 'request'], 'is empty: it must hold a PEM certificate request, base64-encoded');
  const usages = list(spec.usages);
  if (usages) {
    if (usages.length === 0 && !misspelt(spec, 'usages', SPEC_FIELDS)) errors.add('k8s/missing-field', 'required', ['spec', 'usages'], 'must list at least one usage', { path: isSet(spec.usages) ? ['spec', 'usages'] : ['spec'] });
    const seen = new Set<unknown>();
    usages.forEach((usage, index) => {
      if (seen.has(usage)) errors.add('k8s/invalid-value', 'duplicate', ['spec', 'usages', index], `"${String(usage)}" is listed twice`);
      seen.add(usage);
    });
  }
  const signerName = text(spec.signerName);
  // An absent or null signerName is k8s/missing-field's finding from the schema; an empty one passes the schema.
  if (signerName === '' && typeof spec.signerName === 'string') {
    errors.required(['spec', 'signerName'], 'must name the signer that is to issue the certificate');
  } else if (signerName === LEGACY_SIGNER) {
    errors.add('csr/signer-usage-mismatch', 'invalid', ['spec', 'signerName'], 'is the legacy signer, which certificates.k8s.io/v1 does not accept');
  } else if (signerName) {
    for (const problem of signerNameProblems(signerName)) errors.add('csr/invalid-signer-name', 'invalid', ['spec', 'signerName'], problem);
  }
  const expiration = spec.expirationSeconds;
  if (typeof expiration === 'number' && expiration < MIN_EXPIRATION_SECONDS) {
    errors.add('csr/expiration', 'invalid', child(['spec'], 'expirationSeconds'), `asks for ${expiration} seconds; the shortest certificate lasts ${MIN_EXPIRATION_SECONDS} (ten minutes)`);
  }
}

/** A signer name is `<DNS domain of at least two labels>/<path of DNS subdomains joined by '.'>`. */
export function signerNameProblems(signerName: string): string[] {
  const segments = signerName.split('/');
  if (segments.length !== 2) return ['must be a domain and a path, such as example.com/my-signer'];
  const [domain, path] = segments;
  const problems: string[] = [];
  if (byteLength(domain) > DNS_SUBDOMAIN_MAX) problems.push(`has a domain longer than ${DNS_SUBDOMAIN_MAX} characters`);
  const labels = domain.split('.');
  const badLabel = labels.find((label) => dnsLabelProblems(label).length > 0);
  if (badLabel !== undefined) problems.push(`has a domain part "${badLabel}" that ${dnsLabelProblems(badLabel).join(' and ')}`);
  if (labels.length < 2) problems.push(`has a domain "${domain}" with fewer than two parts separated by dots`);
  const badPathPart = path.split('.').find((part) => dnsSubdomainProblems(part).length > 0);
  if (badPathPart !== undefined) problems.push(`has a path part "${badPathPart}" that ${dnsSubdomainProblems(badPathPart).join(' and ')}`);
  if (byteLength(signerName) > DNS_SUBDOMAIN_MAX * 2 + DNS_LABEL_MAX + 2) problems.push('is too long');
  return problems;
}
