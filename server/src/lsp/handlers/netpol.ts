/**
 * The NetworkPolicy requests of the editor's commands: which workloads of a namespace can reach which, and the
 * namespaces that hold workloads, both from the workspace's policies.
 */
import { reachabilityMarkdown } from '../../engine/analysis/netpol/summary';
import { NetworkReachabilityRequest, WorkloadNamespacesRequest } from '../../protocol';
import type { ServerSession } from '../session';

export function registerNetpol(session: ServerSession): void {
  const { connection, workspace } = session;
  connection.onRequest(NetworkReachabilityRequest.type, async ({ namespace }) => ({
    markdown: reachabilityMarkdown(workspace.network.model(), namespace, await session.settings.networkPolicy()),
  }));
  connection.onRequest(WorkloadNamespacesRequest.type, () => ({
    namespaces: [...new Set(workspace.network.model().workloadsAll().map((workload) => workload.namespace))].sort(),
  }));
}
