/**
 * An ABAC policy file (`--authorization-policy-file`) read line by line as kube-apiserver reads it: blank lines and
 * lines starting with `#` are skipped; a line starting with `{` is JSON, any other line YAML (the decoder tries
 * YAML for what does not look like JSON); a line naming abac.authorization.kubernetes.io/v1beta1 `Policy` is read
 * with its `spec`; a line naming no kind and no version (or only the kind `Policy`, or the v0 version) is the
 * unversioned v0 format, where an empty field means "everything". Any other line stops the server from starting.
 * Field names are case-sensitive and unknown fields are ignored; a value of the wrong type is refused.
 */
import { ManifestDocument } from '../../model/document';
import type { TextRange } from '../../model/nodes';

export const ABAC_GROUP = 'abac.authorization.kubernetes.io';
const ALL_AUTHENTICATED = 'system:authenticated';
/** bufio.Scanner's default token limit: a longer line stops the reading. */
const MAX_LINE_BYTES = 64 * 1024;

/** A policy line after conversion to the form the authorizer matches. */
export interface AbacPolicy {
  user: string;
  group: string;
  readonly: boolean;
  apiGroup: string;
  resource: string;
  namespace: string;
  nonResourcePath: string;
}

export interface AbacLine {
  /** 1-based. */
  line: number;
  range: TextRange;
  version: 'v1beta1' | 'v0';
  format: 'json' | 'yaml';
  policy: AbacPolicy;
  /** The policy fields as written, before conversion fills in what an empty field means. */
  written: Readonly<Record<string, string | boolean>>;
  /** Fields the decoder ignores, with their names as written (top level or under spec). */
  ignoredFields: string[];
  /** The line's text, to find where a field is written. */
  text: string;
}

export interface AbacRefusal {
  line: number;
  range: TextRange;
  reason: string;
}

export interface AbacFile {
  lines: AbacLine[];
  /** Lines the server refuses to start with; it stops at the first. */
  refusals: AbacRefusal[];
}

const V1BETA1_SPEC_FIELDS = { user: 'string', group: 'string', readonly: 'boolean', apiGroup: 'string', resource: 'string', namespace: 'string', nonResourcePath: 'string' } as const;
const V0_FIELDS = { user: 'string', group: 'string', readonly: 'boolean', resource: 'string', namespace: 'string' } as const;
type FieldTypes = Readonly<Record<string, 'string' | 'boolean'>>;

export function readAbacFile(text: string): AbacFile {
  const file: AbacFile = { lines: [], refusals: [] };
  let start = 0;
  let number = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    number++;
    // The scanner drops a line's `\r` before its `\n`.
    const content = text.slice(start, end).replace(/\r$/, '');
    const range = { start, end: start + content.length };
    const trimmed = content.trim();
    if (new TextEncoder().encode(content).length >= MAX_LINE_BYTES) {
      file.refusals.push({ line: number, range: { start, end: start }, reason: `the line is longer than ${MAX_LINE_BYTES} bytes, the most the server reads` });
      break;
    } else if (trimmed !== '' && !trimmed.startsWith('#')) {
      const decoded = decodeLine(content);
      if ('reason' in decoded) file.refusals.push({ line: number, range, reason: decoded.reason });
      else file.lines.push({ line: number, range, text: content, ...decoded });
    }
    start = end + 1;
  }
  return file;
}

type Decoded = Omit<AbacLine, 'line' | 'range' | 'text'> | { reason: string };

function decodeLine(content: string): Decoded {
  const json = content.trimStart().startsWith('{');
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(content);
    } catch {
      return { reason: 'it starts with "{" but is not valid JSON' };
    }
  } else {
    const document = new ManifestDocument(content);
    if (document.problems.length > 0) return { reason: `it is neither JSON nor valid YAML (${document.problems[0].message})` };
    data = document.data().data;
  }
  const object = data === null ? {} : data;
  if (typeof object !== 'object' || Array.isArray(object)) return { reason: 'it is not a JSON object' };
  const fields = object as Record<string, unknown>;
  const typeMeta = interpretTypeMeta(fields);
  if ('reason' in typeMeta) return typeMeta;
  const version = policyVersion(typeMeta);
  if (!version) {
    const written = typeMeta.kind ? `apiVersion "${typeMeta.apiVersion}" with kind "${typeMeta.kind}"` : `apiVersion "${typeMeta.apiVersion}" without a kind`;
    return { reason: `${written} is not an ABAC policy (apiVersion ${ABAC_GROUP}/v1beta1, kind Policy)` };
  }
  const format = json ? 'json' : 'yaml';
  if (version === 'v1beta1') {
    const spec = fields.spec ?? {};
    if (typeof spec !== 'object' || Array.isArray(spec)) return { reason: '"spec" is not an object' };
    const read = readFields(spec as Record<string, unknown>, V1BETA1_SPEC_FIELDS, 'spec.');
    if ('reason' in read) return read;
    const ignored = [...Object.keys(fields).filter((key) => !['apiVersion', 'kind', 'spec'].includes(key)), ...read.ignored];
    const policy = { ...emptyPolicy(), ...read.values } as AbacPolicy;
    // In v1beta1 a "*" user or group stands for every authenticated user.
    if (policy.user === '*' || policy.group === '*') Object.assign(policy, { user: '', group: ALL_AUTHENTICATED });
    return { version, format, policy, written: read.values, ignoredFields: ignored };
  }
  const read = readFields(fields, V0_FIELDS, '');
  if ('reason' in read) return read;
  const ignored = read.ignored.filter((key) => key !== 'apiVersion' && key !== 'kind');
  return { version, format, policy: convertV0(read.values), written: read.values, ignoredFields: ignored };
}

