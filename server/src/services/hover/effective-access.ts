/**
 * Hovers that explain effective access across the workspace: on a binding's subject, everything the subject can
 * do through every binding; on a roleRef, the referenced role's rules with wildcards spelled out; on a role's
 * name, who is bound to it and where.
 */
import { userFromName, type AccessEntry, type UserInfo } from '../../engine/analysis/rbac/authorizer';
import { expandRule } from '../../engine/analysis/rbac/expand';
import { RISKS, risksOf } from '../../engine/analysis/rbac/risks';
import type { PolicyRuleData, RoleData, SourceLocation } from '../../engine/reference/policy-data';
import { isRoleView, rbacObjects, type BindingView, type SubjectView } from '../../engine/model/views/rbac';
import { abacAccessOf, asksRbac, describeAbacLine, rbacAccessOf } from '../../engine/analysis/static-auth/authorization-chain';
import type { WorkspaceIndex } from '../../engine/workspace';
import { roleTargetAt } from '../rbac-navigation';
import type { HoverProvider } from './index';
import { ruleData } from '../../engine/analysis/rbac/extract';
import { REFERENCE_KUBERNETES_VERSION } from '../../engine/reference/api-catalog';
import type { StreamAnalysis } from '../../engine/linter';
import { positionInStream, type StreamPosition } from '../locate';

const MAX_ROWS = 25;
/** Scopes (cluster-wide, then namespaces) a hover shows; the effective-access command shows them all. */
const MAX_SCOPES = 8;
/** The URI scheme of the RBAC objects read from a live cluster into the workspace index. */
export const CLUSTER_SCHEME = 'kubeward-cluster:/';

function within(node: { range?: [number, number, number] | null } | undefined, offset: number): boolean {
  return !!node?.range && offset >= node.range[0] && offset <= node.range[1];
}

/** Where a role or binding comes from: a file and line, the live cluster, or Kubernetes' built-in policy. */
export function describeLocation(workspace: WorkspaceIndex, source: SourceLocation | undefined): string {
  if (!source) return 'built into Kubernetes';
  if (source.file.startsWith(CLUSTER_SCHEME)) return `live in cluster ${decodeURIComponent(source.file.slice(CLUSTER_SCHEME.length))}`;
  const located = workspace.locate(source);
  const name = source.file.split('/').pop() ?? source.file;
  return located ? `${name}:${located.start.line + 1}` : name;
}

function ruleRow(rule: PolicyRuleData): string {
  if (rule.nonResourceURLs.length > 0) return `| ${rule.nonResourceURLs.map((url) => `\`${url}\``).join(', ')} | ${rule.verbs.join(', ')} | |`;
  const expanded = expandRule(rule);
  const resources = expanded.groups
    .map(({ group, resources, open }) => `${resources.slice(0, 8).join(', ')}${resources.length > 8 ? ` … (${resources.length})` : ''}${open ? ' and more' : ''} (${group || 'core'})`)
    .join('; ');
  const names = rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
  const risks = risksOf(rule).map((risk) => risk.label).join(', ');
  return `| ${resources}${names} | ${expanded.verbs.join(', ')}${rule.verbs.includes('*') ? ' (any verb)' : ''} | ${risks ? `⚠ ${risks}` : ''} |`;
}

/** Rules that carry risks first, the most severe risk first, so a reviewer sees what matters at the top. */
function byRisk(rules: readonly PolicyRuleData[]): PolicyRuleData[] {
  // Ranked once per rule: a subject bound many times has thousands of rules, and the sort compares each often.
  const ranked = rules.map((rule) => {
    const risks = risksOf(rule);
    return { rule, rank: risks.length === 0 ? RISKS.length : RISKS.indexOf(risks[0]) };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map(({ rule }) => rule);
}

/** A table of the first `maxRows` rules; only the rows shown are rendered (rendering expands wildcards). */
function table(rules: readonly PolicyRuleData[], maxRows = MAX_ROWS): string {
  const shown = rules.slice(0, maxRows).map(ruleRow);
  const more = rules.length > maxRows ? `\n\n… and ${rules.length - maxRows} more rules.` : '';
  return ['| resources | verbs | risk |', '| --- | --- | --- |', ...shown].join('\n') + more;
}

/** The user a subject of this binding stands for, and a note on how its namespace was decided. */
function subjectUser(binding: BindingView, subject: SubjectView): { user: UserInfo; label: string; note?: string } | undefined {
  const kind = subject.kind?.value;
  const name = subject.name?.value;
  if (!kind || !name) return undefined;
  if (kind === 'Group') return { user: { name: '', groups: [name] }, label: `Group ${name}` };
  if (kind === 'User') return { user: userFromName(name), label: `User ${name}` };
  if (kind !== 'ServiceAccount') return undefined;
  const namespace = subject.namespace?.value ?? (binding.kind === 'RoleBinding' ? binding.metadata.namespace?.value ?? 'default' : undefined);
  if (!namespace) return undefined;
  return {
    user: userFromName(`system:serviceaccount:${namespace}:${name}`),
    label: `ServiceAccount ${namespace}/${name}`,
    ...(subject.namespace ? {} : { note: `The subject has no namespace, so it is the binding's namespace, ${namespace}.` }),
  };
}

