/**
 * What is inside certificates, certificate requests and private keys. Certificates are read with Node's
 * `X509Certificate` and `@peculiar/asn1-x509` (names, validity, extensions); PKCS#10 requests with
 * `@peculiar/asn1-csr`, their signature checked with Node's `crypto.verify`. No ASN.1 is hand-written here.
 *
 * Private keys yield their type and size, and the fingerprint of their public half (to tell which certificate
 * they belong to): nothing else derived from a key's content leaves this module.
 * Time is an input (`now`), never read from the clock.
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import {
  Certificate,
  ExtendedKeyUsage,
  Extensions,
  KeyUsage,
  SubjectAlternativeName,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  type Extension,
  type GeneralName,
  type Name,
} from '@peculiar/asn1-x509';
import { decodeCredential, decodeTextCredential, type DecodedCredential, type PemBlock } from './decode';

export interface DistinguishedName {
  /** The common name Kubernetes takes as the user name (the last CN, as Go reads it). */
  commonName?: string;
  /** The organizations Kubernetes takes as the groups. */
  organizations: string[];
  /** The whole name, `CN=jane, O=dev`. */
  text: string;
}

export interface KeyInfo {
  /** `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, … or `encrypted` for a private key behind a passphrase. */
  type: string;
  bits?: number;
  /** For EC keys: `P-256`, `P-384`, `P-521` or the OpenSSL curve name. */
  curve?: string;
  /** `RSA 2048 bits`, `EC P-256`. */
  label: string;
  /** Why the key is weak (RSA or DSA under 2048 bits, EC under 256), when it is. */
  weakness?: string;
}

export interface CertificateInfo {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Upper-case hexadecimal, as openssl prints it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** `DNS:example.com`, `IP:10.0.0.1`, `email:…`, `URI:…`. */
  sans: string[];
  key: KeyInfo;
  /** Key usage bits in Kubernetes' spelling (`digital signature`, `cert sign` …); undefined without the extension. */
  keyUsages?: string[];
  /** Extended key usages in Kubernetes' spelling (`client auth`, `server auth` …) or as OIDs; undefined without the extension. */
  extendedKeyUsages?: string[];
  isCA: boolean;
  selfSigned: boolean;
  signatureAlgorithm: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  fingerprint256: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo), to match the certificate with its private key. */
  publicKeyFingerprint: string;
}

export interface CertificateRequestInfo {
  subject: DistinguishedName;
  sans: string[];
  key: KeyInfo;
  /** Extensions requested through the extensionRequest attribute. */
  keyUsages?: string[];
  extendedKeyUsages?: string[];
  signatureAlgorithm: string;
  /** Whether the request's signature verifies with its own public key; undefined when the algorithm is not supported. */
  signatureValid?: boolean;
}

export type Parsed<T> = T | { problem: string };

export function isProblem<T extends object>(value: Parsed<T>): value is { problem: string } {
  return 'problem' in value;
}

export interface CredentialItem {
  block?: PemBlock;
  certificate?: CertificateInfo;
  request?: CertificateRequestInfo;
  privateKey?: KeyInfo;
  /** Why the item could not be read, or what it is when it is neither certificate, request nor key. */
  problem?: string;
}

