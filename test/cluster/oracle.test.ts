/**
 * The oracle test: Kubeward's authorizer against the real one. Random but realistic RBAC scenarios are applied
 * to a real kube-apiserver (built from the Kubernetes module, see test/cluster/README.md); every request is asked
 * of the API server with a SubjectAccessReview and of the engine with the same objects, and every disagreement
 * fails the test with the case spelled out. KUBEWARD_ORACLE_SEED replays a run; KUBEWARD_ORACLE_SCENARIOS and
 * KUBEWARD_ORACLE_REQUESTS change its size (default 40 × 250 = 10,000 cases).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { clusterModule } from './cluster';
import { describeRequest, generateScenario, type Scenario } from './oracle-cases';
import { allowedByCluster, applyAndSettle, inBatches } from './rbac-apply';

const SEED = Number(process.env.KUBEWARD_ORACLE_SEED ?? 20261125);
const SCENARIOS = Number(process.env.KUBEWARD_ORACLE_SCENARIOS ?? 40);
const REQUESTS = Number(process.env.KUBEWARD_ORACLE_REQUESTS ?? 250);
const CONCURRENCY = 8;

function engineAuthorizer(scenario: Scenario) {
  const index = new WorkspaceIndex();
  index.setFileText(`file:///oracle/scenario-${scenario.index}.yaml`, scenario.objects.map((object) => JSON.stringify(object)).join('\n---\n'));
  return index.authorizer();
}

test(`Kubeward's authorizer agrees with kube-apiserver on ${SCENARIOS * REQUESTS} SubjectAccessReviews (seed ${SEED})`, { timeout: 900_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const disagreements: string[] = [];
  let cases = 0;
  let allowed = 0;
  try {
    for (let index = 0; index < SCENARIOS; index++) {
      const scenario = generateScenario(SEED, index, REQUESTS);
      await applyAndSettle(cluster, scenario);
      const engine = engineAuthorizer(scenario);
      const verdicts = await inBatches(scenario.requests, CONCURRENCY, (request) => allowedByCluster(cluster, request));
      scenario.requests.forEach((request, position) => {
        cases++;
        const expected = verdicts[position];
        if (expected) allowed++;
        if (engine.authorize(request).allowed !== expected) {
          disagreements.push(`scenario ${index}, case ${position}: kube-apiserver says ${expected ? 'yes' : 'no'} to ${describeRequest(request)}`);
        }
      });
    }
  } finally {
    await cluster.stop();
  }
  console.log(`oracle: seed ${SEED}, ${cases} cases (${allowed} allowed), ${cases - disagreements.length} agreements, ${disagreements.length} disagreements`);
  assert.equal(cases, SCENARIOS * REQUESTS);
  assert.deepEqual(disagreements.slice(0, 25), [], `${disagreements.length} disagreements; replay with KUBEWARD_ORACLE_SEED=${SEED}`);
});
