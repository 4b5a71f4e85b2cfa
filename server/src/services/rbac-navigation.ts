/**
 * Navigation between roles and the bindings that use them: go to the role a roleRef names, find the bindings of
 * a role, and rename a role together with every roleRef that names it.
 */
import type { RoleData, SourceLocation } from '../engine/reference/policy-data';
import type { StreamAnalysis } from '../engine/linter';
import type { ManifestDocument } from '../engine/model/document';
import { type StringValue, type TextRange } from '../engine/model/nodes';
import { isRoleView, rbacObjects } from '../engine/model/views/rbac';
import type { WorkspaceIndex } from '../engine/workspace';
import { documentAt } from './locate';

export interface RoleTarget {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  /** The name under the cursor (a role's metadata.name or a roleRef.name), absolute in the stream. */
  range: TextRange;
  /** True on a role's own name, false on a roleRef. */
  isDeclaration: boolean;
}

/** The role named at an offset, through its own metadata.name or a binding's roleRef.name. */
export function roleTargetAt(analysis: StreamAnalysis, offset: number): RoleTarget | undefined {
  const entry = documentAt(analysis, offset);
  if (!entry) return undefined;
  const relative = offset - entry.offset;
  const covers = (value: StringValue | undefined) => {
    const range = value?.node.range;
    return !!range && relative >= range[0] && relative <= range[1];
  };
  const absolute = (value: StringValue) => ({ start: entry.offset + value.node.range![0], end: entry.offset + value.node.range![1] });
  for (const view of rbacObjects(entry.document)) {
    const namespace = view.metadata.namespace?.value ?? 'default';
    if (isRoleView(view)) {
      if (covers(view.metadata.name)) {
        const name = view.metadata.name!;
        return { kind: view.kind, name: name.value, ...(view.kind === 'Role' ? { namespace } : {}), range: absolute(name), isDeclaration: true };
      }
    } else if (covers(view.roleRef?.name)) {
      const kind = view.roleRef?.kind?.value;
      if (kind !== 'Role' && kind !== 'ClusterRole') return undefined;
      const name = view.roleRef!.name!;
      return { kind, name: name.value, ...(kind === 'Role' ? { namespace } : {}), range: absolute(name), isDeclaration: false };
    }
  }
  return undefined;
}

/**
 * The roles a document's bindings name, each with the roleRef name that names it. A ClusterRoleBinding cannot use
 * a Role (a rule says so), and roles that exist nowhere are left out. The roles are located, so they carry the
 * rules an aggregated ClusterRole collects and fresh source positions.
 */
export function referencedRoles(document: ManifestDocument, workspace: WorkspaceIndex): { name: StringValue; role: RoleData }[] {
  const found: { name: StringValue; role: RoleData }[] = [];
  for (const view of rbacObjects(document)) {
    if (isRoleView(view)) continue;
    const kind = view.roleRef?.kind?.value;
    const name = view.roleRef?.name;
    if (!name || (kind !== 'Role' && kind !== 'ClusterRole') || (kind === 'Role' && view.kind !== 'RoleBinding')) continue;
    const role = workspace.locatedRole(kind, name.value, view.metadata.namespace?.value ?? 'default');
    if (role) found.push({ name, role });
  }
  return found;
}

export function roleOf(target: RoleTarget, workspace: WorkspaceIndex): RoleData | undefined {
  return workspace.locatedRole(target.kind, target.name, target.namespace);
}

/** Every place that spells the role's name: its declaration and each roleRef naming it (workspace files only). */
export function roleNameLocations(role: RoleData, workspace: WorkspaceIndex): SourceLocation[] {
  const locations: SourceLocation[] = role.source ? [role.source] : [];
  for (const binding of workspace.bindingsNaming(role)) if (binding.roleRefNameSource) locations.push(binding.roleRefNameSource);
  return locations;
}
