/**
 * What goes wrong between a certificate and the files beside it: a block that cannot be read, a certificate
 * beside the key of the same base name that is not its key, a certificate that a CA of the same name in the same
 * folder did not sign, a private key kept in a certificate file, and keys too weak to trust (Go, which every
 * Kubernetes component is built with, refuses RSA keys under 1024 bits outright).
 */
import { beginLine } from '../../analysis/pki/blocks';
import { placeOf } from '../../analysis/pki/inventory';
import { keepsKeyWithCertificate } from '../../analysis/pki/component-identities';
import { issuedBy } from '../../analysis/credentials/x509';
import { defineRule } from '../define-rule';

/** Go's crypto/rsa refuses smaller keys since Go 1.24 (GODEBUG rsa1024min). */
const GO_MINIMUM_RSA_BITS = 1024;

export default defineRule({
  id: 'pki/chain',
  meta: {
    summary: 'Certificate that does not match its key or its CA, unreadable PEM blocks, keys kept with certificates, weak keys.',
    why: 'A component loads a certificate with the key of the same name and presents it to peers that check it against the CA: a key that does not match stops the component at start-up, a certificate the CA did not sign is refused by every peer, and a weak or exposed key lets others impersonate it.',
    severity: 'error',
    messageSeverity: { keyWithCertificate: 'warning', weakKey: 'warning' },
    scope: 'pki',
    messages: {
      unreadable: 'This block cannot be read: {problem}',
      keyMismatch: 'This certificate is not the one of {keyFile}: the key there belongs to another certificate, and a component given both refuses to start.',
      certificateMismatch: 'This key does not belong to the certificate in {certificateFile}: a component given both refuses to start.',
      notSignedByCa: 'The CA in {caFile} has this certificate\'s issuer name ({issuer}) but did not sign it: peers that trust that CA refuse it.',
      keyWithCertificate: 'A private key is kept in the same file as certificates: whoever may read the certificate (which is public) can read the key too; keep it in a .key file of its own, readable by the component alone.',
      weakKey: 'The key is {key}: {weakness} Use RSA 2048 bits or more, or EC P-256.',
      refusedKey: 'The key is {key}: Go, which every Kubernetes component is built with, refuses RSA keys under 1024 bits.',
    },
  },
  checkFile(file, context) {
    if (file.format !== 'pki') return;
    const { folder, base } = placeOf(file.path);
    const neighbours = context.workspace?.pki?.inFolder(folder).filter((fact) => fact.file !== file.path) ?? [];
    const hasCertificates = file.certificates.length > 0;
    const keyFile = neighbours.filter((fact) => fact.kind === 'private-key' && placeOf(fact.file).base === base);
    const certificateFile = neighbours.filter((fact) => fact.kind === 'certificate' && placeOf(fact.file).base === base);
    file.items.forEach((item, index) => {
      const at = beginLine(file, item);
      if (item.problem) return context.report({ at, messageId: 'unreadable', data: { problem: item.problem } });
      const key = item.certificate?.key ?? item.privateKey ?? item.request?.key;
      if (key?.type === 'RSA' && key.bits !== undefined && key.bits < GO_MINIMUM_RSA_BITS) context.report({ at, messageId: 'refusedKey', data: { key: key.label } });
      else if (key?.weakness) context.report({ at, messageId: 'weakKey', data: { key: key.label, weakness: key.weakness } });
      if (item.privateKey && hasCertificates && !keepsKeyWithCertificate(file.path)) context.report({ at, messageId: 'keyWithCertificate' });
      // The first certificate of a file is the one a component presents; the rest are its chain.
      if (item.certificate && index === file.items.findIndex((candidate) => candidate.certificate)) {
        if (keyFile.length > 0 && !keyFile.some((fact) => fact.publicKeyFingerprint === item.certificate!.publicKeyFingerprint)) {
          context.report({ at, messageId: 'keyMismatch', data: { keyFile: placeOf(keyFile[0].file).name } });
        }
      }
      if (item.privateKey?.publicKeyFingerprint && certificateFile.length > 0) {
        const presented = certificateFile[0];
        if (presented.publicKeyFingerprint !== item.privateKey.publicKeyFingerprint) context.report({ at, messageId: 'certificateMismatch', data: { certificateFile: placeOf(presented.file).name } });
      }
      const certificate = item.certificate;
      if (!certificate || certificate.selfSigned) return;
      const cas = neighbours.filter((fact) => fact.certificate?.isCA && fact.certificate.subject === certificate.issuer.text);
      if (cas.length > 0 && !cas.some((fact) => issuedBy(item.block.der, Buffer.from(fact.certificate!.der, 'base64')))) {
        context.report({ at, messageId: 'notSignedByCa', data: { caFile: placeOf(cas[0].file).name, issuer: certificate.issuer.text } });
      }
    });
  },
});
