/**
 * Reading what `kubeward netpol reach` is asked about: an endpoint (NAMESPACE/NAME, NAMESPACE/KIND/NAME, or an
 * address or CIDR outside the cluster) and a port (a number with an optional protocol, or a name of the
 * destination pod's ports). Every mistake is one line that says what would have worked.
 */
import { closest } from '../engine/analysis/spelling';
import { describeEndpoint } from '../engine/analysis/netpol/explain';
import type { WorkloadData } from '../engine/analysis/netpol/inventory';
import { parseRange } from '../engine/analysis/netpol/ip';
import type { Endpoint, NetworkModel, PortQuery } from '../engine/analysis/netpol/reach';

export class NetpolInputError extends Error {}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/** Kind names as kubectl accepts them (lower case, plural, short), for NAMESPACE/KIND/NAME. */
const KIND_NAMES: Record<string, string> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController', replicationcontrollers: 'ReplicationController', rc: 'ReplicationController',
  job: 'Job', jobs: 'Job',
  cronjob: 'CronJob', cronjobs: 'CronJob', cj: 'CronJob',
};

export function readEndpoint(model: NetworkModel, text: string): Endpoint {
  if (parseRange(text)) return { type: 'address', cidr: text };
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new NetpolInputError(`"${text}" is neither NAMESPACE/NAME, NAMESPACE/KIND/NAME nor an IP address or CIDR`);
  }
  const [namespace, kindText, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
  const kind = kindText === undefined ? undefined : KIND_NAMES[kindText.toLowerCase()];
  if (kindText !== undefined && !kind) throw new NetpolInputError(`"${kindText}" is not a kind of workload (pod, deployment, statefulset, daemonset, replicaset, replicationcontroller, job, cronjob)`);
  const inNamespace = model.workloadsIn(namespace);
  const found = inNamespace.filter((workload) => workload.name === name && (!kind || workload.kind === kind));
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const choices = found.map((workload) => `${namespace}/${workload.kind.toLowerCase()}/${name}`);
    throw new NetpolInputError(`${namespace}/${name} names ${found.map((workload) => `a ${workload.kind}`).join(' and ')}: write ${choices.join(' or ')}`);
  }
  throw new NetpolInputError(notFound(model, inNamespace, namespace, name, kind));
}

function notFound(model: NetworkModel, inNamespace: WorkloadData[], namespace: string, name: string, kind: string | undefined): string {
  const what = `no ${kind ?? 'Pod or workload'} named "${name}" in namespace "${namespace}" in the manifests`;
  if (inNamespace.length === 0) {
    const namespaces = [...new Set(model.workloadsAll().map((workload) => workload.namespace))].sort();
    const guess = closest(namespace, namespaces);
    return `${what}${guess ? `; did you mean namespace "${guess}"?` : namespaces.length ? ` (namespaces with workloads: ${namespaces.join(', ')})` : ' (they hold no workload)'}`;
  }
  const names = [...new Set(inNamespace.filter((workload) => !kind || workload.kind === kind).map((workload) => workload.name))];
  const guess = closest(name, names);
  return `${what}${guess ? `; did you mean ${namespace}/${guess}?` : ` (it has ${names.join(', ')})`}`;
}

/** What --port says: a number (TCP unless written), or a name with an optional protocol. */
export type PortText = { port: number; protocol: string } | { name: string; protocol?: string };

/** `80`, `80/TCP`, `53/udp`, `http` or `metrics/TCP`. */
export function readPort(text: string): PortText {
  const [portText, protocolText, extra] = text.split('/');
  const protocol = protocolText?.toUpperCase();
  if (extra !== undefined || !portText || (protocol !== undefined && !PROTOCOLS.has(protocol))) {
    throw new NetpolInputError(`--port must look like 443, 443/TCP, 53/UDP or a port name such as http, not "${text}"`);
  }
  if (!/^\d+$/.test(portText)) return { name: portText, ...(protocol ? { protocol } : {}) };
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new NetpolInputError(`--port ${portText} is not between 1 and 65535`);
  return { port, protocol: protocol ?? 'TCP' };
}

/** A port name resolved against the destination's pods, which must define it. */
export function resolvePort(model: NetworkModel, to: Endpoint, port: PortText): PortQuery {
  if ('port' in port) return port;
  if (to.type === 'address') throw new NetpolInputError(`the port name "${port.name}" needs a pod as TO, whose ports name it; give a number for ${to.cidr}`);
  const resolved = model.resolveNamedPort(to, port.name, port.protocol);
  if (resolved) return resolved;
  const named = to.ports.filter((candidate) => candidate.name && candidate.containerPort !== undefined).map((candidate) => `${candidate.name} (${candidate.protocol} ${candidate.containerPort})`);
  const over = port.protocol ? ` over ${port.protocol}` : '';
  throw new NetpolInputError(`${describeEndpoint(to)} has no port named "${port.name}"${over}${named.length ? `; its named ports: ${named.join(', ')}` : '; its pods name no port'}`);
}
