/**
 * `kubeward netpol explain` and `kubeward netpol reach`: what the NetworkPolicies in the manifests (the files named
 * with -f, by default the current directory) allow, in plain words, and whether one workload or address can reach
 * another, citing the policies and rules responsible by file and line.
 */
import { parseArgs } from 'node:util';
import { parseRange } from '../engine/analysis/netpol/ip';
import type { SourceLocation } from '../engine/reference/policy-data';
import { describeEndpoint, explainPolicy, explainRule } from '../engine/analysis/netpol/explain';
import { DEFAULT_CONFIG } from '../engine/config';
import { loadPolicy } from './policy-files';
import { reachabilityMarkdown } from '../engine/analysis/netpol/summary';
import type { Endpoint, NetworkModel, PortQuery, Verdict } from '../engine/analysis/netpol/reach';
import { LineIndex } from '../engine/model/line-index';
import type { AccessIo } from './access';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes';

export class NetpolUsageError extends Error {}

interface Loaded {
  model: NetworkModel;
  lines: Map<string, LineIndex>;
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

export function runNetpol(args: string[], io: AccessIo): number {
  const [subcommand, ...rest] = args;
  if (subcommand === 'explain') return explain(rest, io);
  if (subcommand === 'reach') return reach(rest, io);
  if (subcommand === 'summary') return summary(rest, io);
  throw new NetpolUsageError(subcommand ? `unknown netpol subcommand "${subcommand}"` : 'netpol needs a subcommand: explain, reach or summary');
}

function explain(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { filename: { type: 'string', short: 'f', multiple: true } } });
  if (positionals.length > 0) throw new NetpolUsageError(`netpol explain takes no arguments; name files with -f (got "${positionals[0]}")`);
  const { model, lines } = load(values.filename, io);
  if (model.policies.length === 0) io.write('No NetworkPolicy in the manifests: every pod accepts and sends all traffic.\n');
  for (const policy of model.policies) {
    io.write(`NetworkPolicy ${policy.namespace}/${policy.name} (${where(lines, policy.source)})\n`);
    io.write(`  ${explainPolicy(policy)}\n`);
    const selected = model.workloadsSelectedBy(policy).map(describeEndpoint);
    io.write(`  Selects: ${selected.length > 0 ? selected.join(', ') : 'no workload in the manifests'}\n`);
  }
  return EXIT_OK;
}

function summary(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { filename: { type: 'string', short: 'f', multiple: true }, namespace: { type: 'string', short: 'n' } } });
  if (positionals.length > 0 || !values.namespace) throw new NetpolUsageError('netpol summary needs -n NAMESPACE and no other argument');
  io.write(reachabilityMarkdown(load(values.filename, io).model, values.namespace) + '\n');
  return EXIT_OK;
}

function reach(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filename: { type: 'string', short: 'f', multiple: true }, port: { type: 'string' } },
  });
  if (positionals.length !== 2) throw new NetpolUsageError('netpol reach needs FROM and TO, each NAMESPACE/WORKLOAD or an IP address or CIDR');
  const port = values.port === undefined ? undefined : readPort(values.port);
  const loaded = load(values.filename, io);
  const from = readEndpoint(loaded.model, positionals[0]);
  const to = readEndpoint(loaded.model, positionals[1]);
  const result = loaded.model.reach(from, to, port);
  io.write(result.allowed ? 'allowed\n' : 'denied\n');
  io.write(`  ${describeVerdict(loaded, result.egress, from, `egress from ${describeEndpoint(from)}`)}\n`);
  io.write(`  ${describeVerdict(loaded, result.ingress, to, `ingress to ${describeEndpoint(to)}`)}\n`);
  return result.allowed ? EXIT_OK : EXIT_FINDINGS;
}

function describeVerdict(loaded: Loaded, verdict: Verdict, endpoint: Endpoint, side: string): string {
  if (endpoint.type === 'address') return `${side}: not restricted (NetworkPolicies govern pods, not addresses outside the cluster)`;
  if (!verdict.isolated) return `${side}: not restricted (no NetworkPolicy selects it for ${verdict.direction.toLowerCase()})`;
  if (!verdict.allowed) {
    const policies = verdict.isolatedBy.map((policy) => `${policy.namespace}/${policy.name} (${where(loaded.lines, policy.source)})`);
    return `${side}: denied; isolated by NetworkPolicy ${policies.join(', ')} and no rule allows it`;
  }
  const rules = verdict.allowedBy.map(
    ({ policy, rule }) =>
      `NetworkPolicy ${policy.namespace}/${policy.name}, ${verdict.direction.toLowerCase()} rule ${rule.index + 1} (${where(loaded.lines, rule.source)}): ${explainRule(policy, rule, verdict.direction)}`,
  );
  return `${side}: allowed by ${rules.join('\n    and by ')}`;
}

/** `80`, `80/TCP`, `53/udp`, `http` or `metrics/TCP`; the protocol defaults to TCP, as in a policy. */
function readPort(text: string): PortQuery {
  const [portText, protocolText = 'TCP', extra] = text.split('/');
  const protocol = protocolText.toUpperCase();
  if (extra !== undefined || !portText || !PROTOCOLS.has(protocol)) throw new NetpolUsageError(`--port must look like 443, 443/TCP, 53/UDP or http, not "${text}"`);
  if (!/^\d+$/.test(portText)) return { port: portText, protocol };
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new NetpolUsageError(`--port ${portText} is not between 1 and 65535`);
  return { port, protocol };
}

function readEndpoint(model: NetworkModel, text: string): Endpoint {
  if (parseRange(text)) return { type: 'address', cidr: text };
  const [namespace, name, extra] = text.split('/');
  if (!namespace || !name || extra !== undefined) throw new NetpolUsageError(`"${text}" is neither NAMESPACE/WORKLOAD nor an IP address or CIDR`);
  const workload = model.findWorkload(namespace, name);
  if (!workload) throw new NetpolUsageError(`no Pod or workload named "${name}" in namespace "${namespace}" in the manifests`);
  return workload;
}

function load(files: string[] | undefined, io: AccessIo): Loaded {
  const loaded = loadPolicy(files?.length ? files : ['.'], io.readStdin, DEFAULT_CONFIG);
  if (loaded.errors.length > 0) throw new NetpolUsageError(loaded.errors.join('; '));
  return { model: loaded.workspace.network.model(), lines: loaded.lines };
}

function where(lines: Map<string, LineIndex>, source: SourceLocation | undefined): string {
  const index = source && lines.get(source.file);
  return source && index ? `${source.file}:${index.positionAt(source.start).line + 1}` : (source?.file ?? 'unknown');
}
