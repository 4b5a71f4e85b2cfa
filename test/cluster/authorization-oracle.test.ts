/**
 * The control-plane oracle for AuthorizationConfigurations: each generated configuration (authorization-cases.ts)
 * is given to a real kube-apiserver v1.36 with --authorization-config (instead of --authorization-mode). It refuses
 * to start ⇔ controlplane/authorization-config reports an error. For one it starts with, SubjectAccessReviews (sent
 * as admin, whom system:masters lets through whatever the chain says) for a user with no grants and for a member
 * of system:masters must be decided as Kubeward's chain decides them: each authorizer in order, RBAC answering from
 * the built-in policy, webhooks failing (their service does not answer) with their failurePolicy. KUBEWARD_AUTHZ_SEED, KUBEWARD_AUTHZ_CASES (default 30), KUBEWARD_AUTHZ_REPORT.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { chainDecision, readAuthorizationConfiguration, type Authorizer } from '../../server/src/engine/analysis/controlplane/authorization-config';
import { userFromName, type AccessRequest } from '../../server/src/engine/analysis/rbac/authorizer';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { generateAuthorizationCase, type AuthorizationCase } from './authorization-cases';
import type { TestCluster } from './cluster';
import { describeCase, judgeApiserver, runConfigOracle, webhookKubeconfig, type ConfigOutcome } from './config-oracle';
import { describeRequest, subjectAccessReview } from './oracle-cases';

const SEED = Number(process.env.KUBEWARD_AUTHZ_SEED ?? 20261206);
const CASES = Number(process.env.KUBEWARD_AUTHZ_CASES ?? 30);
const linter = new StreamLinter(RULES);
const rbac = new WorkspaceIndex().authorizer();

const REQUESTS: AccessRequest[] = [
  { kind: 'resource', user: userFromName('jane'), verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default' },
  { kind: 'resource', user: userFromName('boss', ['system:masters']), verb: 'delete', apiGroup: '', resource: 'secrets', namespace: 'kube-system' },
];

/** Kubeward's decision: the chain in order; RBAC from the built-in policy; unreachable webhooks by failurePolicy. */
function expected(authorizers: Authorizer[], request: AccessRequest): boolean {
  return chainDecision(authorizers, request.user.groups, (authorizer) => {
    switch (authorizer.type) {
      case 'AlwaysAllow': return 'allow';
      // AlwaysDeny answers "no opinion": the first run of this oracle found it.
      case 'AlwaysDeny': return 'no-opinion';
      case 'RBAC': return rbac.authorize(request).allowed ? 'allow' : 'no-opinion';
      case 'Webhook': return authorizer.failurePolicy === 'Deny' ? 'deny' : 'no-opinion';
      default: return 'no-opinion';
    }
  }).allowed;
}

async function judge(cluster: TestCluster, item: AuthorizationCase, dir: string): Promise<ConfigOutcome> {
  const file = path.join(dir, `authorization-${item.index}.yaml`);
  writeFileSync(file, item.text);
  const errors = linter.lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.ruleId === 'controlplane/authorization-config' && finding.severity === 'error');
  try {
    return await judgeApiserver(cluster, item, errors, { args: [`--authorization-config=${file}`], omit: ['--authorization-mode'] }, async (server) => {
      const { authorizers } = readAuthorizationConfiguration(item.object);
      const disagreements: string[] = [];
      for (const request of REQUESTS) {
        const review = await server.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', subjectAccessReview(request));
        assert.equal(review.status, 201, `case ${item.index}: the SubjectAccessReview failed: ${review.status} ${review.text}`);
        const allowed = review.body?.status?.allowed === true;
        if (allowed !== expected(authorizers, request)) disagreements.push(describeCase(item, `${describeRequest(request)}: kube-apiserver says ${allowed ? 'allowed' : 'denied'} (${review.body?.status?.reason ?? ''}); Kubeward's chain says ${allowed ? 'denied' : 'allowed'}`));
      }
      return { checked: REQUESTS.length, disagreements };
    });
  } finally {
    rmSync(file, { force: true });
  }
}

test(`AuthorizationConfiguration oracle: ${CASES} generated configurations, kube-apiserver's start and decisions against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({ seed: SEED, count: CASES, generate: (random, index, dir) => generateAuthorizationCase(random, index, webhookKubeconfig(dir)), judge, reportFile: process.env.KUBEWARD_AUTHZ_REPORT });
  console.log(`AuthorizationConfiguration oracle (seed ${SEED}): ${CASES} configurations, ${run.refused} refused, ${run.started} started, ${run.checked} access reviews compared, ${run.disagreements.length} disagreements`);
  assert.ok(CASES < 30 || (run.refused >= CASES / 8 && run.started >= CASES / 4), `too one-sided a sample: ${JSON.stringify({ ...run, disagreements: run.disagreements.length })}`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
