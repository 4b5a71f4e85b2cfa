/**
 * What `openssl req -new -config FILE` (OpenSSL 3) does with a configuration: the [req] section's
 * distinguished_name (read from its section when `prompt = no`) and req_extensions, every extension of that
 * section, and the subject alternative names the request will carry. A problem here makes openssl fail; a
 * warning is a setting openssl takes that is probably not what was meant. Values with `$variables` are not judged.
 */
import type { TextRange } from '../../model/nodes';
import type { ConfigEntry, OpensslConfigFile } from '../../model/openssl-config';
import { closest } from '../spelling';
import { addressParts, parseAddress } from '../netpol/ip';

export interface RequestProblem {
  at: TextRange;
  message: string;
}

export interface RequestReading {
  problems: RequestProblem[];
  warnings: { at: TextRange; messageId: 'ignoredReqKey' | 'caRequest' | 'apiserverNames'; data: Record<string, string> }[];
  /** The names the request asks for, as openssl prints them (`DNS:kubernetes`, `IP Address:10.96.0.1`), when known. */
  sans?: string[];
  /** The entry that sets subjectAltName, for the hover. */
  sanEntry?: ConfigEntry;
  commonName?: string;
  /**
   * The subject in the order openssl writes it, when no value is a variable: the distinguished_name section's
   * attributes with `prompt = no`, else the `_default` answers `openssl req -batch` takes (empty ones left out).
   */
  subject?: RequestAttribute[];
  /** Why `openssl req -batch` refuses the `_default` answers of a prompting subject. */
  batchProblem?: string;
  /** keyUsage and extendedKeyUsage of the request section, as written (openssl's names or OIDs). */
  keyUsage?: ExtensionList;
  extendedKeyUsage?: ExtensionList;
  /** The request section's other extensions, and keyUsage or extendedKeyUsage when written with variables, by name. */
  otherExtensions?: string[];
  /** `default_bits` of [req]: the size of the RSA key `openssl req -newkey` makes (2048 when unset). */
  defaultBits?: number;
}

export interface RequestAttribute {
  /** The attribute as openssl names it (`CN`, `organizationName`, …), without an ordering `N.` prefix. */
  attribute: string;
  value: string;
}

export interface ExtensionList {
  values: string[];
  critical: boolean;
}

