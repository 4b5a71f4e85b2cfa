/**
 * On a credential value (CSR `spec.request` and `status.certificate`, kubeconfig `*-data`, Secret data,
 * `caBundle`): what is inside. Certificates show the user and groups Kubernetes reads from them, issuer, serial,
 * validity against now, SANs, key, usages and fingerprint; bundles one line per certificate; requests their
 * subject, SANs, key and whether the signature verifies; private keys their type and size only. Other Secret
 * data is shown decoded and redacted, or as a length.
 */
import type { PemFile } from '../../engine/model/pem-file';
import type { TextRange } from '../../engine/model/nodes';
import { describeEncoding } from '../../engine/analysis/credentials/decode';
import { credentialField, type CredentialField } from '../../engine/analysis/credentials/fields';
import { isSensitiveName, redact } from '../../engine/analysis/credentials/redact';
import {
  describeValidity,
  inspectCredential,
  type CertificateInfo,
  type CertificateRequestInfo,
  type CredentialItem,
  type CredentialReport,
  type DistinguishedName,
  type KeyInfo,
} from '../../engine/analysis/credentials/x509';
import { PULL_SECRET_KEYS, registryLogins, type PullSecretType } from '../../engine/analysis/credentials/docker-config';
import { credentialValueAt } from '../credential-actions';
import { inlineCode as code } from './inline-code';
import { describePullCredentials } from './pull-secrets';
import type { HoverProvider } from './index';

const SHOWN_TEXT = 80;

const PULL_SECRET_TYPES_BY_KEY = new Map(Object.entries(PULL_SECRET_KEYS).map(([type, key]) => [key as string, type as PullSecretType]));

