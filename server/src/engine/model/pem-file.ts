/**
 * A file of PEM blocks as a document: certificates, certificate requests and keys the way a cluster keeps them
 * (`/etc/kubernetes/pki/*.crt`, `*.key`, `*.csr`, `*.pem`). Each block keeps its place in the text and what it
 * holds; a private key yields its type and size and the fingerprint of its public half, never its content.
 */
import { blockKind, splitPem, type PemBlock } from '../analysis/credentials/decode';
import {
  isProblem,
  parseCertificate,
  parseCertificateRequest,
  parsePrivateKey,
  publicKeyFingerprintOfPrivate,
  type CertificateInfo,
  type CertificateRequestInfo,
  type KeyInfo,
} from '../analysis/credentials/x509';
import type { TextRange } from './nodes';

export interface PemItem {
  block: PemBlock;
  range: TextRange;
  certificate?: CertificateInfo;
  request?: CertificateRequestInfo;
  privateKey?: KeyInfo & { publicKeyFingerprint?: string };
  /** Why the block could not be read. */
  problem?: string;
}

/** The file names a PEM file is recognised by. */
export const PEM_FILE_NAME = /\.(crt|pem|cer|csr|key)$/i;

export class PemFile {
  readonly format = 'pki' as const;
  private parsed: PemItem[] | undefined;

  constructor(
    readonly text: string,
    /** The file's path as the workspace knows it, for findings about files beside it. */
    readonly path: string,
  ) {}

  get items(): PemItem[] {
    this.parsed ??= splitPem(this.text).map(readItem);
    return this.parsed;
  }

  get certificates(): (PemItem & { certificate: CertificateInfo })[] {
    return this.items.filter((item): item is PemItem & { certificate: CertificateInfo } => item.certificate !== undefined);
  }
}

function readItem(block: PemBlock): PemItem {
  const item: PemItem = { block, range: { start: block.start, end: block.end } };
  if (block.problem) return { ...item, problem: block.problem };
  switch (blockKind(block.type)) {
    case 'certificate': {
      const certificate = parseCertificate(block.der);
      return isProblem(certificate) ? { ...item, problem: certificate.problem } : { ...item, certificate };
    }
    case 'request': {
      const request = parseCertificateRequest(block.der);
      return isProblem(request) ? { ...item, problem: request.problem } : { ...item, request };
    }
    case 'private-key': {
      const key = parsePrivateKey(block);
      if (isProblem(key)) return { ...item, problem: key.problem };
      const fingerprint = publicKeyFingerprintOfPrivate(block);
      return { ...item, privateKey: { ...key, ...(fingerprint ? { publicKeyFingerprint: fingerprint } : {}) } };
    }
    default:
      return item;
  }
}
