/**
 * On a rule of an audit Policy: what its level records, and which of the requests that can carry credentials it
 * decides (it is the first rule that matches them), so a reviewer sees what the audit log will hold.
 */
import { AUDIT_LEVELS, credentialLeaks, readAuditPolicy, shadowedBy, type AuditLevel } from '../../engine/analysis/controlplane/audit-policy';
import { record } from '../../engine/validation/data';
import type { HoverProvider } from './index';

const RECORDS: Record<AuditLevel, string> = {
  None: 'nothing: the requests it matches are not logged',
  Metadata: 'who made the request, when, from where, on what, and the response code; no request or response body',
  Request: 'the metadata and the request body; no response body',
  RequestResponse: 'the metadata, the request body and the response body',
};

export const auditLevelHover: HoverProvider = {
  id: 'audit-level',
  provide({ position }) {
    const { entry, target } = position;
    const document = entry.document;
    const path = target?.path ?? [];
    if (document.kind?.value !== 'Policy' || document.apiVersion?.value !== 'audit.k8s.io/v1' || path[0] !== 'rules' || typeof path[1] !== 'number' || path[2] !== 'level') return undefined;
    const object = record(document.data().data);
    const reading = object && readAuditPolicy(object);
    if (!reading || reading.problems.some((problem) => problem.kind === 'refused')) return undefined;
    const index = path[1];
    const level = reading.rules[index]?.level as AuditLevel;
    if (!(AUDIT_LEVELS as readonly string[]).includes(level)) return undefined;
    const lines = [`**${level}** records ${RECORDS[level]}.`];
    const earlier = shadowedBy(reading.rules, index);
    if (earlier !== undefined) lines.push(`This rule never applies: rule ${earlier + 1} matches every request it would.`);
    const leaks = credentialLeaks(reading.rules).get(index);
    if (leaks) lines.push(`It is the first rule that matches ${leaks.what.join(', ')}: the log then holds ${leaks.holds.join(', ')}.`);
    return { markdown: lines.join('\n\n') };
  },
};
