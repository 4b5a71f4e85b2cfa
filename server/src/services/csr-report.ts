/**
 * A read-only report on one CertificateSigningRequest, for the cluster commands (a live object) and the editor (a
 * manifest): who asks for what (the decoded PKCS#10 request, described by the same code as the certificate details
 * of a credential value), the signer, usages and lifetime asked for, the requester the API server recorded, the
 * conditions, and what Kubeward's rules say about it.
 */
import { isMap } from 'yaml';
import { DEFAULT_CONFIG, type LintConfig } from '../engine/config';
import { StreamLinter, type Finding, type StreamDocument } from '../engine/linter';
import { csrOf } from '../engine/model/views/csr';
import { RULES } from '../engine/rules/index';
import { certificateDetails } from './hover/credentials';
import { fieldOf } from '../engine/model/nodes';

export interface CsrReportOptions {
  /** An offset in `yaml`: the CSR document that holds it is described; without it, the first CSR. */
  offset?: number;
  /**
   * A live object read from a cluster: its spec.username, uid, groups and extra were recorded by the API server
   * (csr/user-set-groups is off) and are shown as the requester.
   */
  live?: boolean;
  now?: Date;
}

interface CsrObject {
  metadata?: { name?: string; creationTimestamp?: string };
  spec?: { signerName?: string; usages?: unknown[]; expirationSeconds?: number; username?: string; uid?: string; groups?: string[] };
  status?: { conditions?: { type?: string; status?: string; reason?: string; message?: string; lastUpdateTime?: string }[]; certificate?: string };
}

const SEVERITY_ORDER = ['error', 'warning', 'information'];

/** The report as plain text; undefined when the YAML holds no CertificateSigningRequest (at the offset). */
export function csrReport(yaml: string, options: CsrReportOptions = {}): string | undefined {
  const config: LintConfig = options.live ? { ...DEFAULT_CONFIG, rules: { 'csr/user-set-groups': 'off' } } : DEFAULT_CONFIG;
  const analysis = new StreamLinter(RULES).lint(yaml, config);
  const entry = pick(analysis.documents, options.offset);
  if (!entry) return undefined;
  const csr = csrOf(entry.document)!;
  const object = (isMap(entry.document.root) ? entry.document.root.toJSON() : {}) as CsrObject;
  const end = entry.offset + entry.document.text.length;
  const findings = analysis.findings.filter((finding) => finding.range.start >= entry.offset && finding.range.start <= end);
  const spec = object.spec ?? {};
  const lines = [
    `# CertificateSigningRequest ${object.metadata?.name ?? '(no name)'}${options.live ? ' (live in the cluster)' : ''}`,
    '',
    `Signer: ${spec.signerName ?? '(none)'}`,
    `Requested usages: ${Array.isArray(spec.usages) ? spec.usages.join(', ') || '(none)' : '(none)'}`,
    `Requested lifetime (expirationSeconds): ${spec.expirationSeconds !== undefined ? `${spec.expirationSeconds} s (${lifetime(spec.expirationSeconds)})` : "(not set: the signer's default)"}`,
  ];
  if (options.live) {
    lines.push(`Requester (recorded by the API server): ${spec.username ?? '(unknown)'}`, `Requester groups: ${spec.groups?.join(', ') || '(none)'}`);
    if (object.metadata?.creationTimestamp) lines.push(`Created: ${object.metadata.creationTimestamp}`);
  }
  const conditions = object.status?.conditions ?? [];
  lines.push(`Condition: ${conditions.length === 0 ? 'Pending' : conditions.map((condition) => `${condition.type}${condition.status === 'True' ? '' : `=${condition.status}`}${condition.reason ? ` (${condition.reason}${condition.message ? `: ${condition.message}` : ''})` : ''}`).join('; ')}`);
  if (options.live) lines.push(`Certificate issued: ${object.status?.certificate ? 'yes' : 'no'}`);

  lines.push('', '## Kubeward findings', '');
  if (findings.length === 0) lines.push('None.');
  for (const finding of [...findings].sort(bySeverity)) lines.push(`- ${finding.severity} ${finding.ruleId}: ${finding.message}`);

  lines.push('');
  const request = fieldOf(csr.spec, 'request')?.value;
  const details = request?.range ? certificateDetails(analysis, entry.offset + request.range[0], options.now ?? new Date()) : undefined;
  lines.push(details ? details.replace(/^# /, '## Decoded ') : '## Decoded request\n\nspec.request is missing.\n');
  return lines.join('\n');
}

function pick(documents: readonly StreamDocument[], offset: number | undefined): StreamDocument | undefined {
  const csrs = documents.filter((entry) => csrOf(entry.document));
  if (offset === undefined) return csrs[0];
  return csrs.find((entry) => offset >= entry.offset && offset <= entry.offset + entry.document.text.length);
}

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.range.start - b.range.start;
}

function lifetime(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${Math.round(seconds / 60)} minutes`;
}