/**
 * apiVersion and kind as the decoder's first look finds them: Go's standard JSON decoding, which matches field
 * names regardless of case, so `Kind` counts as `kind`.
 */
function interpretTypeMeta(fields: Record<string, unknown>): { group: string; version: string; kind: string; apiVersion: string } | { reason: string } {
  let apiVersion = '';
  let kind = '';
  for (const [key, value] of Object.entries(fields)) {
    const name = key.toLowerCase();
    if (name !== 'apiversion' && name !== 'kind') continue;
    if (value !== null && typeof value !== 'string') return { reason: `"${key}" is not a string` };
    if (name === 'apiversion') apiVersion = (value as string | null) ?? '';
    else kind = (value as string | null) ?? '';
  }
  const parts = apiVersion === '' ? [] : apiVersion.split('/');
  if (parts.length > 2) return { reason: `"${apiVersion}" is not a group/version` };
  const [group, version] = parts.length === 2 ? parts : ['', parts[0] ?? ''];
  return { group, version, kind, apiVersion };
}

/**
 * Which registered version a line decodes as: its own when it names one fully, else the unversioned format with
 * the missing parts filled in as the decoder fills them (kind Policy, then the v0 version of the ABAC group).
 */
function policyVersion(meta: { group: string; version: string; kind: string }): 'v1beta1' | 'v0' | undefined {
  const registered = (group: string, version: string, kind: string) =>
    group === ABAC_GROUP && kind === 'Policy' && (version === 'v1beta1' || version === 'v0') ? version : undefined;
  if (meta.kind && meta.version) {
    const direct = registered(meta.group, meta.version, meta.kind);
    if (direct) return direct;
  }
  const kind = meta.kind || 'Policy';
  let { group, version } = meta;
  if (!version && !group) [group, version] = [ABAC_GROUP, 'v0'];
  if (!version && group === ABAC_GROUP) version = 'v0';
  // A fully named v1beta1 Policy reaching this point lacked its kind; the v0 reader cannot convert it.
  return registered(group, version, kind) === 'v0' ? 'v0' : undefined;
}

function readFields(source: Record<string, unknown>, types: FieldTypes, prefix: string): { values: Record<string, string | boolean>; ignored: string[] } | { reason: string } {
  const values: Record<string, string | boolean> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    const type = types[key];
    if (!type) {
      ignored.push(`${prefix}${key}`);
      continue;
    }
    if (value === null) continue;
    if (typeof value !== type) return { reason: `"${prefix}${key}" must be a ${type}, not ${describe(value)}` };
    values[key] = value as string | boolean;
  }
  return { values, ignored };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function emptyPolicy(): AbacPolicy {
  return { user: '', group: '', readonly: false, apiGroup: '', resource: '', namespace: '', nonResourcePath: '' };
}

/** The v0 format's defaults: empty subject, namespace or resource mean every one, and every API group matches. */
function convertV0(values: Record<string, string | boolean>): AbacPolicy {
  const written = { ...emptyPolicy(), ...values } as AbacPolicy;
  const policy: AbacPolicy = { ...written, apiGroup: '*' };
  if (!written.user && !written.group) policy.group = ALL_AUTHENTICATED;
  if (written.user === '*' || written.group === '*') Object.assign(policy, { user: '', group: ALL_AUTHENTICATED });
  if (!written.namespace) policy.namespace = '*';
  if (!written.resource) policy.resource = '*';
  if (!written.namespace && !written.resource) policy.nonResourcePath = '*';
  return policy;
}

/** Where a field is written on a line: its key and a scalar value, or the whole line when it cannot be found. */
export function fieldRange(line: AbacLine, field: string): TextRange {
  const name = field.replace(/^spec\./, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\w-])["']?${name}["']?\\s*:(?:\\s*("(?:[^"\\\\]|\\\\.)*"|[^,{}[\\]\\s]+))?`).exec(line.text);
  if (!match) return line.range;
  return { start: line.range.start + match.index, end: line.range.start + match.index + match[0].length };
}
