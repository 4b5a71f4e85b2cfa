/**
 * Flags a CertificateSigningRequest whose `spec.request` is not what the API server can read: base64 of a PEM
 * `CERTIFICATE REQUEST` block whose signature verifies with its own key. Placeholder text, a certificate, DER or a
 * request altered after signing are rejected on create. A private key pasted here is reported loudly, since the
 * manifest then leaks it; no message ever quotes the value.
 */
import { describeEncoding } from '../../analysis/credentials/decode';
import { inspectCredential } from '../../analysis/credentials/x509';
import { csrOf } from '../../model/views/csr';
import { defineRule } from '../define-rule';
import { fieldOf, stringValue } from '../../model/nodes';

export default defineRule({
  id: 'csr/invalid-request',
  meta: {
    summary: 'spec.request is not base64 of a PEM certificate request with a valid signature.',
    why: 'The API server parses spec.request as a PEM CERTIFICATE REQUEST and rejects the object when it cannot; a private key pasted here instead is exposed to everyone who can read the manifest or the cluster.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      privateKey: 'spec.request holds a PRIVATE KEY, not a certificate request. Treat this key as leaked: anyone who can read this manifest has it. Make a new key, and put the certificate request made from it here.',
      notBase64: 'spec.request is not base64 of a PEM certificate request: {problem}',
      notPemRequest: 'spec.request decodes to {encoding}, not to a PEM certificate request: the API server rejects it.',
      derRequest: 'spec.request is base64 of a DER certificate request; the API server expects base64 of the PEM text (openssl req -outform PEM).',
      certificate: 'spec.request holds a certificate, not a certificate request: send the request (openssl req -new) and the signer issues the certificate.',
      wrongBlock: 'spec.request holds a PEM {type} block; the API server accepts only a CERTIFICATE REQUEST block.',
      emptyRequest: 'spec.request holds an empty CERTIFICATE REQUEST block, a placeholder: the API server rejects it. Put the base64 of a request made with openssl req -new.',
      unreadable: 'spec.request holds a CERTIFICATE REQUEST block that cannot be read: {problem}',
      badSignature: 'The certificate request\'s signature does not verify with its own public key: it was altered after it was made. The API server rejects it.',
    },
  },
  check(doc, context) {
    const field = fieldOf(csrOf(doc)?.spec, 'request');
    const value = stringValue(field?.value);
    if (!field || !value || value.value.trim() === '') return;
    // The key, not the value: a request is long, and the value may be a secret pasted by mistake.
    const at = field.key;
    const { decoded, items } = inspectCredential(value.value);
    if (decoded.blocks.some((block) => block.kind === 'private-key') || (decoded.encoding === 'base64-der' && items[0]?.privateKey)) {
      context.report({ at, messageId: 'privateKey' });
      return;
    }
    if (decoded.encoding === 'invalid' || decoded.encoding === 'pem') {
      context.report({ at, messageId: 'notBase64', data: { problem: decoded.problem ?? 'it cannot be read.' } });
      return;
    }
    if (decoded.encoding === 'base64-der') {
      if (items[0]?.request) context.report({ at, messageId: 'derRequest' });
      else if (items[0]?.certificate) context.report({ at, messageId: 'certificate' });
      else context.report({ at, messageId: 'notPemRequest', data: { encoding: describeEncoding(decoded.encoding) } });
      return;
    }
    // The API server reads the first PEM block only.
    const first = items[0];
    if (decoded.encoding !== 'base64-pem' || !first?.block) {
      context.report({ at, messageId: 'notPemRequest', data: { encoding: describeEncoding(decoded.encoding) } });
      return;
    }
    if (first.block.kind === 'certificate') context.report({ at, messageId: 'certificate' });
    else if (first.block.kind !== 'request') context.report({ at, messageId: 'wrongBlock', data: { type: first.block.type } });
    else if (first.block.der.length === 0) context.report({ at, messageId: 'emptyRequest' });
    else if (first.problem !== undefined) context.report({ at, messageId: 'unreadable', data: { problem: first.problem } });
    else if (first.request?.signatureValid === false) context.report({ at, messageId: 'badSignature' });
  },
});
