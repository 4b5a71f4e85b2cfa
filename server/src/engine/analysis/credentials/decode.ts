/**
 * Classifies a credential value as Kubernetes stores it: base64 of PEM (the usual form of `spec.request`,
 * kubeconfig `*-data` and Secret data), raw PEM, base64 of DER, other base64, or something that is not base64 at
 * all, with a reason. Pure and total: any input yields a classification, never an exception.
 */

export type CredentialEncoding = 'base64-pem' | 'pem' | 'base64-der' | 'base64-text' | 'base64-binary' | 'invalid';

export type BlockKind = 'certificate' | 'request' | 'private-key' | 'public-key' | 'other';

export interface PemBlock {
  /** The label of the BEGIN line, such as `CERTIFICATE` or `RSA PRIVATE KEY`. */
  type: string;
  kind: BlockKind;
  /** The decoded body; empty with a `problem` when the body is not base64. */
  der: Uint8Array;
  problem?: string;
  /** Offsets of the block (BEGIN line to END line) in the PEM text. */
  start: number;
  end: number;
}

export interface DecodedCredential {
  encoding: CredentialEncoding;
  /** The bytes the value stands for: the base64-decoded value, or the PEM text itself. */
  bytes: Uint8Array;
  /** The PEM text, when the value is or decodes to PEM. */
  pem?: string;
  blocks: PemBlock[];
  /** The decoded text, when it is printable UTF-8 (never for DER or binary data). */
  text?: string;
  /** Why the value could not be read, for `invalid`, or what is wrong inside an otherwise readable value. */
  problem?: string;
}

export function blockKind(type: string): BlockKind {
  if (type === 'CERTIFICATE' || type === 'TRUSTED CERTIFICATE') return 'certificate';
  if (type === 'CERTIFICATE REQUEST' || type === 'NEW CERTIFICATE REQUEST') return 'request';
  if (/(^|\s)PRIVATE KEY$/.test(type)) return 'private-key';
  if (/(^|\s)PUBLIC KEY$/.test(type)) return 'public-key';
  return 'other';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 as Go's decoder does for `[]byte` fields: line breaks are skipped, anything else outside
 * the alphabet, missing padding or the URL-safe alphabet is an error with a reason.
 */
export function decodeBase64(value: string): { bytes: Uint8Array } | { problem: string } {
  const compact = value.replace(/[\r\n]/g, '');
  if (compact.length === 0) return { problem: 'The value is empty.' };
  if (!BASE64.test(compact)) {
    const index = [...compact].findIndex((char, position) => !/[A-Za-z0-9+/=]/.test(char) || (char === '=' && !/^=*$/.test(compact.slice(position))));
    const char = compact[index] ?? '';
    if (/^[A-Za-z0-9_=-]*$/.test(compact)) return { problem: 'Not standard base64: it uses the URL-safe alphabet (- and _), which Kubernetes does not accept here.' };
    const shown = char === ' ' ? 'a space' : char === '\t' ? 'a tab' : `"${char}"`;
    return { problem: `Not base64: ${shown} at character ${index + 1}.` };
  }
  if (compact.length % 4 !== 0) return { problem: `Not valid base64: its length (${compact.length}) is not a multiple of 4; padding is missing or it was cut short.` };
  return { bytes: new Uint8Array(Buffer.from(compact, 'base64')) };
}

/** Decoded UTF-8 text when the bytes are printable text (tabs and line breaks allowed), else undefined. */
export function printableText(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(Buffer.from(bytes))) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text)) return undefined;
  return text;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/** Splits PEM text into its blocks; text between blocks is ignored, as Go's `pem.Decode` does. */
export function splitPem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const type = match[1];
    const start = match.index ?? 0;
    const block: PemBlock = { type, kind: blockKind(type), der: new Uint8Array(), start, end: start + match[0].length };
    if (match[3] !== type) block.problem = `The block begins as ${type} but ends as ${match[3]}.`;
    // Encrypted legacy keys carry `Proc-Type:`/`DEK-Info:` headers before the body.
    const body = match[2].split(/\r?\n/).filter((line) => !/^[A-Za-z-]+:/.test(line)).join('').replace(/\s+/g, '');
    const decoded = decodeBase64(body);
    if ('problem' in decoded) block.problem ??= `The ${type} block's body is not base64.`;
    else block.der = decoded.bytes;
    blocks.push(block);
  }
  return blocks;
}

function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

function fromText(text: string, encoding: 'pem' | 'base64-pem', bytes: Uint8Array): DecodedCredential {
  const blocks = splitPem(text);
  const result: DecodedCredential = { encoding, bytes, pem: text, blocks, text };
  if (blocks.length === 0) result.problem = 'A PEM BEGIN line has no matching END line.';
  else result.problem = blocks.find((block) => block.problem)?.problem;
  if (result.problem === undefined) delete result.problem;
  return result;
}

/** Classifies a value from a base64 field (CSR `spec.request`, kubeconfig `*-data`, Secret `data`). */
export function decodeCredential(value: string): DecodedCredential {
  const trimmed = value.trim();
  if (looksLikePem(trimmed)) {
    const decoded = fromText(value, 'pem', new Uint8Array(Buffer.from(value, 'utf8')));
    return { ...decoded, problem: decoded.problem ?? 'This is PEM text, not base64: Kubernetes expects the PEM base64-encoded here.' };
  }
  const decoded = decodeBase64(value);
  if ('problem' in decoded) return { encoding: 'invalid', bytes: new Uint8Array(), blocks: [], problem: decoded.problem };
  return classifyBytes(decoded.bytes);
}

/** Classifies a value that is written as text (Secret `stringData`, ClusterTrustBundle `trustBundle`, decoded blocks). */
export function decodeTextCredential(value: string): DecodedCredential {
  const bytes = new Uint8Array(Buffer.from(value, 'utf8'));
  if (looksLikePem(value)) return fromText(value, 'pem', bytes);
  return { encoding: 'pem', bytes, blocks: [], text: value, problem: 'Not PEM: no -----BEGIN line.' };
}

function classifyBytes(bytes: Uint8Array): DecodedCredential {
  const text = printableText(bytes);
  if (text !== undefined && looksLikePem(text)) return fromText(text, 'base64-pem', bytes);
  if (text !== undefined) return { encoding: 'base64-text', bytes, blocks: [], text };
  // DER starts with a SEQUENCE tag.
  if (bytes[0] === 0x30) return { encoding: 'base64-der', bytes, blocks: [] };
  return { encoding: 'base64-binary', bytes, blocks: [] };
}

export function describeEncoding(encoding: CredentialEncoding): string {
  switch (encoding) {
    case 'base64-pem': return 'base64 of PEM';
    case 'pem': return 'PEM text';
    case 'base64-der': return 'base64 of DER (binary, not PEM)';
    case 'base64-text': return 'base64 of text';
    case 'base64-binary': return 'base64 of binary data';
    case 'invalid': return 'not readable';
  }
}
