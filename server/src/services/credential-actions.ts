/**
 * "Decode in place" and "Encode in place" for credential values (CSR `spec.request`, kubeconfig `*-data`, Secret
 * `data`, `caBundle`): decoding replaces the base64 scalar with a literal block scalar holding the PEM or text,
 * its header marked `# kubeward:base64`; encoding turns it back, byte for byte.
 *
 * The marker is a comment on the key's line, so the file stays valid YAML and any tool reads the same decoded
 * text. The decoded form is deliberately NOT a valid manifest: these fields are `format: byte` in the schemas, so
 * `k8s/invalid-value` reports the decoded text until it is encoded again, and the API server would reject it too.
 * That error is the trade-off we chose: a decoded file cannot be applied by accident without a visible problem.
 */
import { isScalar, Scalar, type Node } from 'yaml';
import { credentialField } from '../engine/analysis/credentials/fields';
import { decodeCredential } from '../engine/analysis/credentials/decode';
import { lineStart } from '../engine/edits';
import type { Fix } from '../engine/fix';
import type { StreamAnalysis, StreamDocument } from '../engine/linter';
import { ManifestDocument } from '../engine/model/document';
import { nodeAtPath, type PathSegment, type TextRange } from '../engine/model/nodes';
import { positionInStream } from './locate';

export const DECODED_MARKER = 'kubeward:base64';

export interface CredentialAction {
  direction: 'decode' | 'encode';
  title: string;
  fix: Fix;
}

export interface CredentialValue {
  entry: StreamDocument;
  path: PathSegment[];
  scalar: Scalar;
  value: string;
  /** True when the scalar is a block decoded in place by Kubeward (its header carries the marker). */
  decodedInPlace: boolean;
}

/** The credential scalar at an offset of the stream (on its key or its value), if any. */
export function credentialValueAt(analysis: StreamAnalysis, offset: number): CredentialValue | undefined {
  const position = positionInStream(analysis, offset);
  const target = position?.target;
  if (!position || !target) return undefined;
  const { entry } = position;
  if (!credentialField(entry.document, target.path)) return undefined;
  const node = nodeAtPath(entry.document.root, target.path)?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return { entry, path: target.path, scalar: node, value: node.value, decodedInPlace: isDecodedInPlace(entry.document.text, node) };
}

export function isDecodedInPlace(text: string, scalar: Node): boolean {
  if (!isScalar(scalar) || scalar.type !== Scalar.BLOCK_LITERAL || !scalar.range) return false;
  const header = text.slice(scalar.range[0], text.indexOf('\n', scalar.range[0]) === -1 ? undefined : text.indexOf('\n', scalar.range[0]));
  return new RegExp(`^\\|[-+0-9]*[ \\t]+#[ \\t]*${DECODED_MARKER}[ \\t]*\\r?$`).test(header);
}

export function credentialActions(analysis: StreamAnalysis, range: TextRange): CredentialAction[] {
  const found = credentialValueAt(analysis, range.start);
  if (!found) return [];
  const field = credentialField(found.entry.document, found.path);
  if (field?.form !== 'base64') return [];
  const decoded = found.decodedInPlace ? undefined : decodeCredential(found.value);
  if (found.decodedInPlace || decoded?.encoding === 'pem') {
    const title = 'Encode in place (text → base64)';
    return [{ direction: 'encode', title, fix: { title, safety: 'safe', edits: [encodeEdit(found)] } }];
  }
  if (decoded && (decoded.encoding === 'base64-pem' || decoded.encoding === 'base64-text') && decoded.text !== undefined) {
    const edit = decodeEdit(found, decoded.text);
    if (!edit) return [];
    const title = `Decode in place (base64 → ${decoded.encoding === 'base64-pem' ? 'PEM' : 'text'})`;
    return [{ direction: 'decode', title, fix: { title, safety: 'unsafe', edits: [edit] } }];
  }
  return [];
}

function encodeEdit(found: CredentialValue): { start: number; end: number; newText: string } {
  const [start, end] = found.scalar.range ?? [0, 0];
  const text = found.entry.document.text;
  const span = text.slice(start, end);
  const encoded = Buffer.from(found.value, 'utf8').toString('base64');
  return { start: found.entry.offset + start, end: found.entry.offset + end, newText: encoded + (/\r?\n$/.test(span) ? (span.endsWith('\r\n') ? '\r\n' : '\n') : '') };
}

/**
 * The literal block that holds `value` exactly, or undefined when YAML cannot (carriage returns, a trailing
 * comment on the line, a flow collection); the edit is checked by parsing the result.
 */
function decodeEdit(found: CredentialValue, value: string): { start: number; end: number; newText: string } | undefined {
  if (value.includes('\r') || value.length === 0) return undefined;
  const text = found.entry.document.text;
  const [start, end] = found.scalar.range ?? [0, 0];
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  if (rest.trim() !== '' || text.slice(start, end).includes('\n')) return undefined;
  const keyColumn = /^[ \t]*(?:-[ \t]+)*/.exec(text.slice(lineStart(text, start)))?.[0].length ?? 0;
  const indent = ' '.repeat(keyColumn + 2);
  const chomp = !value.endsWith('\n') ? '-' : value.endsWith('\n\n') ? '+' : '';
  const lines = (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
  const indicator = /^[ \t]|^$/.test(lines[0]) ? '2' : '';
  const block = `|${indicator}${chomp} # ${DECODED_MARKER}\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}${lineEnd === -1 ? '\n' : ''}`;
  const candidate = text.slice(0, start) + block + text.slice(end);
  const reread = nodeAtPath(new ManifestDocument(candidate).root, found.path)?.value;
  if (!isScalar(reread) || reread.value !== value) return undefined;
  return { start: found.entry.offset + start, end: found.entry.offset + end, newText: block };
}
