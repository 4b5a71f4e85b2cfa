/**
 * The Pod Security oracle: generated pods (psa-cases.ts) created with a server-side dry run in namespaces that
 * enforce each level at pinned versions, on the real kube-apiserver with its PodSecurity admission plugin. For
 * every pod the API server admits or refuses on Pod Security grounds, Kubeward's evaluation must give the same
 * verdict and, word for word, the same list of violated checks; for the same pod as a Deployment's template, the
 * API server's "would violate PodSecurity" warning must be Kubeward's too. Pods refused for other reasons
 * (validation) are counted and left out. KUBEWARD_PSA_SEED, KUBEWARD_PSA_CASES (default 2,500),
 * KUBEWARD_PSA_REPORT.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { podSecurityFindings } from '../../server/src/engine/analysis/pod-security/admission';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { clusterModule, type TestCluster } from './cluster';
import { seededRandom } from './oracle-cases';
import { asDeployment, generatePsaCase, PSA_NAMESPACES, type PsaCase } from './psa-cases';
import { stringify } from 'yaml';

const SEED = Number(process.env.KUBEWARD_PSA_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_PSA_CASES ?? 2500);
const CONCURRENCY = 8;

interface Outcome {
  kind: 'admitted' | 'refused' | 'invalid';
  disagreements: string[];
}

function namespaceLabels(level: string, version: string): Record<string, string> {
  return { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': version };
}

async function judge(cluster: TestCluster, item: PsaCase): Promise<Outcome> {
  const namespace = PSA_NAMESPACES.find((candidate) => candidate.name === item.namespace)!;
  const labels = namespaceLabels(namespace.level, namespace.version);
  const describe = (problem: string) => `case ${item.index} (${namespace.name}; ${item.mutations.join('; ') || 'no mutation'}): ${problem}\n${stringify(item.pod).replace(/^/gm, '    ')}`;
  const disagreements: string[] = [];
  const pod = await cluster.request('POST', `/api/v1/namespaces/${item.namespace}/pods?dryRun=All`, item.pod);
  const message = String(pod.body?.message ?? '');
  const refused = pod.status === 403 && message.includes('violates PodSecurity');
  if (pod.status >= 500) throw new Error(`the API server failed: ${pod.status} ${pod.text}`);
  const kind = pod.status === 201 ? 'admitted' : refused ? 'refused' : 'invalid';
  const deployment = asDeployment(item.pod);
  if (kind !== 'invalid') {
    const expected = refused ? message.slice(message.indexOf('violates PodSecurity')) : undefined;
    const kubeward = podSecurityFindings({ object: item.pod, isPod: true, namespaceLabels: labels }).enforce;
    if (expected !== kubeward) disagreements.push(describe(`the API server says ${expected ?? 'nothing (admitted)'}; Kubeward says ${kubeward ?? 'nothing'}`));
    // The rule must say the same, one finding per check, of the Pod and of the pods the Deployment would create.
    const { pod: podFindings, workload } = ruleFindings(namespace.name, labels, item.pod, deployment);
    const tail = expected ? expected.slice(expected.indexOf('": ') + 3) : '';
    const ordered = [...podFindings].sort((a, b) => tail.indexOf(a) - tail.indexOf(b)).join(', ');
    if (ordered !== tail) disagreements.push(describe(`the API server refuses the pod with "${tail}"; pod/pod-security says "${ordered}"`));
    if ([...workload].sort().join(' | ') !== [...podFindings].sort().join(' | ')) disagreements.push(describe(`pod/pod-security says the Pod fails "${podFindings.join(' | ')}" but the Deployment's pods "${workload.join(' | ')}"`));
  }
  const created = await cluster.request('POST', `/apis/apps/v1/namespaces/${item.namespace}/deployments?dryRun=All`, deployment);
  if (created.status === 201) {
    const warning = created.warnings.find((text) => text.startsWith('would violate PodSecurity'));
    const kubeward = podSecurityFindings({ object: deployment, isPod: false, namespaceLabels: labels }).warn;
    if (warning !== kubeward) disagreements.push(describe(`as a Deployment, the API server warns ${warning ?? 'nothing'}; Kubeward says ${kubeward ?? 'nothing'}`));
  }
  return { kind, disagreements };
}

const linter = new StreamLinter(RULES);

/** What pod/pod-security reports as errors of the Pod and of the Deployment, as `reason (detail)` texts. */
function ruleFindings(namespace: string, labels: Record<string, string>, pod: Record<string, unknown>, deployment: Record<string, unknown>): { pod: string[]; workload: string[] } {
  const text = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } }, pod, deployment].map((object) => stringify(object)).join('---\n');
  const workspace = new WorkspaceIndex();
  const analysis = linter.lint(text, DEFAULT_CONFIG, workspace, (documents) => workspace.setFile('case.yaml', { text, documents }));
  const [, podEntry, deploymentEntry] = analysis.documents;
  const errorsIn = (from: number, to: number) =>
    analysis.findings
      .filter((finding) => finding.ruleId === 'pod/pod-security' && finding.severity === 'error' && finding.range.start >= from && finding.range.start < to)
      .map((finding) => /(?:refuses this pod|\(the \w+ itself is admitted, with a warning\)): (.*)\.$/.exec(finding.message)?.[1] ?? finding.message);
  return { pod: errorsIn(podEntry.offset, deploymentEntry.offset), workload: errorsIn(deploymentEntry.offset, text.length) };
}

test(`Pod Security oracle: ${CASES} generated pods, kube-apiserver's PodSecurity admission against Kubeward`, { timeout: 1_800_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const counts = { admitted: 0, refused: 0, invalid: 0 };
  const disagreements: string[] = [];
  try {
    for (const namespace of PSA_NAMESPACES) {
      await cluster.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace.name, labels: namespaceLabels(namespace.level, namespace.version) } });
      await cluster.request('POST', `/api/v1/namespaces/${namespace.name}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
    }
    const random = seededRandom(SEED);
    const cases = Array.from({ length: CASES }, (_, index) => generatePsaCase(random, index));
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const outcome = await judge(cluster, cases[next++]);
        counts[outcome.kind]++;
        disagreements.push(...outcome.disagreements);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await cluster.stop();
  }
  if (process.env.KUBEWARD_PSA_REPORT) writeFileSync(process.env.KUBEWARD_PSA_REPORT, disagreements.join('\n\n'));
  console.log(`Pod Security oracle (seed ${SEED}): ${CASES} pods, ${counts.admitted} admitted, ${counts.refused} refused by PodSecurity, ${counts.invalid} refused by validation, ${disagreements.length} disagreements`);
  assert.ok(counts.admitted + counts.refused >= 2000 || CASES < 2500, `only ${counts.admitted + counts.refused} pods were judged on Pod Security`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
