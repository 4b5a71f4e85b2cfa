/**
 * Inlay hints: after a certificate credential, who it names and when it expires; after a certificate request, its
 * subject; after a Secret data value, its decoded length and the kind of content (never the content itself);
 * after a binding's roleRef, how many rules the role has and how many of them are risky. Values are decoded and
 * risks assessed by the engine, as for hovers; this module only words the results. Offsets only: the language
 * server converts them.
 */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { credentialField, type CredentialField } from '../engine/analysis/credentials/fields';
import {
  describeValidity,
  inspectCredential,
  validityAt,
  type CertificateInfo,
  type CredentialReport,
  type DistinguishedName,
} from '../engine/analysis/credentials/x509';
import { risksOf } from '../engine/analysis/rbac/risks';
import type { StreamAnalysis } from '../engine/linter';
import type { ManifestDocument } from '../engine/model/document';
import type { PathSegment, TextRange } from '../engine/model/nodes';
import type { WorkspaceIndex } from '../engine/workspace';
import { isDecodedInPlace } from './credential-actions';
import { referencedRoles } from './rbac-navigation';

export interface Hint {
  /** Where the hint is shown, absolute in the stream: right after the value it is about. */
  offset: number;
  label: string;
  tooltip?: string;
}

export interface InlayHintOptions {
  certificates: boolean;
  secretData: boolean;
  roleRefs: boolean;
  /** The time expiry is judged against. */
  now: Date;
  /** Only hints inside this absolute range are wanted (the editor asks for the visible part). */
  range?: TextRange;
}

/** Deeper than this, a document is not searched for credentials (the analysis limits stop such documents anyway). */
const MAX_DEPTH = 64;
const MAX_SUBJECT = 60;

export function inlayHints(analysis: StreamAnalysis, workspace: WorkspaceIndex | undefined, options: InlayHintOptions): Hint[] {
  const hints: Hint[] = [];
  const wanted = options.range;
  analysis.documents.forEach(({ document, offset }) => {
    // A List's values are its items', which are documents of the stream too.
    if (document.isList) return;
    const end = offset + document.text.length;
    if (wanted && (end < wanted.start || offset > wanted.end)) return;
    if (options.certificates || options.secretData) {
      for (const value of credentialScalars(document)) {
        const hint = credentialHint(document, value, options);
        if (hint) hints.push({ ...hint, offset: offset + hint.offset });
      }
    }
    if (options.roleRefs && workspace) {
      for (const hint of roleRefHints(document, workspace)) hints.push({ ...hint, offset: offset + hint.offset });
    }
  });
  return wanted ? hints.filter((hint) => hint.offset >= wanted.start && hint.offset <= wanted.end) : hints;
}

interface CredentialScalar {
  path: PathSegment[];
  field: CredentialField;
  scalar: Scalar;
}

/** The credential values of a document, found once per parsed document (documents are cached by their text). */
const scalarsByDocument = new WeakMap<ManifestDocument, CredentialScalar[]>();

function credentialScalars(document: ManifestDocument): CredentialScalar[] {
  let found = scalarsByDocument.get(document);
  if (found) return found;
  found = [];
  const visit = (node: Node | null | undefined, path: PathSegment[]): void => {
    if (path.length > MAX_DEPTH) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && (typeof pair.key.value === 'string' || typeof pair.key.value === 'number')) visit(pair.value as Node | null, [...path, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item as Node | null, [...path, index]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
      const field = credentialField(document, path);
      if (field) found!.push({ path, field, scalar: node });
    }
  };
  visit(document.root, []);
  scalarsByDocument.set(document, found);
  return found;
}

/** The hint for one credential value, relative to its document; undefined when it says nothing useful. */
function credentialHint(document: ManifestDocument, { field, scalar }: CredentialScalar, options: InlayHintOptions): Hint | undefined {
  const decodedInPlace = isDecodedInPlace(document.text, scalar);
  const report = inspectCredential(scalar.value as string, decodedInPlace ? 'text' : field.form);
  if (report.decoded.encoding === 'invalid') return undefined;
  const at = hintOffset(document.text, scalar);
  const certificates = certificateHint(report, options.now);
  if (certificates) return options.certificates ? { offset: at, ...certificates } : undefined;
  // Secret data that is not a certificate: its size and kind, for base64 values only (stringData is plain to see).
  if (field.dataKey === undefined || field.form !== 'base64' || decodedInPlace || !options.secretData) return undefined;
  const bytes = report.decoded.bytes.length;
  return { offset: at, label: `${bytes} byte${bytes === 1 ? '' : 's'}, ${contentKind(report)}`, tooltip: 'Decoded length and kind of content; Kubeward never shows Secret values in hints.' };
}