/** The extensions openssl knows by name (their long and short names), as a request section may set them. */
export const EXTENSION_NAMES = [
  'subjectAltName', 'basicConstraints', 'keyUsage', 'extendedKeyUsage', 'subjectKeyIdentifier', 'authorityKeyIdentifier',
  'issuerAltName', 'crlDistributionPoints', 'authorityInfoAccess', 'subjectInfoAccess', 'certificatePolicies', 'policyMappings',
  'policyConstraints', 'inhibitAnyPolicy', 'nameConstraints', 'noCheck', 'tlsfeature', 'nsComment', 'nsCertType',
  'nsBaseUrl', 'nsRevocationUrl', 'nsCaRevocationUrl', 'nsRenewalUrl', 'nsCaPolicyUrl', 'nsSslServerName', 'freshestCRL',
  'issuingDistributionPoint', 'certificateIssuer', 'subjectDirectoryAttributes',
];
/** openssl's keyUsage names, with the certificates.k8s.io usage each one is. */
export const KEY_USAGE_WORDS: Readonly<Record<string, string>> = {
  digitalSignature: 'digital signature', nonRepudiation: 'content commitment', contentCommitment: 'content commitment', keyEncipherment: 'key encipherment',
  dataEncipherment: 'data encipherment', keyAgreement: 'key agreement', keyCertSign: 'cert sign', cRLSign: 'crl sign', encipherOnly: 'encipher only', decipherOnly: 'decipher only',
};
/** openssl's extendedKeyUsage names, with their OIDs. */
export const EXTENDED_KEY_USAGE_OIDS: Readonly<Record<string, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', codeSigning: '1.3.6.1.5.5.7.3.3', emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8', OCSPSigning: '1.3.6.1.5.5.7.3.9', ipsecIKE: '1.3.6.1.5.5.7.3.17', msCodeInd: '1.3.6.1.4.1.311.2.1.21',
  msCodeCom: '1.3.6.1.4.1.311.2.1.22', msCTLSign: '1.3.6.1.4.1.311.10.3.1', msEFS: '1.3.6.1.4.1.311.10.3.4', anyExtendedKeyUsage: '2.5.29.37.0',
};
/** openssl's subject attribute names, long and short, with their OIDs. */
export const SUBJECT_ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3', commonName: '2.5.4.3', O: '2.5.4.10', organizationName: '2.5.4.10', OU: '2.5.4.11', organizationalUnitName: '2.5.4.11',
  C: '2.5.4.6', countryName: '2.5.4.6', ST: '2.5.4.8', stateOrProvinceName: '2.5.4.8', L: '2.5.4.7', localityName: '2.5.4.7',
  emailAddress: '1.2.840.113549.1.9.1', serialNumber: '2.5.4.5', DC: '0.9.2342.19200300.100.1.25', domainComponent: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1', userId: '0.9.2342.19200300.100.1.1', title: '2.5.4.12', name: '2.5.4.41', givenName: '2.5.4.42', GN: '2.5.4.42',
  surname: '2.5.4.4', SN: '2.5.4.4', initials: '2.5.4.43', street: '2.5.4.9', postalCode: '2.5.4.17', description: '2.5.4.13',
};
const KEY_USAGES = Object.keys(KEY_USAGE_WORDS);
const EXTENDED_KEY_USAGES = Object.keys(EXTENDED_KEY_USAGE_OIDS);
const DN_ATTRIBUTES = Object.keys(SUBJECT_ATTRIBUTE_OIDS);
const REQ_KEYS = ['default_bits', 'default_keyfile', 'distinguished_name', 'attributes', 'x509_extensions', 'req_extensions', 'string_mask', 'utf8', 'prompt', 'encrypt_key', 'encrypt_rsa_key', 'default_md', 'dirstring_type', 'input_password', 'output_password', 'oid_file', 'oid_section', 'RANDFILE', 'copy_extensions'];
/** The general-name types of subjectAltName, with the words openssl prints them with. */
const NAME_TYPES: Record<string, string> = { DNS: 'DNS', IP: 'IP Address', email: 'email', URI: 'URI', RID: 'Registered ID' };
export const APISERVER_NAMES = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];

