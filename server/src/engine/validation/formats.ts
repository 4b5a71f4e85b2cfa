/**
 * The string formats kube-apiserver checks names, labels and keys against (apimachinery's util/validation and
 * api/validate/content, v1.36). Each check returns what is wrong, in Kubeward's words, or nothing when the value
 * is valid. Lengths are counted in bytes of UTF-8, as Go's len() counts them.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DNS_LABEL_MAX = 63;
export const DNS_SUBDOMAIN_MAX = 253;
const LABEL_MAX = 63;

/** The length of a string in UTF-8 bytes. */
export function byteLength(value: string): number {
  let bytes = 0;
  for (const character of value) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Problems of a value, joined the way one finding says them. */
export type Problems = string[];

export function dnsLabelProblems(value: string): Problems {
  const problems: Problems = [];
  if (byteLength(value) > DNS_LABEL_MAX) problems.push(`is longer than ${DNS_LABEL_MAX} characters`);
  if (!DNS_LABEL.test(value)) {
    problems.push(
      DNS_SUBDOMAIN.test(value)
        ? 'may not contain dots'
        : "must be lower-case letters, digits and '-', starting and ending with a letter or digit (a DNS label such as my-name)",
    );
  }
  return problems;
}

export function dnsSubdomainProblems(value: string): Problems {
  const problems: Problems = [];
  if (byteLength(value) > DNS_SUBDOMAIN_MAX) problems.push(`is longer than ${DNS_SUBDOMAIN_MAX} characters`);
  if (!DNS_SUBDOMAIN.test(value)) {
    problems.push("must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (a DNS subdomain such as example.com)");
  }
  return problems;
}

export function dns1035LabelProblems(value: string): Problems {
  const problems: Problems = [];
  if (byteLength(value) > DNS_LABEL_MAX) problems.push(`is longer than ${DNS_LABEL_MAX} characters`);
  if (!DNS_1035_LABEL.test(value)) problems.push("must be lower-case letters, digits and '-', starting with a letter and ending with a letter or digit");
  return problems;
}

/** A name that is used as one segment of a URL path (RBAC objects, and every object on top of its own rule). */
export function pathSegmentProblems(value: string): Problems {
  if (value === '.' || value === '..') return [`may not be "${value}"`];
  return ['/', '%'].filter((character) => value.includes(character)).map((character) => `may not contain "${character}"`);
}

/** A label key, annotation key or finalizer: an optional DNS subdomain prefix and '/', then a name. */
export function qualifiedNameProblems(value: string): Problems {
  const problems: Problems = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return ["may contain at most one '/', between an optional DNS subdomain prefix and the name (such as example.com/my-name)"];
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') problems.push("has an empty prefix before '/'");
    else problems.push(...dnsSubdomainProblems(prefix).map((problem) => `has a prefix that ${problem}`));
  }
  if (name === '') problems.push('has an empty name');
  else if (byteLength(name) > LABEL_MAX) problems.push(`has a name longer than ${LABEL_MAX} characters`);
  if (!LABEL_NAME.test(name)) {
    problems.push("has a name that must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
  }
  return problems;
}

export function labelValueProblems(value: string): Problems {
  const problems: Problems = [];
  if (byteLength(value) > LABEL_MAX) problems.push(`is longer than ${LABEL_MAX} characters`);
  if (!LABEL_VALUE.test(value)) problems.push("must be empty or letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
  return problems;
}

/** A key of a Secret's or ConfigMap's data. */
export function configKeyProblems(value: string): Problems {
  const problems: Problems = [];
  if (byteLength(value) > DNS_SUBDOMAIN_MAX) problems.push(`is longer than ${DNS_SUBDOMAIN_MAX} characters`);
  if (!CONFIG_KEY.test(value)) problems.push("must be letters, digits, '-', '_' and '.'");
  if (value === '.') problems.push('may not be "."');
  else if (value === '..') problems.push('may not be ".."');
  else if (value.startsWith('..')) problems.push('may not start with ".."');
  return problems;
}

/** A named port (container ports, NetworkPolicy and Service ports by name): an IANA service name. */
export function portNameProblems(value: string): Problems {
  const problems: Problems = [];
  if (byteLength(value) > 15) problems.push('is longer than 15 characters');
  if (!/^[-a-z0-9]+$/.test(value)) problems.push("must be lower-case letters, digits and '-'");
  if (!/[a-z]/.test(value)) problems.push('must contain a letter');
  if (value.includes('--')) problems.push('may not contain "--"');
  if (value.startsWith('-') || value.endsWith('-')) problems.push("may not start or end with '-'");
  return problems;
}

export function portNumberProblems(value: number): Problems {
  return value >= 1 && value <= 65535 ? [] : ['must be between 1 and 65535'];
}

export function cIdentifierProblems(value: string): Problems {
  return C_IDENTIFIER.test(value) ? [] : ["must start with a letter or '_' followed by letters, digits and '_'"];
}

/** What a generated-name prefix is checked as: its trailing dash stands for the random suffix. */
export function maskTrailingDash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('-') ? `${prefix.slice(0, -2)}a` : prefix;
}