export interface CredentialReport {
  decoded: DecodedCredential;
  items: CredentialItem[];
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.5': 'serialNumber',
  '2.5.4.17': 'postalCode',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

function distinguishedName(name: Name): DistinguishedName {
  const parts: string[] = [];
  let commonName: string | undefined;
  const organizations: string[] = [];
  for (const rdn of name) {
    for (const attribute of rdn) {
      const value = attribute.value.toString();
      const label = ATTRIBUTE_NAMES[attribute.type] ?? attribute.type;
      if (label === 'CN') commonName = value;
      if (label === 'O') organizations.push(value);
      parts.push(`${label}=${value}`);
    }
  }
  return { ...(commonName !== undefined ? { commonName } : {}), organizations, text: parts.join(', ') };
}

function generalName(name: GeneralName): string {
  if (name.dNSName !== undefined) return `DNS:${name.dNSName}`;
  if (name.iPAddress !== undefined) return `IP:${name.iPAddress}`;
  if (name.rfc822Name !== undefined) return `email:${name.rfc822Name}`;
  if (name.uniformResourceIdentifier !== undefined) return `URI:${name.uniformResourceIdentifier}`;
  if (name.directoryName) return `DirName:${distinguishedName(name.directoryName).text}`;
  if (name.registeredID !== undefined) return `RID:${name.registeredID}`;
  if (name.otherName) return `othername:${name.otherName.typeId}`;
  return 'other';
}

const KEY_USAGES: Record<string, string> = {
  digitalSignature: 'digital signature',
  nonRepudiation: 'content commitment',
  keyEncipherment: 'key encipherment',
  dataEncipherment: 'data encipherment',
  keyAgreement: 'key agreement',
  keyCertSign: 'cert sign',
  crlSign: 'crl sign',
  encipherOnly: 'encipher only',
  decipherOnly: 'decipher only',
};

/** The words Kubeward prints an extended key usage with (certificates.k8s.io's, where it has one), by OID. */
const EXTENDED_KEY_USAGES: Record<string, string> = {
  '2.5.29.37.0': 'any',
  '1.3.6.1.5.5.7.3.1': 'server auth',
  '1.3.6.1.5.5.7.3.2': 'client auth',
  '1.3.6.1.5.5.7.3.3': 'code signing',
  '1.3.6.1.5.5.7.3.4': 'email protection',
  '1.3.6.1.5.5.7.3.5': 'ipsec end system',
  '1.3.6.1.5.5.7.3.6': 'ipsec tunnel',
  '1.3.6.1.5.5.7.3.7': 'ipsec user',
  '1.3.6.1.5.5.7.3.8': 'timestamping',
  '1.3.6.1.5.5.7.3.9': 'ocsp signing',
  '1.3.6.1.4.1.311.10.3.3': 'microsoft sgc',
  '2.16.840.1.113730.4.1': 'netscape sgc',
};

/** The certificates.k8s.io usage of an extended key usage OID, when it has one. */
export function extendedKeyUsageWord(oid: string): string | undefined {
  return EXTENDED_KEY_USAGES[oid];
}

interface ExtensionFacts {
  sans: string[];
  keyUsages?: string[];
  extendedKeyUsages?: string[];
}

function extensionFacts(extensions: readonly Extension[]): ExtensionFacts {
  const facts: ExtensionFacts = { sans: [] };
  for (const extension of extensions) {
    const value = extension.extnValue.buffer;
    if (extension.extnID === id_ce_subjectAltName) facts.sans.push(...AsnConvert.parse(value, SubjectAlternativeName).map(generalName));
    else if (extension.extnID === id_ce_keyUsage) facts.keyUsages = AsnConvert.parse(value, KeyUsage).toJSON().map((usage) => KEY_USAGES[usage] ?? usage);
    else if (extension.extnID === id_ce_extKeyUsage) facts.extendedKeyUsages = AsnConvert.parse(value, ExtendedKeyUsage).map((oid) => EXTENDED_KEY_USAGES[oid] ?? oid);
  }
  return facts;
}

const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256, secp224r1: 224, prime192v1: 192 };

/** Type and size of a key object; only its public parameters are read. */
export function keyInfo(key: KeyObject): KeyInfo {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') {
    const bits = details.modulusLength;
    const name = type === 'rsa' ? 'RSA' : type === 'rsa-pss' ? 'RSA-PSS' : 'DSA';
    const info: KeyInfo = { type: name, ...(bits ? { bits } : {}), label: bits ? `${name} ${bits} bits` : name };
    if (bits !== undefined && bits < 2048) info.weakness = `${name} keys under 2048 bits are too weak.`;
    return info;
  }
  if (type === 'ec') {
    const curveName = details.namedCurve ?? 'unknown curve';
    const curve = CURVES[curveName] ?? curveName;
    const bits = CURVE_BITS[curveName];
    const info: KeyInfo = { type: 'EC', curve, ...(bits ? { bits } : {}), label: `EC ${curve}` };
    if (bits !== undefined && bits < 256) info.weakness = 'EC keys under 256 bits are too weak.';
    return info;
  }
  const name = type === 'ed25519' ? 'Ed25519' : type === 'ed448' ? 'Ed448' : type === 'x25519' ? 'X25519' : type === 'x448' ? 'X448' : type;
  return { type: name, label: name };
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null }> = {
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', hash: null },
  '1.3.101.113': { name: 'Ed448', hash: null },
};

function algorithmName(oid: string): string {
  return SIGNATURE_ALGORITHMS[oid]?.name ?? (oid === '1.2.840.113549.1.1.10' ? 'RSASSA-PSS' : oid);
}

