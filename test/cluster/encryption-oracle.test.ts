/**
 * The control-plane oracle for EncryptionConfigurations: each generated configuration (encryption-cases.ts) is
 * given to a real kube-apiserver v1.36 with --encryption-provider-config. It refuses to start ⇔
 * controlplane/encryption-config reports an error in the file. For a configuration it starts with (and no KMS
 * plugin to wait for), a Secret is created and its bytes read straight from etcd: they are written in plain text ⇔
 * Kubeward says Secrets are (no entry covers them, or identity is first), and otherwise they carry the prefix of the
 * provider and key Kubeward says writes them. KUBEWARD_ENCRYPTION_SEED, KUBEWARD_ENCRYPTION_CASES (default 40),
 * KUBEWARD_ENCRYPTION_REPORT.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readEncryptionConfiguration } from '../../server/src/engine/analysis/controlplane/encryption-config';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { list, record, text } from '../../server/src/engine/validation/data';
import type { TestCluster } from './cluster';
import { describeCase, runConfigOracle, startDisagreement, type ConfigOutcome } from './config-oracle';
import { generateEncryptionCase, type EncryptionCase } from './encryption-cases';

const SEED = Number(process.env.KUBEWARD_ENCRYPTION_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_ENCRYPTION_CASES ?? 40);
const linter = new StreamLinter(RULES);

/** What Kubeward expects etcd to hold for a new Secret: plain text, or the prefix of the provider and key that write it. */
function expectedStorage(item: EncryptionCase): string {
  const writer = readEncryptionConfiguration(item.object, 36).providersFor('', 'secrets')[0];
  if (!writer || writer.kind === 'identity') return 'plain text';
  const provider = record(list(record(list(item.object.resources)?.[writer.entry])?.providers)?.[writer.index]) ?? {};
  const key = text(record(list(record(provider[writer.kind!])?.keys)?.[0])?.name);
  return `k8s:enc:${writer.kind}:v1:${key}:`;
}

function storedAs(bytes: Buffer | undefined): string {
  if (!bytes) return 'nothing';
  const head = bytes.subarray(0, 64).toString('latin1');
  if (head.startsWith('k8s\u0000')) return 'plain text';
  return /^k8s:enc:[a-z]+:v1:[^:]*:/.exec(head)?.[0] ?? `unrecognised bytes ${JSON.stringify(head.slice(0, 24))}`;
}

async function judge(cluster: TestCluster, item: EncryptionCase, dir: string): Promise<ConfigOutcome> {
  const file = path.join(dir, `encryption-${item.index}.yaml`);
  writeFileSync(file, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/encryption-config' && finding.severity === 'error');
  const server = await cluster.startApiserver([`--encryption-provider-config=${file}`]);
  try {
    const disagreement = startDisagreement(server.started, server.log, errors);
    if (disagreement) return { started: server.started, checked: 0, disagreements: [describeCase(item, disagreement)] };
    if (!server.started || item.usesKms) return { started: server.started, checked: 0, disagreements: [] };
    assert.ok(await server.ready(), `case ${item.index}: kube-apiserver started but never became ready:\n${server.log.split('\n').slice(-20).join('\n')}`);
    const created = await server.request('POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'oracle-probe' }, stringData: { token: 'not-a-real-token' } });
    assert.equal(created.status, 201, `case ${item.index}: creating the probe Secret failed: ${created.text}`);
    const stored = storedAs(await server.etcdValue('/secrets/default/oracle-probe'));
    const expected = expectedStorage(item);
    return { started: true, checked: 1, disagreements: stored === expected ? [] : [describeCase(item, `etcd holds the new Secret as ${stored}; Kubeward expects ${expected}`)] };
  } finally {
    await server.stop();
    rmSync(file, { force: true });
  }
}

test(`EncryptionConfiguration oracle: ${CASES} generated configurations, kube-apiserver's start and etcd's bytes against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({ seed: SEED, count: CASES, generate: generateEncryptionCase, judge, reportFile: process.env.KUBEWARD_ENCRYPTION_REPORT });
  console.log(`EncryptionConfiguration oracle (seed ${SEED}): ${CASES} configurations, ${run.refused} refused, ${run.started} started (${run.checked} with the Secret's bytes checked in etcd), ${run.disagreements.length} disagreements`);
  assert.ok(CASES < 40 || (run.refused >= CASES / 5 && run.checked >= CASES / 5), `too one-sided a sample: ${JSON.stringify({ ...run, disagreements: run.disagreements.length })}`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
