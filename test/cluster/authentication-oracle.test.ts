/**
 * The control-plane oracle for AuthenticationConfigurations: each generated configuration
 * (authentication-cases.ts) is given to a real kube-apiserver v1.36 with --authentication-config. It refuses to
 * start ⇔ controlplane/authentication-config reports an error. For one it starts with, requests without credentials
 * to /healthz and /api must be authenticated as system:anonymous (any answer but 401) exactly where Kubeward reads
 * anonymous access as on: the file's setting and paths, or, when the file has none, --anonymous-auth's default
 * (on). KUBEWARD_AUTHN_SEED, KUBEWARD_AUTHN_CASES (default 30), KUBEWARD_AUTHN_REPORT.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readAuthenticationConfiguration } from '../../server/src/engine/analysis/controlplane/authentication-config';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { generateAuthenticationCase, type AuthenticationCase } from './authentication-cases';
import type { TestCluster } from './cluster';
import { describeCase, judgeApiserver, runConfigOracle, type ConfigOutcome } from './config-oracle';

const SEED = Number(process.env.KUBEWARD_AUTHN_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_AUTHN_CASES ?? 30);
const PATHS = ['/healthz', '/api'];
const linter = new StreamLinter(RULES);

/** Whether Kubeward reads anonymous requests to the path as authenticated. */
function anonymousAccepted(item: AuthenticationCase, requestPath: string): boolean {
  const anonymous = readAuthenticationConfiguration(item.object).anonymous;
  if (!anonymous) return true;
  return anonymous.enabled && (anonymous.paths.length === 0 || anonymous.paths.includes(requestPath));
}

async function judge(cluster: TestCluster, item: AuthenticationCase, dir: string): Promise<ConfigOutcome> {
  const file = path.join(dir, `authentication-${item.index}.yaml`);
  writeFileSync(file, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/authentication-config' && finding.severity === 'error');
  try {
    return await judgeApiserver(cluster, item, errors, { args: [`--authentication-config=${file}`] }, async (server) => {
      const disagreements: string[] = [];
      for (const requestPath of PATHS) {
        const response = await server.anonymousRequest('GET', requestPath);
        const accepted = response.status !== 401;
        if (accepted !== anonymousAccepted(item, requestPath)) disagreements.push(describeCase(item, `an anonymous GET ${requestPath} is ${accepted ? `accepted (${response.status})` : 'refused (401)'}; Kubeward reads anonymous access there as ${accepted ? 'off' : 'on'}`));
      }
      return { checked: PATHS.length, disagreements };
    });
  } finally {
    rmSync(file, { force: true });
  }
}

test(`AuthenticationConfiguration oracle: ${CASES} generated configurations, kube-apiserver's start and anonymous access against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({ seed: SEED, count: CASES, generate: generateAuthenticationCase, judge, reportFile: process.env.KUBEWARD_AUTHN_REPORT });
  console.log(`AuthenticationConfiguration oracle (seed ${SEED}): ${CASES} configurations, ${run.refused} refused, ${run.started} started, ${run.checked} anonymous requests compared, ${run.disagreements.length} disagreements`);
  assert.ok(CASES < 30 || (run.refused >= CASES / 8 && run.started >= CASES / 4), `too one-sided a sample: ${JSON.stringify({ ...run, disagreements: run.disagreements.length })}`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