export function parseCertificate(der: Uint8Array): Parsed<CertificateInfo> {
  try {
    const buffer = Buffer.from(der);
    const node = new X509Certificate(buffer);
    const asn = AsnConvert.parse(buffer, Certificate);
    const tbs = asn.tbsCertificate;
    const facts = extensionFacts(tbs.extensions ?? []);
    let selfSigned = false;
    try {
      selfSigned = node.checkIssued(node) && node.verify(node.publicKey);
    } catch {
      selfSigned = false;
    }
    return {
      subject: distinguishedName(tbs.subject),
      issuer: distinguishedName(tbs.issuer),
      serial: node.serialNumber.toUpperCase(),
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      sans: facts.sans,
      key: keyInfo(node.publicKey),
      ...(facts.keyUsages ? { keyUsages: facts.keyUsages } : {}),
      ...(facts.extendedKeyUsages ? { extendedKeyUsages: facts.extendedKeyUsages } : {}),
      isCA: node.ca,
      selfSigned,
      signatureAlgorithm: algorithmName(asn.signatureAlgorithm.algorithm),
      fingerprint256: node.fingerprint256,
      publicKeyFingerprint: publicKeyFingerprint(node.publicKey),
    };
  } catch (error) {
    return { problem: `Not a readable X.509 certificate (${message(error)}).` };
  }
}

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** Reads a PKCS#10 certificate request and checks its signature against its own public key. */
export function parseCertificateRequest(der: Uint8Array): Parsed<CertificateRequestInfo> {
  try {
    const request = AsnConvert.parse(Buffer.from(der), CertificationRequest);
    const info = request.certificationRequestInfo;
    const publicKey = createPublicKey({ key: Buffer.from(AsnConvert.serialize(info.subjectPKInfo)), format: 'der', type: 'spki' });
    const extensions: Extension[] = [];
    for (const attribute of info.attributes ?? []) {
      if (attribute.type !== EXTENSION_REQUEST) continue;
      for (const value of attribute.values) extensions.push(...AsnConvert.parse(value, Extensions));
    }
    const facts = extensionFacts(extensions);
    const oid = request.signatureAlgorithm.algorithm;
    const algorithm = SIGNATURE_ALGORITHMS[oid];
    let signatureValid: boolean | undefined;
    if (algorithm) {
      const signed = Buffer.from(request.certificationRequestInfoRaw ?? AsnConvert.serialize(info));
      try {
        signatureValid = verify(algorithm.hash, signed, publicKey, Buffer.from(request.signature));
      } catch {
        signatureValid = false;
      }
    }
    return {
      subject: distinguishedName(info.subject),
      sans: facts.sans,
      key: keyInfo(publicKey),
      ...(facts.keyUsages ? { keyUsages: facts.keyUsages } : {}),
      ...(facts.extendedKeyUsages ? { extendedKeyUsages: facts.extendedKeyUsages } : {}),
      signatureAlgorithm: algorithmName(oid),
      ...(signatureValid !== undefined ? { signatureValid } : {}),
    };
  } catch (error) {
    return { problem: `Not a readable PKCS#10 certificate request (${message(error)}).` };
  }
}

const PRIVATE_KEY_FORMATS: Record<string, 'pkcs8' | 'pkcs1' | 'sec1'> = { 'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1', 'EC PRIVATE KEY': 'sec1' };

/** The type and size of a private key block; the key itself is dropped as soon as they are read. */
export function parsePrivateKey(block: Pick<PemBlock, 'type' | 'der'>): Parsed<KeyInfo> {
  if (block.type === 'ENCRYPTED PRIVATE KEY') return { type: 'encrypted', label: 'encrypted private key (its type and size need the passphrase)' };
  const type = PRIVATE_KEY_FORMATS[block.type];
  if (!type) return { problem: `Unsupported private key block ${block.type}.` };
  try {
    return keyInfo(createPrivateKey({ key: Buffer.from(block.der), format: 'der', type }));
  } catch {
    // Never the library's message: it could quote key material.
    return { problem: `The ${block.type} block is not a readable private key (encrypted with a legacy passphrase header, or damaged).` };
  }
}

/** The public half of a private key block; the private key object is dropped at once. */
export function publicKeyOfPrivate(block: Pick<PemBlock, 'type' | 'der'>): KeyObject | undefined {
  const type = PRIVATE_KEY_FORMATS[block.type];
  if (!type) return undefined;
  try {
    return createPublicKey(createPrivateKey({ key: Buffer.from(block.der), format: 'der', type }));
  } catch {
    return undefined;
  }
}

