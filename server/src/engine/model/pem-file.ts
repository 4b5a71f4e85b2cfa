/**
 * A file of PEM blocks as a document: certificates, certificate requests and keys the way a cluster keeps them
 * (`/etc/kubernetes/pki/*.crt`, `*.key`, `*.csr`, `*.pem`). Each block keeps its place in the text and what it
 * holds; a private key yields its type and size and the fingerprint of its public half, never its content.
 */
import { splitPem, type PemBlock } from '../analysis/credentials/decode';
import { inspectBlock, publicKeyFingerprintOfPrivate, type CertificateInfo, type CertificateRequestInfo, type KeyInfo } from '../analysis/credentials/x509';
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

/** The kinds of block a PEM file is checked for; a public key or another block is simply what it is. */
const READ_KINDS = new Set(['certificate', 'request', 'private-key']);

function readItem(block: PemBlock): PemItem {
  const read = block.problem || READ_KINDS.has(block.kind) ? inspectBlock(block) : { block };
  const fingerprint = read.privateKey ? publicKeyFingerprintOfPrivate(block) : undefined;
  return {
    ...read,
    block,
    range: { start: block.start, end: block.end },
    ...(read.privateKey ? { privateKey: { ...read.privateKey, ...(fingerprint ? { publicKeyFingerprint: fingerprint } : {}) } } : {}),
  };
}
