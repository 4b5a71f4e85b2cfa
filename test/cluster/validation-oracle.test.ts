/**
 * The validation oracle: generated objects of every kind Kubeward validates, each created on a real kube-apiserver
 * with a server-side dry run under strict and under ignoring field validation, and linted by Kubeward. On every case:
 * - the API server rejects it under strict validation exactly when Kubeward reports an error that says so;
 * - the field the API server names is where a Kubeward error points (or inside it, or at its nearest written parent);
 * - an object rejected only under strict validation is explained by a finding about what would be dropped;
 * - for an object accepted at least without strict validation, what the engine says it means (RBAC policy,
 *   NetworkPolicy) equals what it reads from the object the API server stored.
 * KUBEWARD_VALIDATION_SEED replays a run; KUBEWARD_VALIDATION_CASES resizes it (default 3,000);
 * KUBEWARD_VALIDATION_KINDS (comma-separated) limits the kinds generated; KUBEWARD_VALIDATION_REPORT names a file
 * that receives every disagreement.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { clusterModule, type TestCluster } from './cluster';
import { seededRandom } from './oracle-cases';
import { generateCase, type ValidationCase } from './validation-cases';
import { SERVICE_ACCOUNTS } from './validation-workloads';
import { judgeByKubeward, judgeByServer, meaningOf, storedDocument, unlocatedFields, type ServerVerdict } from './validation-judge';

const SEED = Number(process.env.KUBEWARD_VALIDATION_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_VALIDATION_CASES ?? 3000);
const KINDS = process.env.KUBEWARD_VALIDATION_KINDS?.split(',').map((kind) => kind.trim());
const CONCURRENCY = 8;
const NAMESPACES = ['oracle-a', 'oracle-b'];

/** Rules whose errors are about fields that strict validation refuses and ignoring validation drops. */
const STRICT_ONLY_RULES = new Set(['k8s/unknown-field', 'netpol/misindented-selector', 'netpol/rules-misplaced', 'pod/capabilities-at-pod-level', 'yaml/syntax']);

interface Outcome {
  rejected: boolean;
  disagreement?: string;
}

async function judge(cluster: TestCluster, item: ValidationCase): Promise<Outcome> {
  const postedVersion = /^apiVersion: (.*)$/m.exec(item.yaml)?.[1] ?? item.apiVersion;
  const [strict, ignore] = await Promise.all(
    (['Strict', 'Ignore'] as const).map((mode) => judgeByServer(cluster, item.yaml, postedVersion, item.kind, item.namespace, mode)),
  );
  const kubeward = judgeByKubeward(item.yaml);
  const said = (verdict: ServerVerdict) => (verdict.accepted ? 'accepted' : `rejected (${verdict.status}: ${verdict.message.slice(0, 400)})`);
  const findings = kubeward.rejecting.map(({ finding, path }) => `${finding.ruleId} at ${path.join('.')}: ${finding.message}`);
  const describe = (problem: string) =>
    `case ${item.index} (${item.kind}; ${item.mutations.join('; ') || 'no mutation'}): ${problem}\n  API server, strict: ${said(strict)}\n  Kubeward: ${findings.join(' | ') || 'no rejecting error'}\n${item.yaml.replace(/^/gm, '    ')}`;
  if (!strict.accepted && kubeward.rejecting.length === 0) return { rejected: true, disagreement: describe('the API server rejects it but Kubeward reports no error that says so') };
  if (strict.accepted && kubeward.rejecting.length > 0) return { rejected: false, disagreement: describe('the API server accepts it but Kubeward says it is rejected') };
  if (!strict.accepted) {
    const unlocated = unlocatedFields(strict, kubeward);
    if (unlocated.length > 0) return { rejected: true, disagreement: describe(`no Kubeward error points at ${unlocated.map((path) => path.join('.')).join(', ')}`) };
    if (ignore.accepted && !kubeward.rejecting.some(({ finding }) => STRICT_ONLY_RULES.has(finding.ruleId))) {
      return { rejected: true, disagreement: describe('accepted without strict validation, but no Kubeward finding says which field would be dropped') };
    }
  }
  // What the engine reads must be what is stored, also where only dropping unknown fields lets the object in.
  if (ignore.accepted && ignore.stored) {
    const written = meaningOf(kubeward.document);
    const stored = meaningOf(storedDocument(withoutGeneratedName(ignore.stored, kubeward.document?.data().data)));
    if (written !== stored) return { rejected: !strict.accepted, disagreement: describe(`what Kubeward reads differs from what the API server stored:\n  Kubeward: ${written}\n  stored:   ${stored}`) };
  }
  return { rejected: !strict.accepted };
}

/** The stored object without the name the API server made up from generateName, which the manifest cannot know. */
function withoutGeneratedName(stored: Record<string, unknown>, written: unknown): Record<string, unknown> {
  const writtenName = (written as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  const metadata = stored.metadata as Record<string, unknown> | undefined;
  if (!metadata?.generateName || writtenName) return stored;
  const { name: _generated, ...rest } = metadata;
  return { ...stored, metadata: rest };
}

test(`validation oracle: ${CASES} generated objects, kube-apiserver's dry run against Kubeward`, { timeout: 1_800_000 }, async () => {
  const module = await clusterModule();
  const cluster = await module.startCluster();
  const disagreements: string[] = [];
  let rejected = 0;
  try {
    for (const name of NAMESPACES) {
      await cluster.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      // Pods may only run as ServiceAccounts that exist, which the manifests cannot know: the generated ones do.
      for (const account of SERVICE_ACCOUNTS) await cluster.request('POST', `/api/v1/namespaces/${name}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account } });
    }
    const requests = [
      module.makeCsr('jane', ['developers']),
      module.makeCsr('system:node:worker-1', ['system:nodes']),
      module.makeCsr('ops', ['system:masters']),
    ].map(({ csr }) => Buffer.from(csr).toString('base64'));
    const random = seededRandom(SEED);
    const cases = Array.from({ length: CASES }, (_, index) => generateCase(random, index, { namespaces: NAMESPACES, requests, kinds: KINDS }));
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const item = cases[next++];
        const outcome = await judge(cluster, item);
        if (outcome.rejected) rejected++;
        if (outcome.disagreement) disagreements.push(outcome.disagreement);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await cluster.stop();
  }
  if (process.env.KUBEWARD_VALIDATION_REPORT) writeFileSync(process.env.KUBEWARD_VALIDATION_REPORT, disagreements.join('\n\n'));
  console.log(`validation oracle (seed ${SEED}): ${CASES} cases, ${rejected} rejected by the API server, ${CASES - disagreements.length} agreements, ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements.slice(0, 20), [], `${disagreements.length} disagreements; the first 20 are shown`);
});
