/**
 * The NetworkPolicy oracle: generated scenarios (netpol-scenarios.ts) whose policies are first created on the real
 * kube-apiserver with a server-side dry run (a policy it rejects is left out, and the one it stores, defaulted, is
 * what the judge reads), then every question asked of Kubeward's reachability model and of netpol-judge, cyclonus's
 * matcher built by build.mjs with its two label-selector deviations from Kubernetes patched out:
 * - every concrete question pod to pod (the destination's ports and one it does not expose, on every protocol), pod
 *   to address and address to pod: the answer and each direction's verdict must agree;
 * - every any-port question: Kubeward's answer must be "allowed" exactly when the judge allows one of the ports
 *   where the two sides' port sets can meet (decidingPorts).
 * Kubeward runs with ipBlockMatchesPods "no"; pods have addresses no ipBlock holds, so the judge, which matches pod
 * addresses, must agree. KUBEWARD_NETPOL_SEED replays a run, KUBEWARD_NETPOL_SCENARIOS resizes it (default 40),
 * KUBEWARD_NETPOL_REPORT names a file for every disagreement.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { NetworkInventory } from '../../server/src/engine/analysis/netpol/inventory';
import type { Answer, Endpoint, NetworkModel, ReachOptions } from '../../server/src/engine/analysis/netpol/reach';
import { ManifestDocument } from '../../server/src/engine/model/document';
import { splitDocuments } from '../../server/src/engine/model/parse';
import { buildModule, clusterModule, type TestCluster } from './cluster';
import { decidingPorts, EXTERNAL_ADDRESSES, generateScenario, manifests, NAMESPACES, namespaceLabels, PROTOCOLS, UNEXPOSED_PORT, type Scenario } from './netpol-scenarios';
import { seededRandom } from './oracle-cases';
import type { Data } from './validation-data';

const SEED = Number(process.env.KUBEWARD_NETPOL_SEED ?? 20261206);
const SCENARIOS = Number(process.env.KUBEWARD_NETPOL_SCENARIOS ?? 40);
const OPTIONS: ReachOptions = { ipBlockMatchesPods: 'no' };

/** One end of a question: a pod of the scenario (by index) or an address. */
type End = { pod: number } | { ip: string };

interface Question {
  from: End;
  to: End;
  port: number;
  protocol: string;
}

interface Verdict {
  allowed: boolean;
  egress: boolean;
  ingress: boolean;
}

interface Prepared {
  scenario: Scenario;
  /** What Kubeward reads (policies as written) and what the judge reads (policies as stored). */
  written: Data[];
  stored: Data[];
  concrete: Question[];
  /** Pairs asked without a port, each with the questions that decide it. */
  anyPort: { from: End; to: End; deciding: Question[] }[];
}

async function prepare(cluster: TestCluster, scenario: Scenario): Promise<Prepared> {
  const written: Data[] = [];
  const stored: Data[] = [];
  for (const item of scenario.policies) {
    const namespace = (item.metadata as Data).namespace as string;
    const response = await cluster.request('POST', `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies?dryRun=All&fieldValidation=Strict`, item);
    if (response.status >= 500) throw new Error(`the API server failed: ${response.status} ${response.text}`);
    if (response.status >= 200 && response.status < 300) {
      written.push(item);
      stored.push(response.body);
    }
  }
  const pods = scenario.pods.map((_, index): End => ({ pod: index }));
  const externals = EXTERNAL_ADDRESSES.map((ip): End => ({ ip }));
  const portsOf = (end: End) => ('pod' in end ? scenario.pods[end.pod].ports.map(({ port, protocol }) => ({ port, protocol })) : []);
  const asked = (to: End) => [...portsOf(to), ...PROTOCOLS.map((protocol) => ({ port: UNEXPOSED_PORT, protocol }))];
  const pairs: [End, End][] = [
    ...pods.flatMap((from, i) => pods.filter((_, j) => j !== i).map((to): [End, End] => [from, to])),
    ...pods.flatMap((pod) => externals.flatMap((ip): [End, End][] => [[pod, ip], [ip, pod]])),
  ];
  const concrete = pairs.flatMap(([from, to]) => asked(to).map((port) => ({ from, to, ...port })));
  const anyPort = pairs.map(([from, to]) => ({ from, to, deciding: decidingPorts(scenario, 'pod' in to ? scenario.pods[to.pod] : undefined).map((port) => ({ from, to, ...port })) }));
  return { scenario, written, stored, concrete, anyPort };
}

