/**
 * The control-plane oracle for kube-apiserver's command line: generated variations of the test API server's own
 * flags (required ones left out, removed ones added, weak settings) are each written into a static pod manifest
 * for Kubeward and run as a real kube-apiserver v1.36: it refuses to start ⇔ controlplane/insecure-flag reports an
 * error in the manifest. KUBEWARD_FLAGS_SEED, KUBEWARD_FLAGS_CASES (default 30), KUBEWARD_FLAGS_REPORT.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import type { TestCluster } from './cluster';
import { describeCase, runConfigOracle, startDisagreement, type ConfigOutcome } from './config-oracle';
import { chance, pick, type Random } from './validation-data';

const SEED = Number(process.env.KUBEWARD_FLAGS_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_FLAGS_CASES ?? 30);
const linter = new StreamLinter(RULES);

interface FlagsCase {
  index: number;
  extra: string[];
  omit: string[];
  /** What was changed, in words. */
  mutations: string[];
}

/** Variations: each a flag to add or to leave out of the test API server's command line. */
function variations(dir: string): { name: string; extra?: string[]; omit?: string[] }[] {
  const tokens = path.join(dir, 'tokens.csv');
  writeFileSync(tokens, 'a-long-random-token-for-the-oracle,oracle-user,1001,"oracle-group"\n');
  const policy = path.join(dir, 'abac.jsonl');
  writeFileSync(policy, '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "oracle-user", "namespace": "*", "resource": "pods", "readonly": true}}\n');
  return [
    { name: 'no service account issuer', omit: ['--service-account-issuer'] },
    { name: 'no signing key', omit: ['--service-account-signing-key-file'] },
    { name: 'no service account key file', omit: ['--service-account-key-file'] },
    { name: 'the removed insecure port', extra: ['--insecure-port=0'] },
    { name: 'the removed basic auth file', extra: [`--basic-auth-file=${tokens}`] },
    { name: 'the removed insecure bind address', extra: ['--insecure-bind-address=127.0.0.1'] },
    { name: 'the removed --address', extra: ['--address=127.0.0.1'] },
    { name: 'the removed --port', extra: ['--port=0'] },
    { name: 'a static token file', extra: [`--token-auth-file=${tokens}`] },
    { name: 'anonymous access off', extra: ['--anonymous-auth=false'] },
    // A mode is given as two words: `omit` drops the usual `--authorization-mode=…` by its prefix.
    { name: 'AlwaysAllow', extra: ['--authorization-mode', 'AlwaysAllow'], omit: ['--authorization-mode'] },
    { name: 'RBAC only', extra: ['--authorization-mode', 'RBAC'], omit: ['--authorization-mode'] },
    { name: 'ABAC with its policy file', extra: ['--authorization-mode', 'Node,ABAC,RBAC', `--authorization-policy-file=${policy}`], omit: ['--authorization-mode'] },
    { name: 'ABAC without a policy file', extra: ['--authorization-mode', 'Node,RBAC,ABAC'], omit: ['--authorization-mode'] },
    { name: 'a policy file without ABAC', extra: [`--authorization-policy-file=${policy}`] },
    { name: 'a space in the mode list', extra: ['--authorization-mode', 'Node, RBAC'], omit: ['--authorization-mode'] },
    { name: 'a mode twice', extra: ['--authorization-mode', 'Node,RBAC,RBAC'], omit: ['--authorization-mode'] },
    { name: 'an unknown mode', extra: ['--authorization-mode', 'Node,Rbac'], omit: ['--authorization-mode'] },
    { name: 'Webhook without its configuration', extra: ['--authorization-mode', 'Node,Webhook,RBAC'], omit: ['--authorization-mode'] },
    { name: 'old TLS', extra: ['--tls-min-version=VersionTLS10'] },
    { name: 'admission plugins without NodeRestriction', extra: ['--enable-admission-plugins=PodSecurity'] },
    { name: 'NodeRestriction', extra: ['--enable-admission-plugins=NodeRestriction'] },
    { name: 'no client CA', omit: ['--client-ca-file'] },
  ];
}

function generator() {
  let pool: ReturnType<typeof variations> | undefined;
  return (random: Random, index: number, dir: string): FlagsCase => {
    pool ??= variations(dir);
    const chosen = [...new Set(Array.from({ length: chance(random, 0.5) ? 1 : 2 }, () => pick(random, pool!)))];
    return { index, extra: chosen.flatMap((item) => item.extra ?? []), omit: chosen.flatMap((item) => item.omit ?? []), mutations: chosen.map((item) => item.name) };
  };
}

function manifest(args: string[]): string {
  return stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver', namespace: 'kube-system' }, spec: { hostNetwork: true, containers: [{ name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.36.3', command: ['kube-apiserver', ...args] }] } });
}

async function judge(cluster: TestCluster, item: FlagsCase): Promise<ConfigOutcome> {
  const text = manifest(cluster.apiserverCommandLine(item.extra, item.omit));
  const errors = linter.lint(text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/insecure-flag' && finding.severity === 'error');
  const server = await cluster.startApiserver(item.extra, { omit: item.omit });
  try {
    const disagreement = startDisagreement(server.started, server.log, errors);
    return { started: server.started, checked: 0, disagreements: disagreement ? [describeCase({ ...item, text }, disagreement)] : [] };
  } finally {
    await server.stop();
  }
}

test(`kube-apiserver flags oracle: ${CASES} generated command lines, whether it starts against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({ seed: SEED, count: CASES, generate: generator(), judge, reportFile: process.env.KUBEWARD_FLAGS_REPORT });
  console.log(`kube-apiserver flags oracle (seed ${SEED}): ${CASES} command lines, ${run.refused} refused, ${run.started} started, ${run.disagreements.length} disagreements`);
  assert.ok(CASES < 30 || (run.refused >= CASES / 8 && run.started >= CASES / 8), `too one-sided a sample: ${JSON.stringify({ ...run, disagreements: run.disagreements.length })}`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
