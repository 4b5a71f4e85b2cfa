/**
 * The control-plane oracle for audit Policies: each generated policy (audit-cases.ts) is given to a real
 * kube-apiserver v1.36 with --audit-policy-file and --audit-log-path. It refuses to start ⇔ controlplane/audit-policy
 * reports an error. For a policy it starts with, four requests are sent as the admin user (create and get a Secret,
 * list ConfigMaps, GET /healthz) and the level of each in the audit log (None when it has no line) must be the level
 * Kubeward evaluates for that request. KUBEWARD_AUDIT_SEED, KUBEWARD_AUDIT_CASES (default 40), KUBEWARD_AUDIT_REPORT.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { levelFor, readAuditPolicy, type AuditRequest } from '../../server/src/engine/analysis/controlplane/audit-policy';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { generateAuditCase, type AuditCase } from './audit-cases';
import type { TestCluster } from './cluster';
import { describeCase, judgeApiserver, runConfigOracle, type ConfigOutcome } from './config-oracle';

const SEED = Number(process.env.KUBEWARD_AUDIT_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_AUDIT_CASES ?? 40);
const ADMIN = { user: 'kubeward-admin', groups: ['system:masters', 'system:authenticated'] };
const linter = new StreamLinter(RULES);

interface Probe {
  method: string;
  uri: string;
  body?: unknown;
  request: AuditRequest;
}

const PROBES: Probe[] = [
  { method: 'POST', uri: '/api/v1/namespaces/default/secrets', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'probe' }, stringData: { token: 'not-a-real-token' } }, request: { ...ADMIN, verb: 'create', resource: { group: '', resource: 'secrets', namespace: 'default', name: '' } } },
  { method: 'GET', uri: '/api/v1/namespaces/default/secrets/probe', request: { ...ADMIN, verb: 'get', resource: { group: '', resource: 'secrets', namespace: 'default', name: 'probe' } } },
  { method: 'GET', uri: '/api/v1/namespaces/default/configmaps', request: { ...ADMIN, verb: 'list', resource: { group: '', resource: 'configmaps', namespace: 'default', name: '' } } },
  { method: 'GET', uri: '/healthz', request: { ...ADMIN, verb: 'get', path: '/healthz' } },
];

/** The level of the admin's request to `uri` in the audit log, or None when no line records it. */
async function loggedLevel(logFile: string, method: string, uri: string): Promise<string> {
  const verb = { POST: 'create', GET: uri === '/healthz' ? 'get' : uri.endsWith('/configmaps') ? 'list' : 'get' }[method];
  for (let attempt = 0; attempt < 20; attempt++) {
    const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>) : [];
    const found = lines.find((event) => event.requestURI === uri && event.verb === verb && event.user?.username === ADMIN.user && event.stage === 'ResponseComplete');
    if (found) return String(found.level);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'None';
}

async function judge(cluster: TestCluster, item: AuditCase, dir: string): Promise<ConfigOutcome> {
  const policyFile = path.join(dir, `policy-${item.index}.yaml`);
  const logFile = path.join(dir, `audit-${item.index}.log`);
  writeFileSync(policyFile, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/audit-policy' && finding.severity === 'error');
  try {
    return await judgeApiserver(cluster, item, errors, { args: [`--audit-policy-file=${policyFile}`, `--audit-log-path=${logFile}`] }, async (server) => {
      const { rules } = readAuditPolicy(item.object);
      const disagreements: string[] = [];
      for (const probe of PROBES) {
        const response = await server.request(probe.method, probe.uri, probe.body);
        assert.ok(response.status < 300, `case ${item.index}: ${probe.method} ${probe.uri} failed: ${response.status} ${response.text}`);
        const logged = await loggedLevel(logFile, probe.method, probe.uri);
        const expected = levelFor(rules, probe.request).level;
        if (logged !== expected) disagreements.push(describeCase(item, `${probe.method} ${probe.uri} is logged at ${logged}; Kubeward says ${expected}`));
      }
      return { checked: PROBES.length, disagreements };
    });
  } finally {
    rmSync(policyFile, { force: true });
    rmSync(logFile, { force: true });
  }
}

test(`audit Policy oracle: ${CASES} generated policies, kube-apiserver's start and audit log against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({ seed: SEED, count: CASES, generate: generateAuditCase, judge, reportFile: process.env.KUBEWARD_AUDIT_REPORT });
  console.log(`audit Policy oracle (seed ${SEED}): ${CASES} policies, ${run.refused} refused, ${run.started} started, ${run.checked} logged requests compared, ${run.disagreements.length} disagreements`);
  assert.ok(CASES < 40 || (run.refused >= CASES / 8 && run.started >= CASES / 4), `too one-sided a sample: ${JSON.stringify({ ...run, disagreements: run.disagreements.length })}`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