function date(value: Date): string {
  return Number.isNaN(value.getTime()) ? 'unknown' : `${value.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function identity(name: DistinguishedName): string {
  const user = name.commonName !== undefined ? `user (CN) ${code(name.commonName)}` : 'no CN (no user name)';
  const groups = name.organizations.length > 0 ? `groups (O) ${name.organizations.map(code).join(', ')}` : 'no groups (O)';
  return `${user}; ${groups}`;
}

function keyLine(key: KeyInfo): string {
  return key.weakness ? `${key.label} ⚠ ${key.weakness}` : key.label;
}

function usages(item: { keyUsages?: string[]; extendedKeyUsages?: string[] }): string {
  const basic = item.keyUsages ? item.keyUsages.join(', ') || 'none' : 'no key usage extension';
  const extended = item.extendedKeyUsages ? item.extendedKeyUsages.join(', ') || 'none' : 'no extended key usage extension';
  return `${basic}; extended: ${extended}`;
}

function certificateSection(certificate: CertificateInfo, now: Date): string {
  return [
    `Certificate ${code(certificate.subject.text || '(empty subject)')}`,
    `- Subject: ${identity(certificate.subject)}`,
    `- Issuer: ${code(certificate.issuer.text || '(empty)')}${certificate.selfSigned ? ' (self-signed)' : ''}`,
    `- Serial: ${code(certificate.serial)}`,
    `- Valid ${date(certificate.notBefore)} to ${date(certificate.notAfter)}: ${describeValidity(certificate, now)}`,
    `- SANs: ${certificate.sans.length > 0 ? certificate.sans.join(', ') : 'none'}`,
    `- Key: ${keyLine(certificate.key)}`,
    `- Usages: ${usages(certificate)}`,
    `- CA: ${certificate.isCA ? 'yes' : 'no'}`,
    `- SHA-256: ${code(certificate.fingerprint256)}`,
  ].join('\n');
}

function certificateLine(certificate: CertificateInfo, now: Date): string {
  const ca = certificate.isCA ? ' · CA' : '';
  return `${code(certificate.subject.text || '(empty subject)')} issued by ${code(certificate.issuer.text || '(empty)')} · ${describeValidity(certificate, now)} · ${keyLine(certificate.key)}${ca}`;
}

function requestSection(request: CertificateRequestInfo): string {
  const signature = request.signatureValid === undefined
    ? `not checked (${request.signatureAlgorithm} is not supported)`
    : request.signatureValid ? `valid (${request.signatureAlgorithm})` : `**invalid** (${request.signatureAlgorithm}): the request was altered or signed with another key`;
  const lines = [
    `Certificate request ${code(request.subject.text || '(empty subject)')}`,
    `- Subject: ${identity(request.subject)}`,
    `- SANs: ${request.sans.length > 0 ? request.sans.join(', ') : 'none'}`,
    `- Key: ${keyLine(request.key)}`,
  ];
  if (request.keyUsages || request.extendedKeyUsages) lines.push(`- Requested usages: ${usages(request)}`);
  lines.push(`- Signature: ${signature}`);
  return lines.join('\n');
}

function itemSection(item: CredentialItem, now: Date): string {
  if (item.certificate) return certificateSection(item.certificate, now);
  if (item.request) return requestSection(item.request);
  if (item.privateKey) return `Private key: ${keyLine(item.privateKey)}`;
  return item.problem ?? 'Unreadable.';
}

function itemLine(item: CredentialItem, now: Date): string {
  if (item.certificate) return certificateLine(item.certificate, now);
  if (item.request) return `Certificate request ${code(item.request.subject.text)}`;
  if (item.privateKey) return `Private key: ${keyLine(item.privateKey)}`;
  return item.problem ?? 'Unreadable.';
}

function otherData(report: CredentialReport, field: CredentialField): string {
  const { decoded } = report;
  const bytes = `${decoded.bytes.length} byte${decoded.bytes.length === 1 ? '' : 's'}`;
  if (decoded.text === undefined) return `${bytes} of binary data.`;
  const pullType = PULL_SECRET_TYPES_BY_KEY.get(field.dataKey ?? '');
  if (pullType) return `${bytes} of pull credentials. ${describePullCredentials(registryLogins(decoded.text, pullType))}`;
  if (field.dataKey !== undefined && isSensitiveName(field.dataKey)) return `${bytes} of text, not shown: the key name says it is a secret.`;
  const shortened = decoded.text.length > SHOWN_TEXT ? `${decoded.text.slice(0, SHOWN_TEXT)}…` : decoded.text;
  return `${bytes} of text: ${code(redact(shortened))}`;
}

/** The Markdown for a credential value; `now` decides the validity wording. */
export function describeCredential(report: CredentialReport, field: CredentialField, now: Date, decodedInPlace = false): string {
  const { decoded, items } = report;
  const encoding = decodedInPlace ? 'decoded in place by Kubeward; encode it before applying' : describeEncoding(decoded.encoding);
  const head = `**${field.label.charAt(0).toUpperCase()}${field.label.slice(1)}** · ${encoding}`;
  if (decoded.encoding === 'invalid') return `${head}\n\n${decoded.problem ?? 'Not readable.'}`;
  const note = decoded.problem && !decodedInPlace && items.length > 0 ? `\n\n⚠ ${decoded.problem}` : '';
  if (items.length === 0) {
    if (decoded.problem && decoded.text === undefined) return `${head}\n\n${decoded.problem}`;
    if (field.dataKey === undefined && decoded.problem) return `${head}\n\n${decoded.problem}`;
    return `${head}\n\n${otherData(report, field)}`;
  }
  if (items.length === 1) return `${head}${note}\n\n${itemSection(items[0], now)}`;
  const certificates = items.filter((item) => item.certificate).length;
  const summary = certificates === items.length ? `${items.length} certificates` : `${items.length} PEM blocks`;
  return `${head} · ${summary}${note}\n\n${items.map((item, index) => `${index + 1}. ${itemLine(item, now)}`).join('\n')}`;
}

export const credentialsHover: HoverProvider = {
  id: 'credentials',
  provide({ analysis, offset, now }) {
    const found = credentialValueAt(analysis, offset);
    if (!found) return undefined;
    const field = credentialField(found.entry.document, found.path);
    if (!field) return undefined;
    const report = inspectCredential(found.value, found.decodedInPlace ? 'text' : field.form);
    const [start, end] = found.scalar.range ?? [0, 0];
    return {
      markdown: describeCredential(report, field, now ?? new Date(), found.decodedInPlace),
      range: { start: found.entry.offset + start, end: found.entry.offset + end },
    };
  },
};

function wrapPem(type: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----`;
}