export function readRequestConfig(file: OpensslConfigFile): RequestReading {
  const reading: RequestReading = { problems: [], warnings: [] };
  const problem = (at: TextRange, message: string) => reading.problems.push({ at, message });
  const req = file.section('req');
  const whole = { start: 0, end: Math.min(file.text.indexOf('\n') === -1 ? file.text.length : file.text.indexOf('\n'), file.text.length) };
  for (const entry of req?.entries ?? []) {
    if (REQ_KEYS.includes(entry.name)) continue;
    const suggestion = closest(entry.name, REQ_KEYS);
    if (suggestion) reading.warnings.push({ at: entry.nameRange, messageId: 'ignoredReqKey', data: { name: entry.name, suggestion } });
  }
  const bits = file.value('req', 'default_bits');
  if (bits && /^\d+$/.test(bits.value)) reading.defaultBits = Number(bits.value);
  const dnName = file.value('req', 'distinguished_name');
  if (!dnName) problem(req?.headerRange ?? whole, 'openssl req needs distinguished_name in [req], the section of the subject');
  else if (!dnName.dynamic) {
    const dn = file.section(dnName.value);
    if (!dn) problem(dnName.valueRange, `names the section [${dnName.value}], which the file does not have`);
    else if (file.value('req', 'prompt')?.value === 'no') readSubject(lastOfEachName(dn.entries), dnName, reading, problem);
    else batchAnswers(dn.entries, reading);
  }
  // openssl req checks the x509 extension section even when it writes a request rather than a certificate.
  const x509 = file.value('req', 'x509_extensions');
  if (x509 && !x509.dynamic && !file.section(x509.value)) problem(x509.valueRange, `x509_extensions names the section [${x509.value}], which the file does not have`);
  const extensionsName = file.value('req', 'req_extensions');
  if (!extensionsName) {
    if (reading.problems.length > 0) return reading;
    return withApiserverNames({ ...reading, sans: [] }, req?.headerRange ?? whole);
  }
  if (extensionsName.dynamic) return reading;
  const extensions = file.section(extensionsName.value);
  if (!extensions) {
    problem(extensionsName.valueRange, `names the section [${extensionsName.value}], which the file does not have`);
    return reading;
  }
  let sans: string[] | undefined = [];
  for (const entry of lastOfEachName(extensions.entries)) {
    if (!EXTENSION_NAMES.includes(entry.name)) {
      const suggestion = closest(entry.name, EXTENSION_NAMES);
      problem(entry.nameRange, `"${entry.name}" is not an extension openssl knows${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
      continue;
    }
    if (entry.dynamic) {
      if (entry.name === 'subjectAltName') sans = undefined;
      else (reading.otherExtensions ??= []).push(entry.name);
      continue;
    }
    const values = entry.value.split(',').map((part) => part.trim());
    if (entry.name === 'subjectAltName') {
      reading.sanEntry = entry;
      const names = subjectAltNames(file, entry, problem);
      sans = names && sans ? [...sans, ...names] : undefined;
    } else if (entry.name === 'keyUsage') {
      checkList(entry, values, KEY_USAGES, problem);
      reading.keyUsage = extensionList(values);
    } else if (entry.name === 'extendedKeyUsage') {
      checkList(entry, values, EXTENDED_KEY_USAGES, problem, true);
      reading.extendedKeyUsage = extensionList(values);
    } else if (entry.name === 'basicConstraints') {
      for (const value of values) {
        if (!/^(critical|CA:(TRUE|true|Y|y|YES|yes|FALSE|false|N|n|NO|no)|pathlen:\d+)$/.test(value)) problem(entry.valueRange, `"${value}" is not a basicConstraints setting (CA:TRUE, CA:FALSE, pathlen:N, critical)`);
      }
      const cn = reading.commonName ?? '';
      if (values.some((value) => /^CA:(TRUE|true|Y|y|YES|yes)$/.test(value)) && !/(^|[-_ ])ca$/i.test(cn)) reading.warnings.push({ at: entry.valueRange, messageId: 'caRequest', data: { cn: cn || 'no common name' } });
    }
    if (!['subjectAltName', 'keyUsage', 'extendedKeyUsage'].includes(entry.name)) (reading.otherExtensions ??= []).push(entry.name);
  }
  if (reading.problems.length > 0) return reading;
  return withApiserverNames({ ...reading, sans }, reading.sanEntry?.valueRange ?? extensionsName.valueRange);
}

/** For a kube-apiserver request (by its CN or the names it asks for), the kubernetes.default names it lacks. */
function withApiserverNames(reading: RequestReading, at: TextRange): RequestReading {
  const sans = reading.sans;
  if (!sans || !(reading.commonName === 'kube-apiserver' || sans.some((name) => APISERVER_NAMES.some((known) => name === `DNS:${known}`)))) return reading;
  const missing = APISERVER_NAMES.filter((known) => !sans.includes(`DNS:${known}`));
  if (missing.length > 0) reading.warnings.push({ at, messageId: 'apiserverNames', data: { missing: missing.join(', ') } });
  return reading;
}

/** openssl keeps the last entry of a name within an extension section. */
function lastOfEachName(entries: readonly ConfigEntry[]): ConfigEntry[] {
  return entries.filter((entry, index) => !entries.slice(index + 1).some((later) => later.name === entry.name));
}

function extensionList(values: readonly string[]): ExtensionList {
  return { values: values.filter((value) => value !== 'critical'), critical: values.includes('critical') };
}

/**
 * The subject `openssl req -batch` writes from a prompting section: each field (the last of a name, in its place)
 * with its `_default` answer, an empty answer leaving the field out; or why openssl refuses those answers. A user
 * who answers the prompts may type others, so this is the plan's concern, not a finding.
 */
function batchAnswers(entries: readonly ConfigEntry[], reading: RequestReading): void {
  const answers: RequestAttribute[] = [];
  const named = (name: string) => entries.filter((candidate) => candidate.name === name).at(-1);
  for (const entry of lastOfEachName(entries)) {
    if (/_(default|min|max|value)$/.test(entry.name)) continue;
    const answer = named(`${entry.name}_default`);
    if (answer?.dynamic) return;
    if (!answer || answer.value === '') continue;
    const attribute = fieldAttribute(entry.name);
    const [least, most] = [named(`${entry.name}_min`), named(`${entry.name}_max`)].map((limit) => (limit && /^\d+$/.test(limit.value) ? Number(limit.value) : undefined));
    const length = [...answer.value].length;
    const refusal = (least !== undefined && least > 0 && length < least) || (most !== undefined && length > most) ? `the answer to ${entry.name} is outside ${entry.name}_min and ${entry.name}_max` : valueProblem(attribute, answer.value);
    if (refusal) {
      reading.batchProblem = `${refusal} (in its _default answer)`;
      return;
    }
    answers.push({ attribute, value: answer.value });
  }
  if (answers.length === 0) reading.batchProblem = 'no field of the subject has a _default answer, so openssl req -batch has no subject to write';
  reading.subject = answers;
  reading.commonName = answers.filter((answer) => answer.attribute === 'CN' || answer.attribute === 'commonName').at(-1)?.value;
}

/** The attribute a subject field names: openssl skips what comes before a first dot (`0.O`, `extra.OU`), so that one attribute can be written twice. */
function fieldAttribute(name: string): string {
  const dot = name.indexOf('.');
  return dot !== -1 && dot < name.length - 1 ? name.slice(dot + 1) : name;
}

/**
 * The character counts openssl allows a subject attribute (its ASN.1 string table: a country is two letters, other
 * names have RFC 5280's upper bounds).
 */
const LENGTH_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  C: [2, 2], countryName: [2, 2], CN: [1, 64], commonName: [1, 64], O: [1, 64], organizationName: [1, 64], OU: [1, 64], organizationalUnitName: [1, 64],
  L: [1, 128], localityName: [1, 128], ST: [1, 128], stateOrProvinceName: [1, 128], emailAddress: [1, 128], serialNumber: [1, 64],
};

/** Why openssl refuses a value of a subject attribute. */
function valueProblem(attribute: string, value: string): string | undefined {
  if (value === '') return `${attribute} is empty, which openssl refuses`;
  const [least, most] = LENGTH_LIMITS[attribute] ?? [1, Infinity];
  const length = [...value].length;
  if (least === most && length !== most) return most === 2 ? 'a country is two letters' : `${attribute} has exactly ${most} characters`;
  if (length > most) return `${attribute} is longer than the ${most} characters openssl allows`;
  return length < least ? `${attribute} is shorter than openssl allows` : undefined;
}

/** The subject from the distinguished_name section when prompt = no: known attributes, non-empty values. */
function readSubject(entries: readonly ConfigEntry[], dnName: ConfigEntry, reading: RequestReading, problem: (at: TextRange, message: string) => void): void {
  if (entries.length === 0) problem(dnName.valueRange, `[${dnName.value}] holds no attribute, and with prompt = no openssl has no subject to write`);
  let subject: RequestAttribute[] | undefined = [];
  for (const entry of entries) {
    const attribute = fieldAttribute(entry.name);
    if (!DN_ATTRIBUTES.includes(attribute)) {
      const suggestion = closest(attribute, DN_ATTRIBUTES);
      problem(entry.nameRange, `"${attribute}" is not a subject attribute openssl knows${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    } else if (!entry.dynamic) {
      const refusal = valueProblem(attribute, entry.value);
      if (refusal) problem(entry.valueRange, refusal);
    }
    if (attribute === 'CN' || attribute === 'commonName') reading.commonName = entry.value;
    if (subject && !entry.dynamic) subject.push({ attribute, value: entry.value });
    else subject = undefined;
  }
  if (subject) reading.subject = subject;
}

function checkList(entry: ConfigEntry, values: string[], known: readonly string[], problem: (at: TextRange, message: string) => void, oids = false): void {
  for (const value of values) {
    if (value === 'critical' || known.includes(value) || (oids && /^\d+(\.\d+)+$/.test(value))) continue;
    const suggestion = closest(value, known);
    problem(entry.valueRange, `"${value}" is not ${/^[aeiou]/i.test(entry.name) ? 'an' : 'a'} ${entry.name} openssl knows${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
  }
}

/** The names of a subjectAltName value (inline `DNS:a, IP:b` or `@section`), or undefined when one is dynamic. */
function subjectAltNames(file: OpensslConfigFile, entry: ConfigEntry, problem: (at: TextRange, message: string) => void): string[] | undefined {
  const names: string[] = [];
  let known = true;
  const parts = entry.value.split(',').map((part) => part.trim());
  for (const part of parts) {
    if (part === '') {
      problem(entry.valueRange, 'holds an empty name (a comma too many?)');
      continue;
    }
    if (part.startsWith('@')) {
      const section = file.section(part.slice(1));
      if (!section) {
        problem(entry.valueRange, `names the section [${part.slice(1)}], which the file does not have`);
        continue;
      }
      // A name written twice in the section keeps its last value, in the later place.
      for (const name of lastOfEachName(section.entries)) {
        const read = name.dynamic ? { unknown: true as const } : generalName(name.name.split('.')[0], name.value, true);
        if ('problem' in read) problem(name.nameRange, read.problem);
        else if ('unknown' in read) known = false;
        else names.push(read.name);
      }
      continue;
    }
    const colon = part.indexOf(':');
    const read = colon === -1 ? { problem: `"${part}" is not TYPE:value` } : generalName(part.slice(0, colon), part.slice(colon + 1));
    if ('problem' in read) problem(entry.valueRange, read.problem);
    else if ('unknown' in read) known = false;
    else names.push(read.name);
  }
  return known ? names : undefined;
}

/**
 * A name as openssl prints it, a problem that makes openssl fail, or unknown (names this reading does not
 * render). An empty value is refused inline (`DNS:`), but written into the request from a section (`DNS.1 =`).
 */
function generalName(type: string, value: string, fromSection = false): { name: string } | { problem: string } | { unknown: true } {
  if (type === 'dirName' || type === 'otherName' || (type === 'email' && value === 'copy')) return { unknown: true };
  const printed = NAME_TYPES[type];
  if (!printed) return { problem: `"${type}" is not a kind of name openssl knows (DNS, IP, email, URI, RID, dirName, otherName)` };
  if (value === '' && (!fromSection || type === 'IP' || type === 'RID')) return { problem: `the ${type} name is empty` };
  if (type === 'IP') {
    const address = parseAddress(value);
    if (!address) return { problem: `"${value}" is not an IP address` };
    return { name: `IP Address:${printedAddress(address)}` };
  }
  return { name: `${printed}:${value}` };
}

/** An address as openssl prints it: IPv4 in decimal, IPv6 as eight upper-case groups without leading zeros. */
function printedAddress(address: { family: 4 | 6; value: bigint }): string {
  return addressParts(address.family, address.value).map((part) => part.toUpperCase()).join(address.family === 4 ? '.' : ':');
}
