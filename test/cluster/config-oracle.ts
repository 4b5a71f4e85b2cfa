/**
 * What the control-plane oracles share: a seeded list of generated configurations, each judged by starting one more
 * kube-apiserver on a test cluster (two at a time), counted as refused or started (and how many behaviours were then
 * compared), with every disagreement collected and, when asked, written to a report file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { clusterModule, type ExtraApiserver, type TestCluster } from './cluster';
import { seededRandom } from './oracle-cases';
import type { Random } from './validation-data';

const CONCURRENCY = 2;

export interface ConfigOutcome {
  started: boolean;
  /** How many behaviours of a started API server were compared. */
  checked: number;
  disagreements: string[];
}

export interface ConfigOracleRun {
  refused: number;
  started: number;
  checked: number;
  disagreements: string[];
}

export async function runConfigOracle<Case>(options: {
  seed: number;
  count: number;
  generate: (random: Random, index: number, dir: string) => Case;
  judge: (cluster: TestCluster, item: Case, dir: string) => Promise<ConfigOutcome>;
  reportFile?: string;
}): Promise<ConfigOracleRun> {
  const cluster = await (await clusterModule()).startCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-config-oracle-'));
  const run: ConfigOracleRun = { refused: 0, started: 0, checked: 0, disagreements: [] };
  try {
    const random = seededRandom(options.seed);
    const cases = Array.from({ length: options.count }, (_, index) => options.generate(random, index, dir));
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const outcome = await options.judge(cluster, cases[next++], dir);
        run[outcome.started ? 'started' : 'refused']++;
        run.checked += outcome.checked;
        run.disagreements.push(...outcome.disagreements);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.reportFile) writeFileSync(options.reportFile, run.disagreements.join('\n\n'));
  return run;
}

/** The line of kube-apiserver's log that says why it stopped. */
export function refusal(log: string): string {
  const line = log.split('\n').find((candidate) => /command failed|Error:|invalid argument/.test(candidate));
  return line?.replace(/^.*err="/, '').replace(/"$/, '') ?? log.split('\n').slice(-3).join(' ');
}

/** Whether kube-apiserver's start and Kubeward's errors agree, in words when they do not. */
export function startDisagreement(started: boolean, log: string, errors: readonly { message: string }[]): string | undefined {
  if (!started && errors.length === 0) return `kube-apiserver refuses to start (${refusal(log)}); Kubeward reports no error`;
  if (started && errors.length > 0) return `kube-apiserver starts; Kubeward reports ${errors.map((finding) => finding.message).join(' | ')}`;
  return undefined;
}

/** A disagreement with the case it is about. */
export function describeCase(item: { index: number; mutations: string[]; text: string }, problem: string): string {
  return `case ${item.index} (${item.mutations.join('; ') || 'no mutation'}): ${problem}\n${item.text.replace(/^/gm, '    ')}`;
}

export type StartedApiserver = Extract<ExtraApiserver, { started: true }>;

/**
 * Starts one more kube-apiserver with the flags under test and judges it: its start against Kubeward's errors,
 * then, for one that started and became ready, the behaviour `compare` checks. The server is always stopped.
 */
export async function judgeApiserver(
  cluster: TestCluster,
  item: { index: number; mutations: string[]; text: string },
  errors: readonly { message: string }[],
  start: { args: string[]; omit?: string[] },
  compare: (server: StartedApiserver) => Promise<{ checked: number; disagreements: string[] }>,
): Promise<ConfigOutcome> {
  const server = await cluster.startApiserver(start.args, { omit: start.omit ?? [] });
  try {
    const disagreement = startDisagreement(server.started, server.log, errors);
    if (disagreement) return { started: server.started, checked: 0, disagreements: [describeCase(item, disagreement)] };
    if (!server.started) return { started: false, checked: 0, disagreements: [] };
    assert.ok(await server.ready(), `case ${item.index}: kube-apiserver never became ready`);
    return { started: true, ...(await compare(server)) };
  } finally {
    await server.stop();
  }
}

/** A kubeconfig for authorization webhooks under test: the file exists, and its server does not answer. */
export function webhookKubeconfig(dir: string): string {
  const file = path.join(dir, 'webhook.kubeconfig');
  writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters:\n  - name: webhook\n    cluster: {server: "https://127.0.0.1:1"}\nusers:\n  - name: apiserver\n    user: {}\ncontexts:\n  - name: webhook\n    context: {cluster: webhook, user: apiserver}\ncurrent-context: webhook\n');
  return file;
}
