/**
 * An audit Policy, as kube-apiserver reads it from --audit-policy-file: what makes it refuse to start (errors),
 * fields it ignores, rules that can never apply because an earlier rule matches every request they would (the
 * first matching rule decides), rules that write credentials into the audit log, and Secret reads nobody records.
 */
import { credentialLeaks, readAuditPolicy, secretReadsAudited, shadowedBy } from '../../analysis/controlplane/audit-policy';
import { reportAt, reportDecodeProblems } from '../../analysis/controlplane/report-at';
import { record } from '../../validation/data';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'controlplane/audit-policy',
  meta: {
    summary: 'Audit policy that kube-apiserver refuses, that writes credentials into the audit log, or whose rules never apply.',
    why: 'The audit policy decides what the API server records about every request; a mistake stops kube-apiserver from starting, a rule at Request or RequestResponse for Secrets or tokens copies credentials into log files, and a rule shadowed by an earlier one silently never applies.',
    severity: 'error',
    messageSeverity: { ignored: 'warning', shadowed: 'warning', credentialsLogged: 'warning', secretReadsUnaudited: 'warning' },
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      refused: 'kube-apiserver refuses to start with this policy: {field} {problem}.',
      oldVersion: 'kube-apiserver 1.36 reads only audit.k8s.io/v1 policies: it refuses to start with {apiVersion}.',
      ignored: '"{key}" is not a field here, so kube-apiserver ignores it{hint}.',
      renameField: 'Rename "{key}" to "{suggestion}"',
      shadowed: 'This rule never applies: rule {earlier} matches every request it would, and the first rule that matches decides the level.',
      credentialsLogged: 'Level {level} here logs {what}: the audit log then holds {holds}. Log them at Metadata.',
      secretReadsUnaudited: 'No rule logs reads of Secrets (they fall to level None): nothing records who read them. Add a rule logging secrets at Metadata.',
    },
  },
  check(doc, context) {
    const apiVersion = doc.apiVersion?.value ?? '';
    if (doc.kind?.value !== 'Policy' || !apiVersion.startsWith('audit.k8s.io/')) return;
    if (apiVersion !== 'audit.k8s.io/v1') {
      reportAt(doc, context, ['apiVersion'], { messageId: 'oldVersion', data: { apiVersion } });
      return;
    }
    const object = record(doc.data().data);
    if (!object) return;
    const reading = readAuditPolicy(object);
    reportDecodeProblems(doc, context, reading.problems, { refused: 'refused', renameField: 'renameField', ignored: 'ignored' });
    if (reading.problems.some((problem) => problem.kind === 'refused')) return;
    const rules = reading.rules;
    rules.forEach((_, index) => {
      const earlier = shadowedBy(rules, index);
      if (earlier !== undefined) reportAt(doc, context, ['rules', index, 'level'], { messageId: 'shadowed', data: { earlier: earlier + 1 } }, { onKey: true });
    });
    for (const [index, leak] of credentialLeaks(rules)) {
      reportAt(doc, context, ['rules', index, 'level'], { messageId: 'credentialsLogged', data: { level: rules[index].level, what: joined(leak.what), holds: joined(leak.holds) } });
    }
    if (!secretReadsAudited(rules)) reportAt(doc, context, ['rules'], { messageId: 'secretReadsUnaudited' }, { onKey: true });
  },
});

function joined(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
