/**
 * kube-apiserver's ABAC policy file (`--authorization-policy-file`): the lines it refuses to start with, lines that
 * match nothing or read differently from how they look (no apiVersion, a subresource, an ignored field), and lines
 * that give everyone write access or everything to someone. ABAC has no deny: whatever a line allows, no other
 * authorizer can take back.
 */
import type { AbacLine } from '../../analysis/static-auth/abac-file';
import { fieldRange } from '../../analysis/static-auth/abac-file';
import { closest } from '../../analysis/spelling';
import { defineRule, type RuleContext } from '../define-rule';

const MESSAGES = {
  refused: 'kube-apiserver refuses to start with this policy file: line {line}: {reason}.',
  noSubject: 'This line names neither a user nor a group, so it matches no request.',
  grantsEverything: 'This line allows {subject} every verb on every resource in every namespace: as much as cluster-admin, and ABAC has no deny that could narrow it.',
  everyoneWrites: 'This line lets {audience} make any request, writes included, to {what}.',
  subresource: 'ABAC compares "{resource}" with the resource alone, never with a subresource, so this line matches no request; "{base}" would allow {base} and all of its subresources.',
  unversioned: 'Without apiVersion "abac.authorization.kubernetes.io/v1beta1" this line is read in the old unversioned format, which reads what it leaves out ({fields}) as "all".',
  ignoredField: '"{field}" is not a field of a {version} ABAC Policy and is ignored{hint}.',
  yamlLine: 'This line is not JSON; kube-apiserver reads it as YAML, which a JSON tool will refuse and may read differently.',
} as const;

type MessageId = keyof typeof MESSAGES;

const EVERYONE: Readonly<Record<string, string>> = {
  'system:authenticated': 'every authenticated user',
  'system:unauthenticated': 'anonymous requests',
};
const SPEC_FIELDS = ['user', 'group', 'readonly', 'apiGroup', 'resource', 'namespace', 'nonResourcePath'];
const V0_FIELDS = ['user', 'group', 'readonly', 'resource', 'namespace'];

export default defineRule<MessageId>({
  id: 'auth/abac-policy',
  meta: {
    summary: 'ABAC policy lines kube-apiserver refuses, that match nothing, or that give everyone write access or someone everything.',
    why: 'ABAC lines only ever allow: a line that is too broad cannot be corrected by RBAC, and in the old unversioned format a missing field means "all", so one short line can hand every user the whole cluster. A malformed line stops kube-apiserver from starting.',
    severity: 'error',
    messageSeverity: { noSubject: 'warning', grantsEverything: 'warning', everyoneWrites: 'warning', subresource: 'warning', unversioned: 'warning', ignoredField: 'warning', yamlLine: 'warning' },
    scope: 'static-auth',
    messages: MESSAGES,
  },
  checkFile(file, context) {
    if (file.format !== 'static-auth' || file.kind !== 'abacPolicyFile') return;
    const reading = file.abac;
    for (const refusal of reading.refusals) context.report({ at: refusal.range, messageId: 'refused', data: { line: refusal.line, reason: refusal.reason } });
    for (const line of reading.lines) checkLine(line, context);
  },
});

function checkLine(line: AbacLine, context: RuleContext<MessageId>): void {
  const { policy } = line;
  if (line.format === 'yaml') context.report({ at: line.range, messageId: 'yamlLine' });
  for (const field of line.ignoredFields) {
    const known = line.version === 'v1beta1' ? SPEC_FIELDS.map((name) => `spec.${name}`) : V0_FIELDS;
    const suggestion = closest(field, known) ?? known.find((name) => name.toLowerCase() === field.toLowerCase());
    const hint = field === 'spec' && line.version === 'v0' ? ' (without apiVersion the line is read in the unversioned format, which has no spec)' : suggestion ? ` (did you mean "${suggestion}"?)` : '';
    context.report({ at: fieldRange(line, field), messageId: 'ignoredField', data: { field, version: line.version, hint } });
  }
  if (line.version === 'v0') {
    const widened = widenedFields(line);
    if (widened.length > 0) context.report({ at: line.range, messageId: 'unversioned', data: { fields: widened.join(', ') } });
  }
  if (!policy.user && !policy.group) {
    context.report({ at: line.range, messageId: 'noSubject' });
    return;
  }
  if (policy.resource.includes('/')) {
    context.report({ at: fieldRange(line, 'spec.resource'), messageId: 'subresource', data: { resource: policy.resource, base: policy.resource.split('/')[0] } });
  }
  if (policy.readonly) return;
  const audience = policy.user ? undefined : EVERYONE[policy.group];
  const everything = policy.resource === '*' && policy.apiGroup === '*' && policy.namespace === '*';
  if (everything) {
    context.report({ at: line.range, messageId: 'grantsEverything', data: { subject: audience ?? describeSubject(line) } });
  } else if (audience && (policy.resource || policy.nonResourcePath)) {
    context.report({ at: line.range, messageId: 'everyoneWrites', data: { audience, what: describeTarget(line) } });
  }
}

/** The fields left empty in an unversioned line, which that format reads as "all". */
function widenedFields(line: AbacLine): string[] {
  const written = (field: string) => Boolean(line.written[field]);
  const widened: string[] = [];
  if (!written('user') && !written('group')) widened.push('user and group: every authenticated user');
  if (!written('namespace')) widened.push('namespace');
  if (!written('resource')) widened.push('resource');
  return widened;
}

function describeSubject(line: AbacLine): string {
  const { user, group } = line.policy;
  if (user && group) return `user "${user}" in group "${group}"`;
  return user ? `user "${user}"` : `group "${group}"`;
}

function describeTarget(line: AbacLine): string {
  const { resource, apiGroup, namespace, nonResourcePath } = line.policy;
  const parts: string[] = [];
  if (resource) {
    const what = resource === '*' ? 'every resource' : resource;
    const group = apiGroup === '*' ? '' : apiGroup ? ` of ${apiGroup}` : '';
    const where = namespace === '*' ? 'in every namespace' : namespace ? `in namespace ${namespace}` : 'cluster-wide';
    parts.push(`${what}${group} ${where}`);
  }
  if (nonResourcePath) parts.push(nonResourcePath === '*' ? 'every non-resource URL' : `the URL ${nonResourcePath}`);
  return parts.join(', and ');
}
