/**
 * What `openssl req -new -config FILE` (OpenSSL 3) does with a configuration: the [req] section's
 * distinguished_name (read from its section when `prompt = no`) and req_extensions, every extension of that
 * section, and the subject alternative names the request will carry. A problem here makes openssl fail; a
 * warning is a setting openssl takes that is probably not what was meant. Values with `$variables` are not judged.
 */
import type { TextRange } from '../../model/nodes';
import type { ConfigEntry, OpensslConfigFile } from '../../model/openssl-config';
import { closest } from '../spelling';
import { parseAddress } from '../netpol/ip';

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
}

/** The extensions openssl knows by name (their long and short names), as a request section may set them. */
export const EXTENSION_NAMES = [
  'subjectAltName', 'basicConstraints', 'keyUsage', 'extendedKeyUsage', 'subjectKeyIdentifier', 'authorityKeyIdentifier',
  'issuerAltName', 'crlDistributionPoints', 'authorityInfoAccess', 'subjectInfoAccess', 'certificatePolicies', 'policyMappings',
  'policyConstraints', 'inhibitAnyPolicy', 'nameConstraints', 'noCheck', 'tlsfeature', 'nsComment', 'nsCertType',
  'nsBaseUrl', 'nsRevocationUrl', 'nsCaRevocationUrl', 'nsRenewalUrl', 'nsCaPolicyUrl', 'nsSslServerName', 'freshestCRL',
  'issuingDistributionPoint', 'certificateIssuer', 'subjectDirectoryAttributes',
];
const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'contentCommitment', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
const EXTENDED_KEY_USAGES = ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning', 'ipsecIKE', 'msCodeInd', 'msCodeCom', 'msCTLSign', 'msEFS', 'anyExtendedKeyUsage'];
const DN_ATTRIBUTES = ['CN', 'commonName', 'O', 'organizationName', 'OU', 'organizationalUnitName', 'C', 'countryName', 'ST', 'stateOrProvinceName', 'L', 'localityName', 'emailAddress', 'serialNumber', 'DC', 'domainComponent', 'UID', 'userId', 'title', 'name', 'givenName', 'GN', 'surname', 'SN', 'initials', 'street', 'postalCode', 'description'];
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
  const dnName = file.value('req', 'distinguished_name');
  if (!dnName) problem(req?.headerRange ?? whole, 'openssl req needs distinguished_name in [req], the section of the subject');
  else if (!dnName.dynamic) {
    const dn = file.section(dnName.value);
    if (!dn) problem(dnName.valueRange, `names the section [${dnName.value}], which the file does not have`);
    else if (file.value('req', 'prompt')?.value === 'no') readSubject(lastOfEachName(dn.entries), dnName, reading, problem);
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
      continue;
    }
    const values = entry.value.split(',').map((part) => part.trim());
    if (entry.name === 'subjectAltName') {
      reading.sanEntry = entry;
      const names = subjectAltNames(file, entry, problem);
      sans = names && sans ? [...sans, ...names] : undefined;
    } else if (entry.name === 'keyUsage') checkList(entry, values, KEY_USAGES, problem);
    else if (entry.name === 'extendedKeyUsage') checkList(entry, values, EXTENDED_KEY_USAGES, problem, true);
    else if (entry.name === 'basicConstraints') {
      for (const value of values) {
        if (!/^(critical|CA:(TRUE|true|Y|y|YES|yes|FALSE|false|N|n|NO|no)|pathlen:\d+)$/.test(value)) problem(entry.valueRange, `"${value}" is not a basicConstraints setting (CA:TRUE, CA:FALSE, pathlen:N, critical)`);
      }
      const cn = reading.commonName ?? '';
      if (values.some((value) => /^CA:(TRUE|true|Y|y|YES|yes)$/.test(value)) && !/(^|[-_ ])ca$/i.test(cn)) reading.warnings.push({ at: entry.valueRange, messageId: 'caRequest', data: { cn: cn || 'no common name' } });
    }
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

/** The subject from the distinguished_name section when prompt = no: known attributes, non-empty values. */
function readSubject(entries: readonly ConfigEntry[], dnName: ConfigEntry, reading: RequestReading, problem: (at: TextRange, message: string) => void): void {
  if (entries.length === 0) problem(dnName.valueRange, `[${dnName.value}] holds no attribute, and with prompt = no openssl has no subject to write`);
  for (const entry of entries) {
    // A leading "N." only orders repeated attributes.
    const attribute = entry.name.replace(/^\d+\./, '');
    if (!DN_ATTRIBUTES.includes(attribute)) {
      const suggestion = closest(attribute, DN_ATTRIBUTES);
      problem(entry.nameRange, `"${attribute}" is not a subject attribute openssl knows${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    } else if (entry.dynamic) continue;
    else if (entry.value === '') problem(entry.valueRange, `${attribute} is empty, which openssl refuses`);
    else if ((attribute === 'C' || attribute === 'countryName') && entry.value.length !== 2) problem(entry.valueRange, 'a country is two letters');
    if (attribute === 'CN' || attribute === 'commonName') reading.commonName = entry.value;
  }
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
  if (address.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.');
  return Array.from({ length: 8 }, (_, index) => ((address.value >> BigInt((7 - index) * 16)) & 0xffffn).toString(16).toUpperCase()).join(':');
}
