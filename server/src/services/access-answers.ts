/**
 * Answers to the editor's access questions (can-i, who-can, a subject's access) from a workspace index, as
 * Markdown. The same questions are asked of the index of the workspace's manifests and of the index of a live
 * cluster's RBAC objects, so the answers can be shown side by side.
 */
import type { Grant, UserInfo } from '../engine/analysis/rbac/authorizer';
import type { WorkspaceIndex } from '../engine/workspace';
import type { AbacLine } from '../engine/analysis/static-auth/abac-file';
import { abacSubjectLabel, abacWhoCan, authorizeThrough, describeAbacLine, rbacWhoCan } from '../engine/analysis/static-auth/authorization-chain';
import type { AuthorizationChain } from '../engine/analysis/static-auth/references';
import { accessRequest, describeTarget, whoCanQuery } from './access-questions';
import type { AccessTarget } from '../protocol';
import { accessReport, describeLocation } from './hover/effective-access';

export interface CanIAnswer {
  allowed: boolean;
  /** One line per granting rule: binding → role, rule, and where each is written. */
  grants: string[];
}

function describeGrant(index: WorkspaceIndex, grant: Grant): string {
  const { binding, role } = grant;
  const bindingName = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
  const roleName = role.namespace ? `${role.namespace}/${role.name}` : role.name;
  const author = index.authorizer().definingRole(grant.rule);
  const writtenIn = author && author !== role ? `, written in ${author.kind} ${author.name}` : '';
  return `${binding.kind} ${bindingName} (${describeLocation(index, binding.source)}) → ${role.kind} ${roleName}, rule ${grant.ruleIndex + 1}${writtenIn}`;
}

/** An ABAC line that allows a request: the line and where the policy file is. */
function describeAbacGrant(index: WorkspaceIndex, chain: AuthorizationChain | undefined, line: AbacLine): string {
  const where = chain?.abacFile ? describeLocation(index, { file: chain.abacFile, start: line.range.start, end: line.range.end }) : 'the policy file';
  return `ABAC policy line ${line.line} (${where}): ${describeAbacLine(line)}`;
}

/**
 * Whether the user may make the request: through RBAC alone, or, when the workspace's kube-apiserver runs ABAC,
 * through its authorizers in the order of --authorization-mode.
 */
export function canI(index: WorkspaceIndex, target: AccessTarget, user: UserInfo): CanIAnswer {
  const chain = index.staticAuth.chain();
  const decision = authorizeThrough(chain, index.authorizer(), accessRequest(target, user));
  const grants = [...decision.grants.map((grant) => describeGrant(index, grant)), ...decision.abacLines.slice(0, 1).map((line) => describeAbacGrant(index, chain, line))];
  if (decision.decidedBy === 'AlwaysAllow') grants.push('AlwaysAllow in --authorization-mode');
  return { allowed: decision.allowed, grants };
}

export function whoCanMarkdown(index: WorkspaceIndex, target: AccessTarget): string {
  const chain = index.staticAuth.chain();
  const entries = rbacWhoCan(chain, index.authorizer(), whoCanQuery(target));
  // What was written for this workspace or cluster comes first; the built-in policy's system users follow.
  const ordered = [...entries.filter((entry) => !entry.binding.builtIn), ...entries.filter((entry) => entry.binding.builtIn)];
  const rows = [
    ...abacWhoCan(chain, whoCanQuery(target)).map((line) => `| ${abacSubjectLabel(line)} | ${describeAbacGrant(index, chain, line)} |`),
    ...ordered.map((entry) => {
      const subject = `${entry.subject.kind} ${entry.subject.namespace ? `${entry.subject.namespace}/` : ''}${entry.subject.name}`;
      return `| ${subject} | ${describeGrant(index, entry)} |`;
    }),
  ];
  const title = `# Who can ${describeTarget(target)}`;
  return rows.length === 0 ? `${title}\n\nNo subject can.\n` : `${title}\n\n| subject | granted by |\n| --- | --- |\n${rows.join('\n')}\n`;
}

export function subjectAccessMarkdown(index: WorkspaceIndex, user: UserInfo, label: string): string {
  return `# Effective access of ${label}\n\nRisks first.\n\n${accessReport(index, { user, label }, { rows: Infinity, scopes: Infinity })}\n`;
}
