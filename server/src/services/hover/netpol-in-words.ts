/**
 * NetworkPolicy in plain words: on the policy's name a summary of its whole effect, on `podSelector` which pods
 * (and which workloads of the workspace) it selects, on `ingress`/`egress`, a rule or a peer one sentence each,
 * always saying whether selectors in a peer combine with AND or as alternatives (OR).
 */
import type { Node } from 'yaml';
import { describeSelector, explainDirection, explainPeer, explainPolicy, explainRule } from '../../engine/analysis/netpol/explain';
import { relativeNetworkPolicy, type NetworkPolicyData } from '../../engine/analysis/netpol/policy';
import { networkPolicyOf } from '../../engine/model/views/netpol';
import type { WorkspaceIndex } from '../../engine/workspace';
import type { HoverProvider } from './index';

function within(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && offset >= node.range[0] && offset <= node.range[1];
}

function selectedWorkloads(workspace: WorkspaceIndex | undefined, policy: NetworkPolicyData): string {
  if (!workspace) return '';
  const workloads = workspace.network.model().workloadsSelectedBy(policy);
  if (workloads.length === 0) return '\n\nNo workload in the workspace matches.';
  const names = workloads.map((workload) => `${workload.kind} ${workload.name}`);
  return `\n\nIn the workspace: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}.`;
}

/** The explanations are phrases meant to be embedded; a hover shows them as sentences. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

export const netpolInWordsHover: HoverProvider = {
  id: 'netpol-in-words',
  provide({ position, workspace }) {
    const view = networkPolicyOf(position.entry.document);
    const policy = relativeNetworkPolicy(position.entry.document);
    if (!view || !policy) return undefined;
    const offset = position.relativeOffset;
    if (within(view.name?.node, offset)) return { markdown: explainPolicy(policy) };
    if (view.podSelector && (within(view.podSelector.key, offset) || within(view.podSelector.node, offset))) {
      return { markdown: `Selects the pods with ${describeSelector(policy.podSelector)} in namespace ${policy.namespace}.${selectedWorkloads(workspace, policy)}` };
    }
    for (const [direction, side, rules] of [['Ingress', view.ingress, policy.ingress], ['Egress', view.egress, policy.egress]] as const) {
      if (!side) continue;
      if (within(side.key, offset)) return { markdown: sentence(explainDirection(policy, direction)) };
      for (const ruleView of side.rules) {
        if (!within(ruleView.node, offset)) continue;
        const rule = rules.find((candidate) => candidate.index === ruleView.index);
        if (!rule) return undefined;
        const peerView = ruleView.peers?.items.find((peer) => within(peer.node, offset));
        const peer = peerView && rule.peers.find((candidate) => candidate.index === peerView.index);
        if (!peer) return { markdown: sentence(explainRule(policy, rule, direction)) };
        // A peer with both selectors already says "both must match"; a peer among others is one alternative.
        const alternatives = rule.peers.length > 1 && !(peerView.podSelector && peerView.namespaceSelector)
          ? ` It is one of ${rule.peers.length} peers of this rule, and any one of them is enough (OR).`
          : '';
        return { markdown: `${sentence(`this peer admits ${explainPeer(policy, peer)}`)}${alternatives}` };
      }
    }
    return undefined;
  },
};
