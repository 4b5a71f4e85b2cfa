/**
 * Names of objects the workspace defines, for completing references to them, from what the workspace index keeps:
 * every named object, the built-in roles and the namespaces objects are put in.
 */
import type { WorkspaceIndex } from '../../engine/workspace';

export interface NamedObject {
  name: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  builtIn?: boolean;
}

/** Objects of a kind in an API group (roles with the built-in ones, workspace ones first). */
export function objectsOf(workspace: WorkspaceIndex, group: string, resource: string, kind: string | undefined): NamedObject[] {
  if (group === 'rbac.authorization.k8s.io' && (resource === 'roles' || resource === 'clusterroles')) {
    return rolesOf(workspace, resource === 'roles' ? 'Role' : 'ClusterRole');
  }
  if (group === '' && resource === 'namespaces') return namespacesOf(workspace).map((name) => ({ name }));
  if (!kind) return [];
  const seen = new Set<string>();
  return workspace.objects.named(group, kind).flatMap(({ name, namespace }) => {
    const key = `${namespace ?? ''}/${name}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ name, ...(namespace ? { namespace } : {}) }];
  });
}

/** Roles or ClusterRoles: the workspace's, then the built-in ones (those of `system:` last). */
export function rolesOf(workspace: WorkspaceIndex, kind: 'Role' | 'ClusterRole'): NamedObject[] {
  const roles = workspace.policy().roles.filter((role) => role.kind === kind);
  const rank = (role: { builtIn?: boolean; name: string }) => (!role.builtIn ? 0 : role.name.startsWith('system:') ? 2 : 1);
  return [...roles]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .map(({ name, namespace, builtIn }) => ({ name, ...(namespace ? { namespace } : {}), ...(builtIn ? { builtIn } : {}) }));
}

/** Namespaces the workspace declares or puts objects in, sorted. */
export function namespacesOf(workspace: WorkspaceIndex): string[] {
  const model = workspace.network.model();
  const names = new Set<string>([
    ...model.namespaces.map((namespace) => namespace.name),
    ...model.workloadsAll().map((workload) => workload.namespace),
    ...workspace.serviceAccounts.all().map((account) => account.namespace),
  ]);
  return [...names].sort();
}