/**
 * Everything a user can do through the workspace's bindings, by scope (cluster-wide first), risks first; at most
 * `limits.rows` rules a scope and `limits.scopes` scopes.
 */
export function accessReport(
  workspace: WorkspaceIndex,
  identity: { user: UserInfo; label: string; note?: string },
  limits: { rows: number; scopes: number } = { rows: MAX_ROWS, scopes: MAX_SCOPES },
): string {
  const chain = workspace.staticAuth.chain();
  const entries = rbacAccessOf(chain, workspace.authorizer(), identity.user);
  const abacLines = abacAccessOf(chain, identity.user);
  // What every authenticated user gets from the built-in policy (discovery, self reviews) would drown the rest.
  const everyone = (entry: AccessEntry) => entry.binding.builtIn && entry.binding.subjects.every((subject) => subject.name.startsWith('system:'));
  const specific = entries.filter((entry) => !everyone(entry));
  const byScope = new Map<string, AccessEntry[]>();
  for (const entry of specific) {
    const scope = entry.namespace === undefined ? 'Cluster-wide' : `In namespace ${entry.namespace}`;
    const scoped = byScope.get(scope);
    if (scoped) scoped.push(entry);
    else byScope.set(scope, [entry]);
  }
  const bindings = new Set(specific.map((entry) => `${entry.binding.kind} ${entry.binding.name}`));
  const lines = [`**${identity.label}** can, through ${bindings.size} binding${bindings.size === 1 ? '' : 's'}:`];
  if (identity.note) lines.push('', identity.note);
  const scopes = [...byScope].sort(([a], [b]) => (a === 'Cluster-wide' ? -1 : b === 'Cluster-wide' ? 1 : a.localeCompare(b)));
  for (const [scope, scoped] of scopes.slice(0, limits.scopes)) {
    lines.push('', `${scope}:`, '', table(byRisk(scoped.map((entry) => entry.rule)), limits.rows));
  }
  if (scopes.length > limits.scopes) {
    lines.push('', `… and ${scopes.length - limits.scopes} more namespaces: **Kubeward: Show Effective Access of Subject** lists them all.`);
  }
  if (chain) {
    const order = `kube-apiserver asks ${chain.modes.join(', ')} in this order${asksRbac(chain) ? '' : ', so RBAC bindings grant nothing'}`;
    lines.push('', abacLines.length === 0 ? `${order}; no ABAC policy line names this subject.` : `${order}; ABAC policy lines that name this subject:`, '');
    for (const line of abacLines.slice(0, limits.rows)) lines.push(`- line ${line.line}: ${describeAbacLine(line)}`);
  }
  if (specific.length === 0 && abacLines.length === 0) lines.push('', 'Nothing beyond what every authenticated user may do.');
  return lines.join('\n');
}

function subjectAccess(workspace: WorkspaceIndex, binding: BindingView, subject: SubjectView, limits?: { rows: number; scopes: number }): string | undefined {
  const identity = subjectUser(binding, subject);
  return identity && accessReport(workspace, identity, limits);
}