function itemDetails(item: CredentialItem, report: CredentialReport, now: Date): string[] {
  const indent = (lines: string[]) => lines.map((line) => `    ${line}`);
  const pem = (type: string) => {
    if (item.block && report.decoded.pem !== undefined) return report.decoded.pem.slice(item.block.start, item.block.end);
    return wrapPem(type, report.decoded.bytes);
  };
  const usageLines = (value: { keyUsages?: string[]; extendedKeyUsages?: string[] }) => [
    `Key Usage: ${value.keyUsages ? value.keyUsages.join(', ') || 'none' : '(no extension)'}`,
    `Extended Key Usage: ${value.extendedKeyUsages ? value.extendedKeyUsages.join(', ') || 'none' : '(no extension)'}`,
  ];
  if (item.certificate) {
    const certificate = item.certificate;
    return [
      'Certificate:',
      ...indent([
        `Subject: ${certificate.subject.text}`,
        `    Kubernetes user (CN): ${certificate.subject.commonName ?? '(none)'}`,
        `    Kubernetes groups (O): ${certificate.subject.organizations.join(', ') || '(none)'}`,
        `Issuer: ${certificate.issuer.text}${certificate.selfSigned ? ' (self-signed)' : ''}`,
        `Serial Number: ${certificate.serial}`,
        'Validity',
        `    Not Before: ${date(certificate.notBefore)}`,
        `    Not After : ${date(certificate.notAfter)} (${describeValidity(certificate, now)})`,
        `Subject Alternative Names: ${certificate.sans.join(', ') || '(none)'}`,
        `Public Key: ${keyLine(certificate.key)}`,
        ...usageLines(certificate),
        `CA: ${certificate.isCA ? 'TRUE' : 'FALSE'}`,
        `Signature Algorithm: ${certificate.signatureAlgorithm}`,
        `SHA-256 Fingerprint: ${certificate.fingerprint256}`,
      ]),
      pem('CERTIFICATE'),
    ];
  }
  if (item.request) {
    const request = item.request;
    return [
      'Certificate Request:',
      ...indent([
        `Subject: ${request.subject.text}`,
        `    Kubernetes user (CN): ${request.subject.commonName ?? '(none)'}`,
        `    Kubernetes groups (O): ${request.subject.organizations.join(', ') || '(none)'}`,
        `Subject Alternative Names: ${request.sans.join(', ') || '(none)'}`,
        `Public Key: ${keyLine(request.key)}`,
        ...usageLines(request),
        `Signature Algorithm: ${request.signatureAlgorithm}`,
        `Signature: ${request.signatureValid === undefined ? 'not checked' : request.signatureValid ? 'valid' : 'INVALID'}`,
      ]),
      pem('CERTIFICATE REQUEST'),
    ];
  }
  // A private key: its type and size, never its content.
  if (item.privateKey) return ['Private Key:', ...indent([`Type: ${keyLine(item.privateKey)}`, '(content not shown)'])];
  return [`Unreadable: ${item.problem ?? 'unknown content'}`];
}

/**
 * A read-only description of every certificate, request and key in the credential value at an offset, in the
 * manner of `openssl x509 -text`; undefined when there is no credential value there.
 */
export function certificateDetails(analysis: Parameters<typeof credentialValueAt>[0], offset: number, now: Date): string | undefined {
  const found = credentialValueAt(analysis, offset);
  if (!found) return undefined;
  const field = credentialField(found.entry.document, found.path);
  if (!field) return undefined;
  const report = inspectCredential(found.value, found.decodedInPlace ? 'text' : field.form);
  return reportDetails(`# ${field.label} (${found.decodedInPlace ? 'decoded in place' : describeEncoding(report.decoded.encoding)})`, report, now);
}

/** The hover on a block of a PEM file: what the block holds, as on an embedded certificate. */
export function pemHover(file: PemFile, offset: number, now: Date): { markdown: string; range: TextRange } | undefined {
  const item = file.items.find((candidate) => candidate.range.start <= offset && offset <= candidate.range.end);
  if (!item) return undefined;
  return { markdown: itemSection(item, now), range: item.range };
}

/** The same description for the PEM text of a file (`.crt`, `.pem`, `.csr`, `.key`), under the file's name. */
export function pemFileDetails(name: string, text: string, now: Date): string {
  return reportDetails(`# ${name}`, inspectCredential(text, 'text'), now);
}

function reportDetails(head: string, report: CredentialReport, now: Date): string {
  if (report.items.length === 0) return `${head}\n\n${report.decoded.problem ?? 'No certificate, request or key in this value.'}\n`;
  const sections = report.items.map((item, index) => [report.items.length > 1 ? `## ${index + 1} of ${report.items.length}` : '', ...itemDetails(item, report, now)].filter(Boolean).join('\n'));
  return `${head}\n\n${sections.join('\n\n')}\n`;
}
