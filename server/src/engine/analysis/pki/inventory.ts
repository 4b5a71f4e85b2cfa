/**
 * The workspace's PEM files as plain data: for each file, its certificates (names, validity, whether a CA, the
 * public key's fingerprint and the DER to check signatures with) and the public-key fingerprints of its private
 * keys. Rules about a certificate's neighbours read it: the key of the same base name, the CA in the same folder.
 */
import { FactsByFile } from '../facts-by-file';
import type { PemFile } from '../../model/pem-file';

export interface PkiFact {
  file: string;
  kind: 'certificate' | 'private-key';
  /** The SHA-256 of the public key: of the certificate's, or of the private key's public half. */
  publicKeyFingerprint: string;
  certificate?: {
    subject: string;
    issuer: string;
    notBefore: number;
    notAfter: number;
    isCA: boolean;
    /** Base64 of the DER, for signature checks. */
    der: string;
  };
}

export function pkiFactsOf(file: PemFile): PkiFact[] {
  return file.items.flatMap((item): PkiFact[] => {
    if (item.certificate) {
      const { subject, issuer, notBefore, notAfter, isCA, publicKeyFingerprint } = item.certificate;
      return [{ file: file.path, kind: 'certificate', publicKeyFingerprint, certificate: { subject: subject.text, issuer: issuer.text, notBefore: notBefore.getTime(), notAfter: notAfter.getTime(), isCA, der: Buffer.from(item.block.der).toString('base64') } }];
    }
    if (item.privateKey?.publicKeyFingerprint) return [{ file: file.path, kind: 'private-key', publicKeyFingerprint: item.privateKey.publicKeyFingerprint }];
    return [];
  });
}

/**
 * The folder, the file name and the base name without extension of a path or URI: `/pki/apiserver.crt` →
 * `/pki`, `apiserver.crt`, `apiserver`.
 */
export function placeOf(file: string): { folder: string; name: string; base: string } {
  const slash = file.lastIndexOf('/');
  const name = file.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return { folder: file.slice(0, Math.max(slash, 0)), name, base: dot > 0 ? name.slice(0, dot) : name };
}

export class PkiInventory extends FactsByFile<PkiFact> {
  setFile(file: PemFile): void {
    this.setFacts(file.path, pkiFactsOf(file));
  }

  /** The facts of the files in a folder (not its subfolders). */
  inFolder(folder: string): PkiFact[] {
    return this.all().filter((fact) => placeOf(fact.file).folder === folder);
  }
}
