/**
 * The control-plane oracle for AuthenticationConfigurations: each generated configuration
 * (authentication-cases.ts) is given to a real kube-apiserver v1.36 with --authentication-config. It refuses to
 * start ⇔ controlplane/authentication-config reports an error. For one it starts with, requests without credentials
 * to /healthz and /api must be authenticated as system:anonymous (any answer but 401) exactly where Kubeward reads
 * anonymous access as on: the file's setting and paths, or, when the file has none, --anonymous-auth's default
 * (on). KUBEWARD_AUTHN_SEED, KUBEWARD_AUTHN_CASES (default 30), KUBEWARD_AUTHN_REPORT.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAuthenticationConfiguration } from '../../server/src/engine/analysis/controlplane/authentication-config';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { generateAuthenticationCase, type AuthenticationCase } from './authentication-cases';
import { clusterModule, type TestCluster } from './cluster';
import { seededRandom } from './oracle-cases';

const SEED = Number(process.env.KUBEWARD_AUTHN_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_AUTHN_CASES ?? 30);
const CONCURRENCY = 2;
const PATHS = ['/healthz', '/api'];
const linter = new StreamLinter(RULES);

/** Whether Kubeward reads anonymous requests to the path as authenticated. */
function anonymousAccepted(item: AuthenticationCase, requestPath: string): boolean {
  const anonymous = readAuthenticationConfiguration(item.object).anonymous;
  if (!anonymous) return true;
  return anonymous.enabled && (anonymous.paths.length === 0 || anonymous.paths.includes(requestPath));
}

async function judge(cluster: TestCluster, item: AuthenticationCase, dir: string): Promise<{ started: boolean; requests: number; disagreements: string[] }> {
  const file = path.join(dir, `authentication-${item.index}.yaml`);
  writeFileSync(file, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/authentication-config' && finding.severity === 'error');
  const server = await cluster.startApiserver([`--authentication-config=${file}`]);
  const describe = (problem: string) => `case ${item.index} (${item.mutations.join('; ') || 'no mutation'}): ${problem}\n${item.text.replace(/^/gm, '    ')}`;
  const disagreements: string[] = [];
  try {
    if (!server.started) {
      if (errors.length === 0) disagreements.push(describe(`kube-apiserver refuses to start (${server.log.split('\n').find((line) => line.includes('command failed') || line.includes('Error:')) ?? 'see its log'}); Kubeward reports no error`));
      return { started: false, requests: 0, disagreements };
    }
    if (errors.length > 0) {
      disagreements.push(describe(`kube-apiserver starts; Kubeward reports ${errors.map((finding) => finding.message).join(' | ')}`));
      return { started: true, requests: 0, disagreements };
    }
    assert.ok(await server.ready(), `case ${item.index}: kube-apiserver never became ready`);
    for (const requestPath of PATHS) {
      const response = await server.anonymousRequest('GET', requestPath);
      const accepted = response.status !== 401;
      if (accepted !== anonymousAccepted(item, requestPath)) disagreements.push(describe(`an anonymous GET ${requestPath} is ${accepted ? `accepted (${response.status})` : 'refused (401)'}; Kubeward reads anonymous access there as ${accepted ? 'off' : 'on'}`));
    }
    return { started: true, requests: PATHS.length, disagreements };
  } finally {
    await server.stop();
    rmSync(file, { force: true });
  }
}

test(`AuthenticationConfiguration oracle: ${CASES} generated configurations, kube-apiserver's start and anonymous access against Kubeward`, { timeout: 1_800_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-authn-'));
  const counts = { refused: 0, started: 0, requests: 0 };
  const disagreements: string[] = [];
  try {
    const random = seededRandom(SEED);
    const cases = Array.from({ length: CASES }, (_, index) => generateAuthenticationCase(random, index));
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const outcome = await judge(cluster, cases[next++], dir);
        counts[outcome.started ? 'started' : 'refused']++;
        counts.requests += outcome.requests;
        disagreements.push(...outcome.disagreements);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.KUBEWARD_AUTHN_REPORT) writeFileSync(process.env.KUBEWARD_AUTHN_REPORT, disagreements.join('\n\n'));
  console.log(`AuthenticationConfiguration oracle (seed ${SEED}): ${CASES} configurations, ${counts.refused} refused, ${counts.started} started, ${counts.requests} anonymous requests compared, ${disagreements.length} disagreements`);
  assert.ok(CASES < 30 || (counts.refused >= CASES / 8 && counts.started >= CASES / 4), `too one-sided a sample: ${JSON.stringify(counts)}`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
