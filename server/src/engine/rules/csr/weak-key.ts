/**
 * Flags a certificate request made with a weak key (RSA under 2048 bits, EC curves under 256 bits). Such keys can be
 * broken or forged with today's means, and the certificate issued for them authenticates to the cluster until it
 * expires.
 */
import { inspectCredential } from '../../analysis/credentials/x509';
import { csrOf } from '../../model/views/csr';
import { defineRule } from '../define-rule';
import { fieldOf, stringValue } from '../../model/nodes';

export default defineRule({
  id: 'csr/weak-key',
  meta: {
    summary: 'Certificate request made with an RSA key under 2048 bits or an EC key under 256 bits.',
    why: 'A short key can be factored or its discrete logarithm computed, which lets someone else impersonate the certificate\'s holder for as long as the certificate is valid.',
    severity: 'warning',
    scope: 'kubernetes',
    messages: {
      weakKey: 'The request\'s key is {key}: {weakness} Make a new key (RSA 2048 bits or more, or EC P-256) and a new request.',
    },
  },
  check(doc, context) {
    const field = fieldOf(csrOf(doc)?.spec, 'request');
    const value = stringValue(field?.value);
    if (!field || !value) return;
    const request = inspectCredential(value.value).items[0]?.request;
    if (request?.key.weakness) context.report({ at: field.key, messageId: 'weakKey', data: { key: request.key.label, weakness: request.key.weakness } });
  },
});
