/**
 * Throwaway certificates generated at test time with Node's crypto and @peculiar/x509, so no test depends on
 * committed key material.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A self-signed ECDSA P-256 certificate in PEM, with a trailing newline. */
export async function selfSignedCertificatePem(name: string, serialNumber = '7f01'): Promise<string> {
  return certificatePem({ name, serialNumber, notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2126-01-01T00:00:00Z') });
}

/** A self-signed ECDSA P-256 certificate in PEM valid between the given times, with a trailing newline. */
export async function certificatePem(options: { name: string; notBefore: Date; notAfter: Date; serialNumber?: string }): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: options.serialNumber ?? '7f01',
    name: options.name,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    keys,
    signingAlgorithm: EC_P256,
  });
  return `${certificate.toString('pem')}\n`;
}

/** A PKCS#10 certificate request for an ECDSA P-256 key in PEM, with a trailing newline. */
export async function certificateRequestPem(name: string): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const request = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: EC_P256 });
  return `${request.toString('pem')}\n`;
}
