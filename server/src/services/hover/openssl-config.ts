/**
 * Hovers in openssl configuration files: on subjectAltName, the names the request will carry, as openssl prints
 * them; on another extension or [req] setting, what openssl does with it.
 */
import { readRequestConfig } from '../../engine/analysis/pki/openssl-request';
import type { TextRange } from '../../engine/model/nodes';
import type { OpensslConfigFile } from '../../engine/model/openssl-config';
import { inlineCode } from './inline-code';

const WHAT_IT_DOES: Readonly<Record<string, string>> = {
  distinguished_name: 'names the section the subject is read from (with `prompt = no`) or prompted by',
  req_extensions: 'names the section of extensions `openssl req -new` puts in the request; a signer copies them only if it is told to',
  x509_extensions: 'names the section of extensions `openssl req -x509` writes into a self-signed certificate',
  prompt: '`no` reads the subject from the distinguished_name section instead of asking',
  basicConstraints: 'says whether the certificate is a CA (`CA:TRUE`) and how long a chain it may sign (`pathlen`)',
  keyUsage: 'limits what the key may do: `digitalSignature` and `keyEncipherment` for TLS, `keyCertSign` for a CA',
  extendedKeyUsage: '`serverAuth` for a serving certificate, `clientAuth` for a client certificate (Kubernetes components often need both)',
  subjectKeyIdentifier: 'adds an identifier of the public key, which certificates it signs point back to',
  authorityKeyIdentifier: "points to the issuer's key; it needs the issuer, so it belongs in x509_extensions, not in a request",
};

export function opensslConfigHover(file: OpensslConfigFile, offset: number): { markdown: string; range: TextRange } | undefined {
  const entry = file.sections.flatMap((section) => section.entries).find((candidate) => candidate.nameRange.start <= offset && offset <= candidate.valueRange.end);
  if (!entry) return undefined;
  const range = { start: entry.nameRange.start, end: entry.valueRange.end };
  if (entry.name === 'subjectAltName') {
    const { sans, sanEntry } = readRequestConfig(file);
    if (sanEntry === entry && sans) return { markdown: `**subjectAltName**: the request asks for ${sans.length === 0 ? 'no names' : sans.map(inlineCode).join(', ')}.`, range };
    return { markdown: '**subjectAltName**: the names the certificate is valid for (its `CN` is not used by TLS clients).', range };
  }
  const what = WHAT_IT_DOES[entry.name];
  return what ? { markdown: `**${entry.name}** ${what}.`, range } : undefined;
}
