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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readEncryptionConfiguration } from '../../server/src/engine/analysis/controlplane/encryption-config';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { list, record, text } from '../../server/src/engine/validation/data';
import { clusterModule, type TestCluster } from './cluster';
import { generateEncryptionCase, type EncryptionCase } from './encryption-cases';
import { seededRandom } from './oracle-cases';

const SEED = Number(process.env.KUBEWARD_ENCRYPTION_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_ENCRYPTION_CASES ?? 40);
const CONCURRENCY = 2;
const linter = new StreamLinter(RULES);

interface Outcome {
  started: boolean;
  storedChecked: boolean;
  disagreements: string[];
}

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

async function judge(cluster: TestCluster, item: EncryptionCase, dir: string): Promise<Outcome> {
  const file = path.join(dir, `encryption-${item.index}.yaml`);
  writeFileSync(file, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/encryption-config' && finding.severity === 'error');
  const server = await cluster.startApiserver([`--encryption-provider-config=${file}`]);
  const describe = (problem: string) => `case ${item.index} (${item.mutations.join('; ') || 'no mutation'}): ${problem}\n${item.text.replace(/^/gm, '    ')}`;
  const disagreements: string[] = [];
  try {
    if (!server.started) {
      if (errors.length === 0) disagreements.push(describe(`kube-apiserver refuses to start (${refusal(server.log)}); Kubeward reports no error`));
      return { started: false, storedChecked: false, disagreements };
    }
    if (errors.length > 0) disagreements.push(describe(`kube-apiserver starts; Kubeward reports ${errors.map((finding) => finding.message).join(' | ')}`));
    if (item.usesKms || errors.length > 0) return { started: true, storedChecked: false, disagreements };
    assert.ok(await server.ready(), `case ${item.index}: kube-apiserver started but never became ready:\n${server.log.split('\n').slice(-20).join('\n')}`);
    const created = await server.request('POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'oracle-probe' }, stringData: { token: 'not-a-real-token' } });
    assert.equal(created.status, 201, `case ${item.index}: creating the probe Secret failed: ${created.text}`);
    const stored = storedAs(await server.etcdValue('/secrets/default/oracle-probe'));
    const expected = expectedStorage(item);
    if (stored !== expected) disagreements.push(describe(`etcd holds the new Secret as ${stored}; Kubeward expects ${expected}`));
    return { started: true, storedChecked: true, disagreements };
  } finally {
    await server.stop();
    rmSync(file, { force: true });
  }
}

/** The line of kube-apiserver's log that says why it stopped. */
function refusal(log: string): string {
  return log.split('\n').find((line) => line.includes('command failed'))?.replace(/^.*err="/, '').replace(/"$/, '') ?? log.split('\n').slice(-3).join(' ');
}

test(`EncryptionConfiguration oracle: ${CASES} generated configurations, kube-apiserver's start and etcd's bytes against Kubeward`, { timeout: 1_800_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-encryption-'));
  const counts = { refused: 0, started: 0, storedChecked: 0 };
  const disagreements: string[] = [];
  try {
    const random = seededRandom(SEED);
    const cases = Array.from({ length: CASES }, (_, index) => generateEncryptionCase(random, index));
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const outcome = await judge(cluster, cases[next++], dir);
        counts[outcome.started ? 'started' : 'refused']++;
        if (outcome.storedChecked) counts.storedChecked++;
        disagreements.push(...outcome.disagreements);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.KUBEWARD_ENCRYPTION_REPORT) writeFileSync(process.env.KUBEWARD_ENCRYPTION_REPORT, disagreements.join('\n\n'));
  console.log(`EncryptionConfiguration oracle (seed ${SEED}): ${CASES} configurations, ${counts.refused} refused, ${counts.started} started (${counts.storedChecked} with the Secret's bytes checked in etcd), ${disagreements.length} disagreements`);
  assert.ok(CASES < 40 || (counts.refused >= CASES / 5 && counts.storedChecked >= CASES / 5), `too one-sided a sample: ${JSON.stringify(counts)}`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
