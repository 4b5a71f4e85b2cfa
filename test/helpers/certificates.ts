/**
 * Throwaway certificates generated at test time with Node's crypto and @peculiar/x509, so no test depends on
 * committed key material.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** A self-signed ECDSA P-256 certificate in PEM, with a trailing newline. */
export async function selfSignedCertificatePem(name: string, serialNumber = '7f01'): Promise<string> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber,
    name,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2126-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: algorithm,
  });
  return `${certificate.toString('pem')}\n`;
}
