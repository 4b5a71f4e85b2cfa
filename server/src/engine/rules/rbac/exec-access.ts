/**
 * Flags role rules that let their holder run commands in containers or reach into pods and nodes: pods/exec and
 * pods/attach (create, or get, which websocket clients use), pods/portforward, pods/ephemeralcontainers and the
 * kubelet API through nodes/proxy.
 */
import { describeGrants, grantsOf, resourceAnchor, roleRules, type Grant, type RoleRule } from '../../analysis/rbac/capabilities';
import { EPHEMERAL_CONTAINERS, NODE_PROXY, POD_EXEC, PORT_FORWARD } from '../../analysis/rbac/risks';
import { defineRule } from '../define-rule';

/** Strongest first: the finding's message and position follow the strongest capability the rule grants. */
const CAPABILITIES = [
  {
    messageId: 'nodeProxy',
    query: NODE_PROXY,
  },
  {
    messageId: 'podExec',
    query: POD_EXEC,
  },
  {
    messageId: 'ephemeralContainers',
    query: EPHEMERAL_CONTAINERS,
  },
  {
    messageId: 'portForward',
    query: PORT_FORWARD,
  },
] as const;

function capabilitiesOf(target: RoleRule): { messageId: (typeof CAPABILITIES)[number]['messageId']; grants: Grant[] }[] {
  return CAPABILITIES.map((capability) => ({ messageId: capability.messageId, grants: grantsOf(target, capability.query) })).filter(
    (found) => found.grants.length > 0,
  );
}

export default defineRule({
  id: 'rbac/exec-access',
  meta: {
    summary: 'Role can run commands in pods or on nodes.',
    why: 'Running a command in a container hands over everything the container has: its service account token, mounted Secrets and network position; the kubelet API behind nodes/proxy does the same for every pod on a node, without the API server admission and audit that pods/exec goes through.',
    severity: 'warning',
    risk: true,
    scope: 'kubernetes',
    messages: {
      nodeProxy: 'Grants {grants}: whoever holds it can use the kubelet API to run commands in every pod on the node, outside API server admission control and audit.',
      podExec: 'Grants {grants}: whoever holds it can run commands in containers of pods in scope and use their service account tokens, mounted Secrets and network access.',
      ephemeralContainers: 'Grants {grants}: whoever holds it can add a container of their choice to running pods in scope and use their service account tokens, mounted Secrets and network access.',
      portForward: 'Grants {grants}: whoever holds it can connect to any port of pods in scope directly, past Services and NetworkPolicies.',
    },
  },
  check(doc, context) {
    for (const target of roleRules(doc)) {
      const found = capabilitiesOf(target);
      if (found.length === 0) continue;
      const all = found.flatMap((capability) => capability.grants);
      context.report({ at: resourceAnchor(found[0].grants).node, messageId: found[0].messageId, data: { grants: describeGrants(all) } });
    }
  },
});
