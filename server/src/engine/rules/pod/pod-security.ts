/**
 * Pod Security Admission, offline: the levels that apply to a Pod or a workload's pods in their namespace (its
 * `pod-security.kubernetes.io/*` labels over the cluster's defaults: a PodSecurityConfiguration in the workspace,
 * else the podSecurity.defaults setting), evaluated as the admission plugin evaluates them. A Pod the enforce level
 * fails is refused; a workload is admitted, but the pods its controller creates are refused, which is as much an
 * error. What the warn and audit levels (or podSecurity.targetLevel) would flag is a warning. One finding per
 * failing check, at the first field to change, in the API server's words.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { podSecurityFindings, type ModeResult } from '../../analysis/pod-security/admission';
import { schemaIssues } from '../../analysis/schema-issues';
import { evaluatePod, describeLevelVersion, type CheckViolation } from '../../analysis/pod-security/standards';
import { policyForDefaultLevel, type NamespacePolicy } from '../../analysis/pod-security/policy';
import { restrictedEdits } from '../../analysis/pod-security/restricted-fix';
import { locate } from '../../edits';
import type { ManifestDocument } from '../../model/document';
import type { PathSegment, TextRange } from '../../model/nodes';
import { podSpecOf } from '../../model/views/workload';
import { record, text, type Data } from '../../validation/data';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pod/pod-security',
  meta: {
    summary: 'Pod that Pod Security Admission refuses (or warns about) in its namespace.',
    why: 'The PodSecurity admission plugin checks every pod against the level its namespace enforces; a pod that fails is refused, and a workload whose template fails is admitted but never gets a pod running.',
    severity: 'error',
    messageSeverity: { warned: 'warning', target: 'warning' },
    scope: 'kubernetes',
    crossDocument: true,
    fix: 'unsafe',
    messages: {
      refused: 'Pod Security "{policy}" ({source}) refuses this pod: {violation}.',
      podsRefused: 'Pod Security "{policy}" ({source}) refuses every pod this {kind} creates (the {kind} itself is admitted, with a warning): {violation}.',
      warned: 'Pod Security "{policy}" ({source}) flags this: {violation}.',
      target: 'Pod Security "{policy}", the level podSecurity.targetLevel asks for, is not met: {violation}.',
      makeRestricted: 'Make this pod meet restricted: add the security settings it is missing',
    },
  },
  check(doc, context) {
    const object = record(doc.data().data);
    const spec = podSpecOf(doc);
    // A field of the wrong type stops the API server at decoding, before any admission plugin sees the object.
    if (!context.workspace || !object || !spec || schemaIssues(doc).some((issue) => issue.kind === 'invalid-type')) return;
    const kind = doc.kind?.value ?? '';
    const namespace = text(record(object.metadata)?.namespace) || 'default';
    const model = context.workspace.network.model();
    const labels = model.namespaces.find((item) => item.name === namespace)?.labels ?? {};
    const cluster = context.workspace.podSecurity?.cluster();
    const defaults: NamespacePolicy = cluster?.defaults ?? policyForDefaultLevel(context.config.podSecurity.defaults);
    const result = podSecurityFindings({ object, isPod: kind === 'Pod', namespace, namespaceLabels: labels, defaults, ...(cluster ? { exemptions: cluster.exemptions } : {}) });
    if (!result.podPath || result.exempt) return;
    const podPath = result.podPath;
    const where = (violation: CheckViolation) => anchor(doc, podPath, violation.places[0]);
    const described = (violation: CheckViolation) => (violation.detail ? `${violation.reason} (${violation.detail})` : violation.reason);
    const origin = (mode: 'enforce' | 'warn' | 'audit') =>
      `${MODE_WORDS[mode]} ${`pod-security.kubernetes.io/${mode}` in labels ? 'in' : 'by the cluster default for'} namespace "${namespace}"`;
    const reported = new Set<string>();
    // Settings that are only missing are added by one fix for the whole pod; other values stay the author's.
    const fixesFor = (violation: CheckViolation) => {
      if (!FIXABLE_CHECKS.has(violation.check)) return [];
      const edits = restrictedEdits(doc, podPath);
      return edits.length > 0 ? [{ messageId: 'makeRestricted' as const, edits }] : [];
    };
    const report = (messageId: 'refused' | 'podsRefused' | 'warned', mode: 'enforce' | 'warn' | 'audit', found: ModeResult | undefined) => {
      for (const violation of found?.violations ?? []) {
        if (reported.has(violation.check)) continue;
        reported.add(violation.check);
        context.report({ at: where(violation), messageId, data: { policy: describeLevelVersion((found as ModeResult).policy), source: origin(mode), violation: described(violation), kind }, fixes: fixesFor(violation) });
      }
    };
    report(kind === 'Pod' ? 'refused' : 'podsRefused', 'enforce', kind === 'Pod' ? result.modes.enforce : result.createdPods);
    report('warned', 'warn', result.modes.warn);
    report('warned', 'audit', result.modes.audit);
    const target = context.config.podSecurity.targetLevel;
    const pod = podAt(object, podPath);
    if (!target || !pod) return;
    for (const violation of evaluatePod({ level: target, version: 'latest' }, pod)) {
      if (reported.has(violation.check)) continue;
      context.report({ at: where(violation), messageId: 'target', data: { policy: describeLevelVersion({ level: target, version: 'latest' }), violation: described(violation) }, fixes: fixesFor(violation) });
    }
  },
});

const FIXABLE_CHECKS = new Set(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);

const MODE_WORDS = { enforce: 'enforced', warn: 'warned about', audit: 'audited' } as const;

function podAt(object: Data, path: PathSegment[]): { metadata: Data; spec: Data } | undefined {
  const holder = path.reduce<Data | undefined>((node, segment) => record(node?.[segment]), object);
  return holder && { metadata: record(holder.metadata) ?? {}, spec: record(holder.spec) ?? {} };
}

/**
 * Where a finding goes: the field the check names, key and value (`privileged: true`), or, when it must be added,
 * the key of the nearest written parent (`securityContext:`, the container's `- name:`).
 */
function anchor(doc: ManifestDocument, podPath: PathSegment[], place: PathSegment[] | undefined): TextRange {
  const target = locate(doc.root, [...podPath, ...(place ?? ['spec'])]);
  const start = (node: Node | undefined) => node?.range?.[0];
  if (target.exact && target.key && target.value && !isMap(target.value)) return { start: start(target.key) ?? 0, end: target.value.range?.[1] ?? 0 };
  if (target.key) return { start: start(target.key) ?? 0, end: target.key.range?.[1] ?? 0 };
  const value = target.value;
  if (isMap(value) && isScalar(value.items[0]?.key)) return { start: start(value.items[0].key as Node) ?? 0, end: (value.items[0].key as Node).range?.[1] ?? 0 };
  return { start: start(value) ?? 0, end: start(value) ?? 0 };
}