/** Subject and expiry of the certificates of a value, or the subject of a certificate request. */
function certificateHint(report: CredentialReport, now: Date): Omit<Hint, 'offset'> | undefined {
  const { items } = report;
  if (items.length === 0) return undefined;
  if (items.length === 1 && items[0].request) {
    const subject = items[0].request.subject;
    return { label: subjectLabel(subject), tooltip: `Certificate request for ${subject.text || '(empty subject)'}` };
  }
  const certificates = items.flatMap((item) => (item.certificate ? [item.certificate] : []));
  if (certificates.length === 0 || certificates.length !== items.length) return undefined;
  const tooltip = certificates.map((certificate) => `${certificate.subject.text || '(empty subject)'}, issued by ${certificate.issuer.text || '(empty)'}: ${validityWords(certificate, now)}`).join('\n');
  if (certificates.length === 1) {
    const [certificate] = certificates;
    return { label: [subjectLabel(certificate.subject), shortValidity(certificate, now)].filter(Boolean).join(' · '), tooltip };
  }
  // A bundle: the certificate that expires first is the one that will break things first.
  const first = certificates.reduce((soonest, certificate) => (certificate.notAfter.getTime() < soonest.notAfter.getTime() ? certificate : soonest));
  return { label: [`${certificates.length} certificates`, shortValidity(first, now)].filter(Boolean).join(' · '), tooltip };
}

/** `CN=jane O=dev`: the user and groups Kubernetes reads from the subject, or the whole subject when it has neither. */
function subjectLabel(name: DistinguishedName): string {
  const parts = [...(name.commonName !== undefined ? [`CN=${name.commonName}`] : []), ...name.organizations.map((organization) => `O=${organization}`)];
  const text = (parts.length > 0 ? parts.join(' ') : name.text || '(empty subject)').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return text.length > MAX_SUBJECT ? `${text.slice(0, MAX_SUBJECT - 1)}…` : text;
}

function hasDates(certificate: CertificateInfo): boolean {
  return !Number.isNaN(certificate.notBefore.getTime()) && !Number.isNaN(certificate.notAfter.getTime());
}

function validityWords(certificate: CertificateInfo, now: Date): string {
  return hasDates(certificate) ? describeValidity(certificate, now) : 'validity unknown';
}

/** `expires in 41 d`, `expired 3 d ago`, `not valid yet, starts in 2 d`. */
function shortValidity(certificate: CertificateInfo, now: Date): string | undefined {
  if (!hasDates(certificate)) return undefined;
  const { state, days } = validityAt(certificate, now);
  if (state === 'expired') return days === 0 ? 'expired today' : `expired ${days} d ago`;
  if (state === 'not-yet-valid') return `not valid yet, starts in ${days} d`;
  return days === 0 ? 'expires today' : `expires in ${days} d`;
}

/** What decoded Secret data looks like, in a word or two; nothing of the content itself. */
function contentKind(report: CredentialReport): string {
  const { decoded } = report;
  if (decoded.encoding === 'base64-pem') {
    const kinds = new Set(decoded.blocks.map((block) => block.kind));
    if (kinds.has('private-key')) return kinds.has('certificate') ? 'PEM certificate and private key' : 'PEM private key';
    if (kinds.size === 1 && kinds.has('request')) return 'PEM certificate request';
    if (kinds.size === 1 && kinds.has('public-key')) return 'PEM public key';
    return 'PEM';
  }
  if (decoded.encoding === 'base64-text' && decoded.text !== undefined) return isJson(decoded.text) ? 'JSON' : 'text';
  return 'binary';
}

function isJson(text: string): boolean {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/**
 * Right after a one-line value; for a value over several lines (a block scalar, a folded base64 string), at the
 * end of the line it starts on, so the hint stays beside its key.
 */
function hintOffset(text: string, scalar: Scalar): number {
  const [start, valueEnd] = scalar.range ?? [0, 0];
  const lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1 || valueEnd <= lineEnd) return valueEnd;
  return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

/** `3 rules, 1 risky` after the roleRef's name, for roles the workspace or Kubernetes defines. */
function roleRefHints(document: ManifestDocument, workspace: WorkspaceIndex): Hint[] {
  const hints: Hint[] = [];
  for (const { name, role } of referencedRoles(document, workspace)) {
    const end = name.node.range?.[1];
    if (end === undefined) continue;
    const rules = workspace.authorizer().effectiveRules(role);
    const risks = rules.map(risksOf).filter((found) => found.length > 0);
    const labels = [...new Set(risks.flat().map((risk) => risk.label))];
    hints.push({
      offset: end,
      label: `${rules.length} rule${rules.length === 1 ? '' : 's'}, ${risks.length} risky`,
      ...(labels.length > 0 ? { tooltip: `Risky: ${labels.join(', ')}` } : {}),
    });
  }
  return hints;
}
