/**
 * Flags CertificateSigningRequest lifetimes the API server rejects (`expirationSeconds` below 600) and unusually
 * long ones (more than a year): a client certificate cannot be revoked, so it grants access for as long as it lives.
 */
import { csrOf } from '../../model/views/csr';
import { defineRule } from '../define-rule';

const MINIMUM_SECONDS = 600;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export default defineRule({
  id: 'csr/expiration',
  meta: {
    summary: 'Certificate lifetime below the minimum, or unusually long.',
    why: 'The API server rejects expirationSeconds below 600, and Kubernetes cannot revoke a client certificate, so a long-lived one keeps working for its whole life even after the person or machine should have lost access.',
    severity: 'error',
    messageSeverity: { tooLong: 'warning' },
    scope: 'kubernetes',
    messages: {
      tooShort: 'expirationSeconds {value} is below the minimum of 600 (10 minutes); the API server rejects the request.',
      tooLong: 'expirationSeconds {value} asks for a certificate valid {days} days; a certificate cannot be revoked, so keep it short and renew it.',
    },
  },
  check(doc, context) {
    const node = csrOf(doc)?.expirationSeconds;
    const value = node?.value;
    // Values that are not whole numbers are k8s/invalid-value's concern.
    if (!node || typeof value !== 'number' || !Number.isInteger(value)) return;
    if (value < MINIMUM_SECONDS) context.report({ at: node, messageId: 'tooShort', data: { value } });
    else if (value > ONE_YEAR_SECONDS) context.report({ at: node, messageId: 'tooLong', data: { value, days: Math.round(value / 86400) } });
  },
});
