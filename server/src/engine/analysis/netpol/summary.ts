/**
 * The reachability summary of a namespace: for every workload in it, which workloads of the workspace (and the
 * outside world) may reach it and which it may reach, considering every policy that selects either side.
 */
import { describeEndpoint } from './explain';
import type { Endpoint, NetworkModel } from './reach';

const OUTSIDE: Endpoint = { type: 'address', cidr: '0.0.0.0/0' };

export interface WorkloadReach {
  workload: string;
  isolation: string;
  reachableFrom: string[];
  reaches: string[];
}

export function reachabilitySummary(model: NetworkModel, namespace: string): WorkloadReach[] {
  const everyone: Endpoint[] = [...model.workloadsAll(), OUTSIDE];
  return model.workloadsIn(namespace).map((workload) => {
    const selecting = model.policiesSelecting(workload);
    const ingress = selecting.filter((policy) => policy.policyTypes.includes('Ingress')).map((policy) => policy.name);
    const egress = selecting.filter((policy) => policy.policyTypes.includes('Egress')).map((policy) => policy.name);
    const others = everyone.filter((other) => other !== workload);
    return {
      workload: describeEndpoint(workload),
      isolation: [
        ingress.length ? `ingress isolated by ${ingress.join(', ')}` : 'ingress open',
        egress.length ? `egress isolated by ${egress.join(', ')}` : 'egress open',
      ].join('; '),
      reachableFrom: others.filter((other) => model.reach(other, workload).allowed).map(describeEndpoint),
      reaches: others.filter((other) => model.reach(workload, other).allowed).map(describeEndpoint),
    };
  });
}

export function reachabilityMarkdown(model: NetworkModel, namespace: string): string {
  const rows = reachabilitySummary(model, namespace);
  if (rows.length === 0) return `No workload of namespace ${namespace} is in the workspace.`;
  const list = (items: string[]) => (items.length === 0 ? 'nothing' : items.join(', '));
  return [
    `# Reachability in namespace ${namespace}`,
    '',
    ...rows.flatMap((row) => [`## ${row.workload}`, '', `${row.isolation}.`, '', `- Reachable from: ${list(row.reachableFrom)}`, `- Reaches: ${list(row.reaches)}`, '']),
  ].join('\n');
}
