/**
 * An AuthorizationConfiguration, as kube-apiserver reads it from --authorization-config: what makes it refuse to
 * start (errors: its decoder is strict), and chains that undo authorization: AlwaysAllow, no RBAC, authorizers
 * never asked because AlwaysAllow comes first, AlwaysDeny followed by others (it answers "no opinion", so it denies
 * nothing they allow), and a webhook whose failure falls through to an authorizer that allows everything.
 */
import { AUTHORIZATION_CONFIG_VERSIONS, readAuthorizationConfiguration } from '../../analysis/controlplane/authorization-config';
import { reportAt, reportDecodeProblems } from '../../analysis/controlplane/report-at';
import { record } from '../../validation/data';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'controlplane/authorization-config',
  meta: {
    summary: 'AuthorizationConfiguration that kube-apiserver refuses, or whose authorizer chain lets requests through.',
    why: 'The authorization configuration decides which authorizers answer every request and in which order; a mistake stops kube-apiserver from starting, and AlwaysAllow, a missing RBAC or a webhook failing open to a permissive authorizer makes every Role in the cluster meaningless.',
    severity: 'error',
    messageSeverity: { alwaysAllow: 'warning', noRbac: 'warning', neverAsked: 'warning', failsOpen: 'warning', alwaysDenyPassesOn: 'warning' },
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      refused: 'kube-apiserver refuses to start with this configuration: {field} {problem}.',
      renameField: 'Rename "{key}" to "{suggestion}"',
      alwaysAllow: 'AlwaysAllow allows every request that reaches it, whatever RBAC or any authorizer after it would say.',
      noRbac: 'No RBAC authorizer: Roles, ClusterRoles and their bindings grant nothing in this cluster.',
      neverAsked: 'This authorizer is never asked: AlwaysAllow before it decides every request.',
      alwaysDenyPassesOn: 'AlwaysDeny does not deny: it answers "no opinion", so {next} after it still decides every request.',
      failsOpen: 'When this webhook fails or times out, failurePolicy NoOpinion passes the request on, and {next} after it allows it: an outage of the webhook opens the cluster.',
    },
  },
  check(doc, context) {
    if (doc.kind?.value !== 'AuthorizationConfiguration' || !AUTHORIZATION_CONFIG_VERSIONS.includes(doc.apiVersion?.value ?? '')) return;
    const object = record(doc.data().data);
    if (!object) return;
    const reading = readAuthorizationConfiguration(object);
    reportDecodeProblems(doc, context, reading.problems, { refused: 'refused', renameField: 'renameField' });
    if (reading.problems.length > 0) return;
    const { authorizers } = reading;
    // AlwaysDeny answers "no opinion" (k8s.io/apiserver authorizerfactory): only AlwaysAllow ends the chain.
    const decisive = authorizers.findIndex((authorizer) => authorizer.type === 'AlwaysAllow');
    authorizers.forEach((authorizer, index) => {
      if (authorizer.type === 'AlwaysAllow') reportAt(doc, context, ['authorizers', index, 'type'], { messageId: 'alwaysAllow' });
      if (decisive >= 0 && index > decisive) reportAt(doc, context, ['authorizers', index, 'type'], { messageId: 'neverAsked' });
      const following = authorizers[index + 1];
      if (authorizer.type === 'AlwaysDeny' && following) reportAt(doc, context, ['authorizers', index, 'type'], { messageId: 'alwaysDenyPassesOn', data: { next: following.type } });
      const next = authorizers.slice(index + 1).find((later) => later.type === 'AlwaysAllow');
      if (authorizer.type === 'Webhook' && authorizer.failurePolicy === 'NoOpinion' && next && (decisive < 0 || index < decisive)) {
        reportAt(doc, context, ['authorizers', index, 'webhook', 'failurePolicy'], { messageId: 'failsOpen', data: { next: next.type } });
      }
    });
    if (!authorizers.some((authorizer) => authorizer.type === 'RBAC')) reportAt(doc, context, ['authorizers'], { messageId: 'noRbac' }, { onKey: true });
  },
});