/** Asks netpol-judge every question of every scenario in one run. */
function judge(binary: string, prepared: Prepared[]): Verdict[][] {
  const input = prepared.map(({ scenario, stored, concrete, anyPort }) => ({
    policies: stored,
    pods: scenario.pods.map((pod) => ({
      namespace: pod.namespace,
      labels: pod.labels,
      namespaceLabels: namespaceLabels(scenario.namespaces.find((namespace) => namespace.name === pod.namespace)!),
      ip: pod.ip,
      ports: pod.ports.map(({ name, port, protocol }) => ({ name: name ?? '', port, protocol })),
    })),
    questions: [...concrete, ...anyPort.flatMap((pair) => pair.deciding)],
  }));
  const result = spawnSync(binary, [], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`netpol-judge failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Verdict[][];
}

function kubewardModel(scenario: Scenario, written: readonly Data[]): NetworkModel {
  const inventory = new NetworkInventory();
  const text = manifests(scenario, written);
  inventory.setFile('scenario.yaml', splitDocuments(text).map((chunk) => ({ offset: chunk.offset, document: new ManifestDocument(chunk.text) })));
  return inventory.model();
}

const answerOf = (allowed: boolean): Answer => (allowed ? 'allowed' : 'denied');

function compare({ scenario, written, concrete, anyPort }: Prepared, verdicts: Verdict[]): { questions: number; allowed: number; disagreements: string[] } {
  const model = kubewardModel(scenario, written);
  const endpoint = (end: End): Endpoint => {
    if ('ip' in end) return { type: 'address', cidr: end.ip };
    const pod = scenario.pods[end.pod];
    const found = model.findWorkload(pod.namespace, pod.name);
    if (!found) throw new Error(`scenario ${scenario.index}: Kubeward does not see ${pod.namespace}/${pod.name}`);
    return found;
  };
  const name = (end: End) => ('ip' in end ? end.ip : `${scenario.pods[end.pod].namespace}/${scenario.pods[end.pod].name}`);
  const disagreements: string[] = [];
  const report = (what: string) => disagreements.push(`scenario ${scenario.index}: ${what}\n${manifests(scenario, written).replace(/^/gm, '    ')}`);
  let allowed = 0;
  concrete.forEach((question, index) => {
    const truth = verdicts[index];
    if (truth.allowed) allowed++;
    const result = model.reach(endpoint(question.from), endpoint(question.to), { port: question.port, protocol: question.protocol }, OPTIONS);
    const said = `${result.answer} (egress ${result.egress.answer}, ingress ${result.ingress.answer})`;
    const expected = `${answerOf(truth.allowed)} (egress ${answerOf(truth.egress)}, ingress ${answerOf(truth.ingress)})`;
    if (said !== expected) report(`${name(question.from)} -> ${name(question.to)} on ${question.protocol} ${question.port}: Kubeward says ${said}, the judge ${expected}`);
  });
  let offset = concrete.length;
  for (const pair of anyPort) {
    const truth = pair.deciding.some((_, index) => verdicts[offset + index].allowed);
    offset += pair.deciding.length;
    const result = model.reach(endpoint(pair.from), endpoint(pair.to), undefined, OPTIONS);
    if (result.answer !== answerOf(truth)) report(`${name(pair.from)} -> ${name(pair.to)} on any port: Kubeward says ${result.answer} (on ${result.ports.describe()}), the judge ${answerOf(truth)}`);
  }
  return { questions: concrete.length + anyPort.length, allowed, disagreements };
}

test(`NetworkPolicy oracle: ${SCENARIOS} generated scenarios, Kubeward against cyclonus's matcher`, { timeout: 1_800_000 }, async () => {
  const { netpolJudge } = await (await buildModule()).ensureBinaries();
  const module = await clusterModule();
  const cluster = await module.startCluster();
  const random = seededRandom(SEED);
  const scenarios = Array.from({ length: SCENARIOS }, (_, index) => generateScenario(random, index));
  let prepared: Prepared[];
  try {
    for (const name of NAMESPACES) await cluster.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    prepared = [];
    for (const scenario of scenarios) prepared.push(await prepare(cluster, scenario));
  } finally {
    await cluster.stop();
  }
  const verdicts = judge(netpolJudge, prepared);
  let questions = 0;
  let allowed = 0;
  const disagreements: string[] = [];
  prepared.forEach((item, index) => {
    const outcome = compare(item, verdicts[index]);
    questions += outcome.questions;
    allowed += outcome.allowed;
    disagreements.push(...outcome.disagreements);
  });
  const policies = prepared.reduce((sum, item) => sum + item.written.length, 0);
  const rejected = scenarios.reduce((sum, scenario) => sum + scenario.policies.length, 0) - policies;
  if (process.env.KUBEWARD_NETPOL_REPORT) writeFileSync(process.env.KUBEWARD_NETPOL_REPORT, disagreements.join('\n\n'));
  console.log(`netpol oracle (seed ${SEED}): ${SCENARIOS} scenarios, ${policies} policies (${rejected} rejected by the API server), ${questions} questions, ${allowed} concrete ones allowed, ${disagreements.length} disagreements`);
  assert.ok(questions >= 2000, `only ${questions} questions`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
