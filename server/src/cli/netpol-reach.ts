/**
 * `kubeward netpol reach FROM TO [--port PORT]`: whether FROM may open a connection to TO, on one port or on any,
 * with each side's verdict and the rules behind it, in words or as JSON.
 */
import { describeEndpoint, explainRule } from '../engine/analysis/netpol/explain';
import type { Endpoint, PortQuery, ReachOptions, Reachability, Verdict } from '../engine/analysis/netpol/reach';
import { parseRange } from '../engine/analysis/netpol/ip';
import { readEndpoint, readPort, resolvePort, type PortText } from './netpol-endpoints';
import type { NetworkLoad } from './netpol';

export interface ReachQuestion {
  from: string;
  to: string;
  port?: string;
  options: ReachOptions;
}

export interface ReachReport {
  text: string;
  json: unknown;
  allowed: boolean;
}

export function answerReach(loaded: NetworkLoad, question: ReachQuestion): ReachReport {
  const portText: PortText | undefined = question.port === undefined ? undefined : readPort(question.port);
  const from = readEndpoint(loaded.model, question.from);
  const to = readEndpoint(loaded.model, question.to);
  const port = portText && resolvePort(loaded.model, to, portText);
  const result = loaded.model.reach(from, to, port, question.options);
  const lines: string[] = [result.answer];
  if (portText && 'name' in portText && port) lines.push(`  port ${portText.name} of ${describeEndpoint(to)}: ${port.protocol} ${port.port}`);
  // A range is answered for all its addresses at once; where only some are allowed, the answer is "depends".
  if (result.answer !== 'depends') for (const endpoint of [from, to]) if (isRange(endpoint)) lines.push(`  ${endpoint.cidr} is a range: the answer holds for every address in it`);
  if (!port && result.answer !== 'denied') lines.push(`  on ${result.ports.describe()}`);
  lines.push(`  ${describeVerdict(loaded, result.egress, from, `egress from ${describeEndpoint(from)}`)}`);
  lines.push(`  ${describeVerdict(loaded, result.ingress, to, `ingress to ${describeEndpoint(to)}`)}`);
  if (!port && result.answer === 'denied' && result.egress.answer !== 'denied' && result.ingress.answer !== 'denied') {
    lines.push(`  no port passes both: egress allows ${result.egress.possiblePorts.describe()}, ingress allows ${result.ingress.possiblePorts.describe()}`);
  }
  for (const reason of result.dependsOn) lines.push(`  depends on ${reason}`);
  return { text: lines.join('\n') + '\n', json: reachJson(loaded, from, to, port, result), allowed: result.allowed };
}

function isRange(endpoint: Endpoint): endpoint is Endpoint & { type: 'address' } {
  if (endpoint.type !== 'address') return false;
  const range = parseRange(endpoint.cidr);
  return range !== undefined && range.prefix < (range.family === 4 ? 32 : 128);
}

function describeVerdict(loaded: NetworkLoad, verdict: Verdict, endpoint: Endpoint, side: string): string {
  if (endpoint.type === 'address') return `${side}: not restricted (NetworkPolicies govern pods, not addresses outside the cluster)`;
  if (!verdict.isolated) return `${side}: not restricted (no NetworkPolicy selects it for ${verdict.direction.toLowerCase()})`;
  if (verdict.answer === 'denied') {
    const policies = verdict.isolatedBy.map((policy) => `${policy.namespace}/${policy.name} (${loaded.where(policy.source)})`);
    return `${side}: denied; isolated by NetworkPolicy ${policies.join(', ')} and no rule allows it`;
  }
  const rules = verdict.allowedBy.map(
    (match) =>
      `NetworkPolicy ${match.policy.namespace}/${match.policy.name}, ${verdict.direction.toLowerCase()} rule ${match.rule.index + 1} (${loaded.where(match.rule.source)}): ${explainRule(match.policy, match.rule, verdict.direction)}${match.certain ? '' : ' (if its ipBlock matches)'}`,
  );
  return `${side}: ${verdict.answer === 'allowed' ? 'allowed' : 'depends'} by ${rules.join('\n    and by ')}`;
}

function reachJson(loaded: NetworkLoad, from: Endpoint, to: Endpoint, port: PortQuery | undefined, result: Reachability): unknown {
  const endpoint = (item: Endpoint) => (item.type === 'address' ? { address: item.cidr } : { kind: item.kind, namespace: item.namespace, name: item.name, ...loaded.location(item.source) });
  const verdict = (item: Verdict) => ({
    restricted: item.isolated,
    answer: item.answer,
    ports: item.possiblePorts.describe(),
    isolatedBy: item.isolatedBy.map((policy) => ({ namespace: policy.namespace, name: policy.name, ...loaded.location(policy.source) })),
    allowedBy: item.allowedBy.map((match) => ({
      policy: { namespace: match.policy.namespace, name: match.policy.name },
      rule: match.rule.index + 1,
      certain: match.certain,
      explanation: explainRule(match.policy, match.rule, item.direction),
      ...loaded.location(match.rule.source),
    })),
  });
  return { from: endpoint(from), to: endpoint(to), port: port ?? null, answer: result.answer, ports: result.ports.describe(), dependsOn: result.dependsOn, egress: verdict(result.egress), ingress: verdict(result.ingress) };
}
