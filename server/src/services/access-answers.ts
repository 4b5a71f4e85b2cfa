/**
 * Answers to the editor's access questions (can-i, who-can, a subject's access) from a workspace index, as
 * Markdown. The same questions are asked of the index of the workspace's manifests and of the index of a live
 * cluster's RBAC objects, so the answers can be shown side by side.
 */
import type { Grant, UserInfo } from '../engine/analysis/rbac/authorizer';
import type { WorkspaceIndex } from '../engine/workspace';
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

export function canI(index: WorkspaceIndex, target: AccessTarget, user: UserInfo): CanIAnswer {
  const decision = index.authorizer().authorize(accessRequest(target, user));
  return { allowed: decision.allowed, grants: decision.grants.map((grant) => describeGrant(index, grant)) };
}

export function whoCanMarkdown(index: WorkspaceIndex, target: AccessTarget): string {
  const entries = index.authorizer().whoCan(whoCanQuery(target));
  // What was written for this workspace or cluster comes first; the built-in policy's system users follow.
  const ordered = [...entries.filter((entry) => !entry.binding.builtIn), ...entries.filter((entry) => entry.binding.builtIn)];
  const rows = ordered.map((entry) => {
    const subject = `${entry.subject.kind} ${entry.subject.namespace ? `${entry.subject.namespace}/` : ''}${entry.subject.name}`;
    return `| ${subject} | ${describeGrant(index, entry)} |`;
  });
  const title = `# Who can ${describeTarget(target)}`;
  return rows.length === 0 ? `${title}\n\nNo subject can.\n` : `${title}\n\n| subject | granted by |\n| --- | --- |\n${rows.join('\n')}\n`;
}

export function subjectAccessMarkdown(index: WorkspaceIndex, user: UserInfo, label: string): string {
  return `# Effective access of ${label}\n\nRisks first.\n\n${accessReport(index, { user, label }, { rows: Infinity, scopes: Infinity })}\n`;
}
