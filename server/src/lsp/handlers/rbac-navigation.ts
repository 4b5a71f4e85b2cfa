/**
 * LSP handlers for navigating RBAC objects across the workspace: definition from a roleRef to its role,
 * references from a role to the bindings naming it, renaming a role with its roleRefs, and code lenses.
 */
import { ResponseError, ErrorCodes, type CodeLens, type Location, type WorkspaceEdit } from 'vscode-languageserver';
import type { SourceLocation } from '../../engine/reference/policy-data';
import { roleNameLocations, roleOf, roleTargetAt } from '../../services/rbac-navigation';
import { codeLenses } from '../../services/code-lenses';
import { toRange } from '../convert';
import type { ServerSession } from '../session';

export function registerRbacNavigation(session: ServerSession): void {
  const { connection, workspace } = session;
  const toLocation = (source: SourceLocation): Location | undefined => {
    const located = workspace.locate(source);
    return located && { uri: located.file, range: { start: located.start, end: located.end } };
  };

  connection.onDefinition(async (params, token) => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    const target = roleTargetAt(result.analysis, result.lines.offsetAt(params.position));
    const role = target && roleOf(target, workspace);
    return role?.source ? (toLocation(role.source) ?? null) : null;
  });

  connection.onReferences(async (params, token) => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    const target = roleTargetAt(result.analysis, result.lines.offsetAt(params.position));
    if (!target) return null;
    const role = roleOf(target, workspace) ?? target;
    const locations = workspace.bindingsNaming(role).flatMap((binding) => (binding.roleRefNameSource ? [binding.roleRefNameSource] : []));
    if (params.context.includeDeclaration && 'source' in role && role.source) locations.unshift(role.source);
    return locations.flatMap((source) => toLocation(source) ?? []);
  });

  connection.onPrepareRename(async (params, token) => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    const target = roleTargetAt(result.analysis, result.lines.offsetAt(params.position));
    const role = target && roleOf(target, workspace);
    if (!target || !role || role.builtIn) return null;
    return { range: toRange(result.lines, target.range), placeholder: target.name };
  });

  connection.onRenameRequest(async (params, token) => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    const target = roleTargetAt(result.analysis, result.lines.offsetAt(params.position));
    const role = target && roleOf(target, workspace);
    if (!role) return null;
    if (role.builtIn) throw new ResponseError(ErrorCodes.InvalidRequest, `${role.name} is built into Kubernetes and cannot be renamed.`);
    const changes: NonNullable<WorkspaceEdit['changes']> = {};
    for (const source of roleNameLocations(role, workspace)) {
      const location = toLocation(source);
      if (location) (changes[location.uri] ??= []).push({ range: location.range, newText: params.newName });
    }
    return { changes };
  });

  connection.onCodeLens(async (params, token) => {
    const result = await session.analysed(params.textDocument.uri, token);
    if (!result) return null;
    return codeLenses(result.analysis, workspace, session.comparison?.lensTitles(workspace)).map(
      (lens): CodeLens => ({ range: toRange(result.lines, lens.range), command: { title: lens.title, command: '' } }),
    );
  });
}
