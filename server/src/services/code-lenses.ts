/**
 * Code lenses: above a role, how many subjects it is bound to; above a binding, what it grants; above either,
 * what changed since the revision the workspace was compared with; above a NetworkPolicy, how many workloads of
 * the workspace it selects; above a Pod or workload, the Pod Security level its pods meet.
 */
import type { StreamAnalysis } from '../engine/linter';
import type { TextRange } from '../engine/model/nodes';
import { isRoleView, rbacObjects } from '../engine/model/views/rbac';
import type { WorkspaceIndex } from '../engine/workspace';
import { expandRule } from '../engine/analysis/rbac/expand';
import type { PolicyRuleData } from '../engine/reference/policy-data';
import { risksOf } from '../engine/analysis/rbac/risks';
import { relativeNetworkPolicy } from '../engine/analysis/netpol/policy';
import { networkPolicyOf } from '../engine/model/views/netpol';
import { levelsMet } from '../engine/analysis/pod-security/levels-met';
import { record } from '../engine/validation/data';
import { objectKey } from './access-diff-words';

export interface Lens {
  range: TextRange;
  title: string;
}

/** `Pod Security: meets baseline (restricted needs 4 changes)` above a Pod or workload. */
function podSecurityLens(document: StreamAnalysis['documents'][number]['document']): string | undefined {
  const object = record(document.data().data);
  const met = object && document.category === 'kubernetes' ? levelsMet(object) : undefined;
  if (!met) return undefined;
  return met.next ? `Pod Security: meets ${met.meets} (${met.next.level} needs ${plural(met.next.violations.length, 'change')})` : 'Pod Security: meets restricted';
}

/**
 * `changes`, when the workspace was compared with a revision, holds the titles of the bindings and roles whose
 * grants changed since (changeLensTitles), by objectKey.
 */
export function codeLenses(analysis: StreamAnalysis, workspace: WorkspaceIndex, changes?: ReadonlyMap<string, string[]>): Lens[] {
  const lenses: Lens[] = [];
  for (const { document, offset } of analysis.documents) {
    const policy = relativeNetworkPolicy(document);
    const policyView = networkPolicyOf(document);
    if (policy && policyView) {
      const [start, end] = policyView.kindNode.range ?? [0, 0];
      const count = workspace.network.model().workloadsSelectedBy(policy).length;
      lenses.push({ range: { start: offset + start, end: offset + end }, title: `selects ${plural(count, 'workload')}` });
    }
    const podLens = podSecurityLens(document);
    if (podLens && document.kind) {
      const [start, end] = document.kind.node.range ?? [0, 0];
      lenses.push({ range: { start: offset + start, end: offset + end }, title: podLens });
    }
    for (const view of rbacObjects(document)) {
      const [start, end] = view.kindNode.range ?? [0, 0];
      const range = { start: offset + start, end: offset + end };
      const namespace = view.metadata.namespace?.value ?? 'default';
      const name = view.metadata.name?.value;
      const namespaced = view.kind === 'Role' || view.kind === 'RoleBinding';
      for (const title of (name && changes?.get(objectKey(view.kind, namespaced ? namespace : undefined, name))) || []) lenses.push({ range, title });
      if (isRoleView(view)) {
        if (!name) continue;
        const bindings = workspace.bindingsNaming({ kind: view.kind, name, ...(view.kind === 'Role' ? { namespace } : {}) });
        const subjects = new Set(bindings.flatMap((binding) => binding.subjects.map((subject) => `${subject.kind}/${subject.namespace ?? ''}/${subject.name}`)));
        lenses.push({ range, title: `bound to ${plural(subjects.size, 'subject')} through ${plural(bindings.length, 'binding')}` });
      } else {
        const kind = view.roleRef?.kind?.value;
        const name = view.roleRef?.name?.value;
        if (!kind || !name) continue;
        const role = workspace.locatedRole(kind, name, namespace);
        if (!role) {
          lenses.push({ range, title: `${kind} ${name} not found` });
          continue;
        }
        const rules = workspace.authorizer().effectiveRules(role);
        const risky = rules.filter((rule) => risksOf(rule).length > 0).length;
        lenses.push({ range, title: `grants ${plural(rules.reduce((sum, rule) => sum + permissionCount(rule), 0), 'permission')} (${risky} risky)` });
      }
    }
  }
  return lenses;
}

/** Verb and resource (or URL) pairs a rule grants, with its wildcards spelled out. */
function permissionCount(rule: PolicyRuleData): number {
  if (rule.nonResourceURLs.length > 0) return rule.nonResourceURLs.length * rule.verbs.length;
  const expanded = expandRule(rule);
  return expanded.groups.reduce((sum, group) => sum + group.resources.length, 0) * expanded.verbs.length;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
