/**
 * An AuthenticationConfiguration, as kube-apiserver reads it from --authentication-config: what makes it refuse to
 * start (errors: its decoder is strict), and anonymous access turned on for every path.
 */
import { AUTHENTICATION_CONFIG_VERSIONS, readAuthenticationConfiguration } from '../../analysis/controlplane/authentication-config';
import { reportAt, reportDecodeProblems } from '../../analysis/controlplane/report-at';
import { record } from '../../validation/data';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'controlplane/authentication-config',
  meta: {
    summary: 'AuthenticationConfiguration that kube-apiserver refuses, or that lets anonymous requests in everywhere.',
    why: 'The structured authentication configuration decides which token issuers kube-apiserver trusts and how their claims become users and groups; a mistake stops it from starting, and anonymous access on every path hands system:anonymous whatever is bound to system:unauthenticated.',
    severity: 'error',
    messageSeverity: { anonymousEverywhere: 'warning' },
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      refused: 'kube-apiserver refuses to start with this configuration: {field} {problem}.',
      renameField: 'Rename "{key}" to "{suggestion}"',
      anonymousEverywhere: 'Anonymous requests are accepted on every path, as system:anonymous in group system:unauthenticated; list the paths that need them (such as /healthz, /livez, /readyz) under conditions.',
    },
  },
  check(doc, context) {
    if (doc.kind?.value !== 'AuthenticationConfiguration' || !AUTHENTICATION_CONFIG_VERSIONS.includes(doc.apiVersion?.value ?? '')) return;
    const object = record(doc.data().data);
    if (!object) return;
    const reading = readAuthenticationConfiguration(object);
    reportDecodeProblems(doc, context, reading.problems, { refused: 'refused', renameField: 'renameField' });
    if (reading.problems.length === 0 && reading.anonymous?.enabled && reading.anonymous.paths.length === 0) reportAt(doc, context, ['anonymous', 'enabled'], { messageId: 'anonymousEverywhere' });
  },
});
