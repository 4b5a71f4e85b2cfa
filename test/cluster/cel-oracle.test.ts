/**
 * The CEL syntax oracle: valid boolean match conditions over a SubjectAccessReview, each changed by zero to two
 * character-level mutations (a character dropped, doubled or replaced by punctuation), are given to a real
 * kube-apiserver v1.36 as the match condition of an AuthorizationConfiguration webhook. Kubeward checks syntax
 * only: a Kubeward error where kube-apiserver starts, or a kube-apiserver "Syntax error" Kubeward does not report,
 * is a disagreement; refusals for types (an expression that parses but is not a boolean, an unknown field) are
 * counted apart, since Kubeward does not type-check. KUBEWARD_CEL_SEED, KUBEWARD_CEL_CASES (default 30),
 * KUBEWARD_CEL_REPORT.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import type { TestCluster } from './cluster';
import { describeCase, refusal, runConfigOracle, webhookKubeconfig, type ConfigOutcome } from './config-oracle';
import { chance, pick, type Random } from './validation-data';

const SEED = Number(process.env.KUBEWARD_CEL_SEED ?? 20261209);
const CASES = Number(process.env.KUBEWARD_CEL_CASES ?? 30);
const linter = new StreamLinter(RULES);

const EXPRESSIONS = [
  "request.user != 'nobody'",
  "has(request.resourceAttributes) && request.resourceAttributes.namespace == 'kube-system'",
  "!('system:masters' in request.groups)",
  "request.groups.exists(g, g.startsWith('oidc:'))",
  "size(request.groups) > 1 || request.user.endsWith('@example.com')",
  "has(request.nonResourceAttributes) ? request.nonResourceAttributes.path != '/healthz' : true",
  "request.user in ['alice', 'bob'] && (request.uid == '' || request.uid != 'x')",
  "request.groups.all(g, g != \"system:unauthenticated\")",
];
const PUNCTUATION = ['(', ')', "'", '"', '.', ',', '&', '|', '!', '=', '[', ']', '?', ':', '+', '-', ' '];

interface CelCase {
  index: number;
  expression: string;
  text: string;
  mutations: string[];
}

function mutate(expression: string, random: Random): { expression: string; name: string } {
  const at = Math.floor(random() * expression.length);
  const roll = random();
  if (roll < 0.35) return { expression: expression.slice(0, at) + expression.slice(at + 1), name: `dropped "${expression[at]}" at ${at}` };
  if (roll < 0.6) return { expression: expression.slice(0, at) + expression[at] + expression.slice(at), name: `doubled "${expression[at]}" at ${at}` };
  const replacement = pick(random, PUNCTUATION);
  return { expression: expression.slice(0, at) + replacement + expression.slice(at + 1), name: `"${expression[at]}" at ${at} replaced by "${replacement}"` };
}

function generate(random: Random, index: number, kubeconfig: string): CelCase {
  let expression = pick(random, EXPRESSIONS);
  const mutations: string[] = [];
  for (let round = chance(random, 0.25) ? 0 : chance(random, 0.6) ? 1 : 2; round > 0; round--) {
    const changed = mutate(expression, random);
    expression = changed.expression;
    mutations.push(changed.name);
  }
  const config = {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthorizationConfiguration',
    authorizers: [
      {
        type: 'Webhook',
        name: 'policy.example.com',
        webhook: {
          timeout: '1s', subjectAccessReviewVersion: 'v1', matchConditionSubjectAccessReviewVersion: 'v1', failurePolicy: 'NoOpinion',
          connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: kubeconfig },
          matchConditions: [{ expression }],
        },
      },
      { type: 'RBAC', name: 'rbac' },
    ],
  };
  return { index, expression, text: stringify(config), mutations };
}

/** What the oracle learned besides agreement: refusals for reasons Kubeward does not check. */
const typeOnly: string[] = [];

async function judge(cluster: TestCluster, item: CelCase, dir: string): Promise<ConfigOutcome> {
  const file = path.join(dir, `cel-${item.index}.yaml`);
  writeFileSync(file, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.severity === 'error');
  const server = await cluster.startApiserver([`--authorization-config=${file}`], { omit: ['--authorization-mode'] });
  try {
    const disagreements: string[] = [];
    const reason = server.started ? '' : refusal(server.log);
    if (server.started && errors.length > 0) disagreements.push(describeCase(item, `kube-apiserver starts; Kubeward reports ${errors.map((finding) => finding.message).join(' | ')}`));
    if (!server.started && errors.length === 0) {
      if (/Syntax error/i.test(server.log)) disagreements.push(describeCase(item, `kube-apiserver refuses a syntax error (${reason}); Kubeward reports nothing`));
      else typeOnly.push(`${item.expression}: ${reason}`);
    }
    return { started: server.started, checked: 1, disagreements };
  } finally {
    await server.stop();
    rmSync(file, { force: true });
  }
}

test(`CEL syntax oracle: ${CASES} generated match conditions, kube-apiserver's compilation against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({
    seed: SEED,
    count: CASES,
    generate: (random, index, dir) => generate(random, index, webhookKubeconfig(dir)),
    judge,
    reportFile: process.env.KUBEWARD_CEL_REPORT,
  });
  console.log(`CEL syntax oracle (seed ${SEED}): ${CASES} expressions, ${run.refused} refused, ${run.started} started, ${typeOnly.length} refused for types only, ${run.disagreements.length} disagreements`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
