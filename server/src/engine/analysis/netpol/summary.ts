/**
 * The reachability summary of a namespace: for every workload in it, which workloads of the workspace (and the
 * outside world) may reach it and which it may reach on some port, considering every policy that selects either
 * side. Pairs whose answer depends on what manifests do not say are listed with what it depends on.
 */
import { describeEndpoint } from './explain';
import { DEFAULT_REACH_OPTIONS, type Endpoint, type NetworkModel, type ReachOptions, type Reachability } from './reach';

const OUTSIDE: Endpoint = { type: 'address', cidr: '0.0.0.0/0' };

export interface WorkloadReach {
  workload: string;
  isolation: string;
  reachableFrom: string[];
  reaches: string[];
}

export function reachabilitySummary(model: NetworkModel, namespace: string, options: ReachOptions = DEFAULT_REACH_OPTIONS): WorkloadReach[] {
  const everyone: Endpoint[] = [...model.workloadsAll(), OUTSIDE];
  return model.workloadsIn(namespace).map((workload) => {
    const selecting = model.policiesSelecting(workload);
    const ingress = selecting.filter((policy) => policy.policyTypes.includes('Ingress')).map((policy) => policy.name);
    const egress = selecting.filter((policy) => policy.policyTypes.includes('Egress')).map((policy) => policy.name);
    const others = everyone.filter((other) => other !== workload);
    const listed = (pairs: [Endpoint, Reachability][]) =>
      pairs.filter(([, result]) => result.answer !== 'denied').map(([other, result]) => `${describeEndpoint(other)}${result.answer === 'depends' ? ' (depends)' : ''}`);
    return {
      workload: describeEndpoint(workload),
      isolation: [
        ingress.length ? `ingress isolated by ${ingress.join(', ')}` : 'ingress open',
        egress.length ? `egress isolated by ${egress.join(', ')}` : 'egress open',
      ].join('; '),
      reachableFrom: listed(others.map((other) => [other, model.reach(other, workload, undefined, options)])),
      reaches: listed(others.map((other) => [other, model.reach(workload, other, undefined, options)])),
    };
  });
}

export function reachabilityMarkdown(model: NetworkModel, namespace: string, options: ReachOptions = DEFAULT_REACH_OPTIONS): string {
  const rows = reachabilitySummary(model, namespace, options);
  if (rows.length === 0) return `No workload of namespace ${namespace} is in the manifests.`;
  const list = (items: string[]) => (items.length === 0 ? 'nothing' : items.join(', '));
  const depends = rows.some((row) => [...row.reachableFrom, ...row.reaches].some((item) => item.endsWith('(depends)')));
  return [
    `# Reachability in namespace ${namespace}`,
    '',
    ...rows.flatMap((row) => [`## ${row.workload}`, '', `${row.isolation}.`, '', `- Reachable from: ${list(row.reachableFrom)}`, `- Reaches: ${list(row.reaches)}`, '']),
    ...(depends ? ['"(depends)": an ipBlock decides. For address 0.0.0.0/0 it covers only some outside addresses; between pods, whether ipBlocks match pod addresses is up to the network plugin (kubeward.networkPolicy.ipBlockMatchesPods).', ''] : []),
  ].join('\n');
}