function roleSummary(workspace: WorkspaceIndex, role: RoleData): string {
  const authorizer = workspace.authorizer();
  const rules = authorizer.effectiveRules(role);
  const sources = authorizer.aggregatedFrom(role).map((part) => part.name);
  const title = `**${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}** (${describeLocation(workspace, role.source)}) · ${rules.length} rule${rules.length === 1 ? '' : 's'}`;
  const aggregation = sources.length > 0 ? `\n\nAggregated from ${sources.slice(0, 10).join(', ')}${sources.length > 10 ? ', …' : ''}.` : '';
  return `${title}${aggregation}\n\n${table(byRisk(rules))}`;
}

/** The binding subject whose node holds a position, if any. */
function subjectAt(position: StreamPosition): { binding: BindingView; subject: SubjectView } | undefined {
  for (const view of rbacObjects(position.entry.document)) {
    if (isRoleView(view)) continue;
    const subject = view.subjects.find((candidate) => within(candidate.node, position.relativeOffset));
    if (subject) return { binding: view, subject };
  }
  return undefined;
}

/**
 * Everything the subject under the cursor can do, in full (a hover shows at most 25 rules per scope): what the
 * "effective access" command shows in a preview.
 */
export function effectiveAccessReport(analysis: StreamAnalysis, offset: number, workspace: WorkspaceIndex): string | undefined {
  const position = positionInStream(analysis, offset);
  const found = position && subjectAt(position);
  if (!found) return undefined;
  const access = subjectAccess(workspace, found.binding, found.subject, { rows: Infinity, scopes: Infinity });
  return access && `# Effective access\n\nFrom the RBAC objects of the workspace and the policy built into Kubernetes ${REFERENCE_KUBERNETES_VERSION}, risks first.\n\n${access}\n`;
}

export const effectiveAccessHover: HoverProvider = {
  id: 'effective-access',
  provide(context) {
    const { workspace, position, analysis, offset } = context;
    if (!workspace) return undefined;
    const found = subjectAt(position);
    if (found) {
      const markdown = subjectAccess(workspace, found.binding, found.subject);
      return markdown ? { markdown } : undefined;
    }
    const target = roleTargetAt(analysis, offset);
    if (target && !target.isDeclaration) {
      const role = workspace.locatedRole(target.kind, target.name, target.namespace);
      return { markdown: role ? roleSummary(workspace, role) : `No ${target.kind} "${target.name}" is defined in the workspace or built in.` };
    }
    if (target?.isDeclaration) {
      const bindings = workspace.bindingsNaming(target);
      const lines = bindings.flatMap((binding) =>
        binding.subjects.map((subject) => `- ${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name} via ${binding.kind} ${binding.name} (${describeLocation(workspace, binding.source)})`),
      );
      return { markdown: lines.length > 0 ? `**Bound to** ${lines.length} subject${lines.length === 1 ? '' : 's'}:\n\n${lines.join('\n')}` : 'No binding in the workspace refers to this role.' };
    }
    return undefined;
  },
};

/** On a rule of a role: what its wildcards really cover, and the risky capabilities it enables. */
export const ruleExpansionHover: HoverProvider = {
  id: 'rule-expansion',
  provide({ position }) {
    const relative = position.relativeOffset;
    for (const view of rbacObjects(position.entry.document)) {
      if (!isRoleView(view)) continue;
      const rule = view.rules.find((candidate) => within(candidate.node, relative));
      if (!rule) continue;
      const data = ruleData(rule);
      const risks = risksOf(data);
      const hasWildcard = [...data.verbs, ...data.apiGroups, ...data.resources].includes('*');
      if (!hasWildcard && risks.length === 0) return undefined;
      const sections: string[] = [];
      if (hasWildcard) {
        const expanded = expandRule(data);
        const groups = expanded.groups.map(({ group, resources }) => `- ${group || 'core'}: ${resources.join(', ')}`).join('\n');
        sections.push(`**This rule covers**, in Kubernetes ${REFERENCE_KUBERNETES_VERSION}:\n\n${groups}\n\nVerbs: ${expanded.verbs.join(', ')}`);
        if (expanded.open) sections.push('Its wildcards also match custom resources and anything added in later releases.');
      }
      if (risks.length > 0) sections.push(`**Enables**: ${risks.map((risk) => `${risk.label} (\`${risk.ruleId}\`)`).join('; ')}.`);
      return { markdown: sections.join('\n\n') };
    }
    return undefined;
  },
};
