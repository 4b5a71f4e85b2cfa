/**
 * PKCS#10 certificate requests made locally: the key pair comes from Node's WebCrypto and the request is built and
 * signed by @peculiar/x509, so Kubeward writes no ASN.1 of its own. Loaded only with the cluster commands.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** The key pair type @peculiar/x509 declares (the DOM's), which Node's WebCrypto keys are at run time. */
type X509KeyPair = Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0]['keys'];

export type KeyType = 'ecdsa-p256' | 'rsa-2048';

const ALGORITHMS: Record<KeyType, { generate: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams; signing: webcrypto.Algorithm | webcrypto.EcdsaParams; label: string }> = {
  'ecdsa-p256': { generate: { name: 'ECDSA', namedCurve: 'P-256' }, signing: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams, label: 'ECDSA P-256' },
  'rsa-2048': {
    generate: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    signing: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    label: 'RSA 2048',
  },
};

export function isKeyType(value: unknown): value is KeyType {
  return typeof value === 'string' && value in ALGORITHMS;
}

export function keyTypeLabel(type: KeyType): string {
  return ALGORITHMS[type].label;
}

function pem(type: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

/** The content of a request: the subject in order (attributes by OID), and the extensions openssl configs set. */
export interface RequestContent {
  subject: readonly { oid: string; value: string }[];
  names?: readonly { type: 'dns' | 'ip' | 'email' | 'url'; value: string }[];
  /** Flags by their @peculiar/x509 KeyUsageFlags names. */
  keyUsage?: { flags: readonly string[]; critical: boolean };
  extendedKeyUsage?: { oids: readonly string[]; critical: boolean };
}

/** A key Kubeward makes: one of the choices users pick, or RSA of a size an openssl config asks for. */
export type KeySpec = KeyType | { rsaBits: number };

const OID = { commonName: '2.5.4.3', organization: '2.5.4.10' };

/** The subject of a Kubernetes client certificate: one O per group, then CN = the user name. */
export function userSubject(commonName: string, organizations: readonly string[]): RequestContent['subject'] {
  return [...organizations.map((value) => ({ oid: OID.organization, value })), { oid: OID.commonName, value: commonName }];
}

function algorithmOf(key: KeySpec): (typeof ALGORITHMS)[KeyType] {
  if (typeof key === 'string') return ALGORITHMS[key];
  const rsa = ALGORITHMS['rsa-2048'];
  return { ...rsa, generate: { ...(rsa.generate as webcrypto.RsaHashedKeyGenParams), modulusLength: key.rsaBits }, label: `RSA ${key.rsaBits}` };
}

function extensionsOf(content: RequestContent): x509.Extension[] {
  const extensions: x509.Extension[] = [];
  if (content.names && content.names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(content.names.map(({ type, value }) => ({ type, value })), false));
  if (content.keyUsage) {
    const flags = content.keyUsage.flags.reduce((all, flag) => all | x509.KeyUsageFlags[flag as keyof typeof x509.KeyUsageFlags], 0);
    extensions.push(new x509.KeyUsagesExtension(flags, content.keyUsage.critical));
  }
  if (content.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension([...content.extendedKeyUsage.oids], content.extendedKeyUsage.critical));
  return extensions;
}

/**
 * A new key pair and a request signed with it for `content`. The private key is returned as PKCS#8 PEM for the
 * caller to save; it never leaves this process otherwise.
 */
export async function createCertificateRequest(content: RequestContent, key: KeySpec): Promise<{ requestPem: string; privateKeyPem: string; keyLabel: string }> {
  const algorithm = algorithmOf(key);
  const keys = (await webcrypto.subtle.generateKey(algorithm.generate, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const name = content.subject.map(({ oid, value }) => ({ [oid]: [value] }));
  const request = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys: keys as unknown as X509KeyPair, signingAlgorithm: algorithm.signing, extensions: extensionsOf(content) });
  const privateKeyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { requestPem: `${request.toString('pem')}\n`, privateKeyPem, keyLabel: algorithm.label };
}

/** The subject of a PEM request (`CN=…, O=…`), for confirmations; undefined when it cannot be read. */
export function requestSubject(requestPem: string): string | undefined {
  try {
    return new x509.Pkcs10CertificateRequest(requestPem).subject;
  } catch {
    return undefined;
  }
}
