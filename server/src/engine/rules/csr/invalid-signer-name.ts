/**
 * Flags a CertificateSigningRequest signerName that is not `<domain>/<path>`: the domain must be a DNS name of at
 * least two labels and the path DNS subdomains joined by dots. The API server rejects the request.
 */
import { validationFindings } from '../../validation/index';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'csr/invalid-signer-name',
  meta: {
    summary: 'signerName that is not a domain and a path.',
    why: 'A signer is named by a DNS domain its owner controls and a path below it, such as example.com/my-signer; the API server rejects a request whose signerName has another shape.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      invalidSignerName: 'signerName "{value}" {detail}.',
    },
  },
  check(doc, context) {
    for (const { at, value, detail } of validationFindings(doc, 'csr/invalid-signer-name')) {
      context.report({ at, messageId: 'invalidSignerName', data: { value: String(value ?? ''), detail } });
    }
  },
});