function publicKeyFingerprint(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** The fingerprint of a private key's public half, as `CertificateInfo.publicKeyFingerprint` has it. */
export function publicKeyFingerprintOfPrivate(block: Pick<PemBlock, 'type' | 'der'>): string | undefined {
  const key = publicKeyOfPrivate(block);
  return key && publicKeyFingerprint(key);
}

/** Whether `issuer` signed `certificate` (names match and the signature verifies with the issuer's key). */
export function issuedBy(certificate: Uint8Array, issuer: Uint8Array): boolean {
  try {
    const child = new X509Certificate(Buffer.from(certificate));
    const parent = new X509Certificate(Buffer.from(issuer));
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** What one PEM block holds: a certificate, a request or a private key read, or why it is none of them. */
export function inspectBlock(block: PemBlock): CredentialItem {
  if (block.problem) return { block, problem: block.problem };
  const wrap = <T extends object>(parsed: Parsed<T>, field: 'certificate' | 'request' | 'privateKey'): CredentialItem =>
    isProblem(parsed) ? { block, problem: parsed.problem } : { block, [field]: parsed };
  switch (block.kind) {
    case 'certificate': return wrap(parseCertificate(block.der), 'certificate');
    case 'request': return wrap(parseCertificateRequest(block.der), 'request');
    case 'private-key': return wrap(parsePrivateKey(block), 'privateKey');
    case 'public-key': {
      try {
        return { block, problem: `A public key (${keyInfo(createPublicKey({ key: Buffer.from(block.der), format: 'der', type: 'spki' })).label}), not a certificate.` };
      } catch {
        return { block, problem: 'A public key block that cannot be read.' };
      }
    }
    default: return { block, problem: `A PEM block of type ${block.type}.` };
  }
}

/** Bare DER: tried as a certificate, then as a request, then as a PKCS#8 private key. */
function derItem(der: Uint8Array): CredentialItem {
  const certificate = parseCertificate(der);
  if (!isProblem(certificate)) return { certificate };
  const request = parseCertificateRequest(der);
  if (!isProblem(request)) return { request };
  const key = parsePrivateKey({ type: 'PRIVATE KEY', der });
  if (!isProblem(key)) return { privateKey: key };
  return { problem: 'Binary (DER) data that is neither a certificate, a certificate request nor a private key.' };
}

export function inspectDecoded(decoded: DecodedCredential): CredentialItem[] {
  if (decoded.encoding === 'base64-der') return [derItem(decoded.bytes)];
  return decoded.blocks.map(inspectBlock);
}

const MEMO_LIMIT = 256;
const memo = new Map<string, CredentialReport>();

/**
 * Decodes and reads a credential value: `base64` for fields Kubernetes decodes (`spec.request`, `*-data`,
 * Secret `data`), `text` for values written as PEM text. Memoized per value (a bounded map), since hovers and
 * rules ask about the same values again and again.
 */
export function inspectCredential(value: string, form: 'base64' | 'text' = 'base64'): CredentialReport {
  const key = `${form}:${value}`;
  const known = memo.get(key);
  if (known) return known;
  const decoded = form === 'base64' ? decodeCredential(value) : decodeTextCredential(value);
  const report: CredentialReport = { decoded, items: inspectDecoded(decoded) };
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, report);
  return report;
}

/** Certificates of PEM text, in order, each parsed or with the reason it could not be. */
export function parseCertificates(pem: string): Parsed<CertificateInfo>[] {
  return decodeTextCredential(pem).blocks.filter((block) => block.kind === 'certificate').map((block) => (block.problem ? { problem: block.problem } : parseCertificate(block.der)));
}

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

const DAY = 24 * 60 * 60 * 1000;

/** Where `now` falls in a certificate's validity, and how many whole days from the nearest bound that matters. */
export function validityAt(certificate: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, now: Date): { state: ValidityState; days: number } {
  const time = now.getTime();
  if (time < certificate.notBefore.getTime()) return { state: 'not-yet-valid', days: Math.ceil((certificate.notBefore.getTime() - time) / DAY) };
  if (time > certificate.notAfter.getTime()) return { state: 'expired', days: Math.floor((time - certificate.notAfter.getTime()) / DAY) };
  return { state: 'valid', days: Math.floor((certificate.notAfter.getTime() - time) / DAY) };
}

export function describeValidity(certificate: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, now: Date): string {
  const { state, days } = validityAt(certificate, now);
  const plural = (count: number) => `${count} day${count === 1 ? '' : 's'}`;
  if (state === 'expired') return days === 0 ? 'expired today' : `expired ${plural(days)} ago`;
  if (state === 'not-yet-valid') return `not valid yet: valid in ${plural(days)}`;
  return days === 0 ? 'expires today' : `expires in ${plural(days)}`;
}
