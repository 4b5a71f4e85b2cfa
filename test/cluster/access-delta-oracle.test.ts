/**
 * The access delta against kube-apiserver: for generated revision pairs (access-delta-cases.ts), both revisions
 * are applied to the test cluster (the head under another scenario number, so they live side by side) and every
 * question is asked of it for every subject of either revision with SubjectAccessReviews. A question is in the
 * subject's "added" ⇔ the head allows and the base denies it (and no group the subject always carries gains it
 * too), in "removed" ⇔ the reverse; each disagreement fails the test. KUBEWARD_DELTA_ORACLE_SEED replays a run;
 * KUBEWARD_DELTA_ORACLE_PAIRS and KUBEWARD_DELTA_ORACLE_QUESTIONS change its size.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessDelta, namedSubjects, type DeltaSubject } from '../../server/src/engine/analysis/rbac/access-delta';
import type { AccessRequest, UserInfo } from '../../server/src/engine/analysis/rbac/authorizer';
import { clusterModule } from './cluster';
import { authorizerOf, deltaSays, describeSubject, expectedChange, generateRevisionPair, renumbered, type Revision } from './access-delta-cases';
import { describeRequest, type Scenario } from './oracle-cases';
import { allowedByCluster, applyAndSettle, inBatches } from './rbac-apply';

const SEED = Number(process.env.KUBEWARD_DELTA_ORACLE_SEED ?? 20261207);
const PAIRS = Number(process.env.KUBEWARD_DELTA_ORACLE_PAIRS ?? 30);
const QUESTIONS = Number(process.env.KUBEWARD_DELTA_ORACLE_QUESTIONS ?? 30);
/** Head revisions take scenario numbers from here, far from the base's. */
const HEAD_OFFSET = 5000;

test(`the access delta agrees with kube-apiserver on generated revision pairs (seed ${SEED}, ${PAIRS} pairs)`, { timeout: 1_200_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const disagreements: string[] = [];
  let cases = 0;
  let changed = 0;
  let reviews = 0;
  try {
    for (let index = 0; index < PAIRS; index++) {
      const pair = generateRevisionPair(SEED, index, QUESTIONS);
      const headIndex = index + HEAD_OFFSET;
      const headScenario: Scenario = { ...pair.scenario, index: headIndex, namespaces: renumbered(pair.scenario.namespaces, index, headIndex), objects: renumbered(pair.head, index, headIndex) };
      await applyAndSettle(cluster, pair.scenario);
      await applyAndSettle(cluster, headScenario);
      const base = authorizerOf(pair.base);
      const head = authorizerOf(pair.head);
      const delta = accessDelta(base, head);
      const verdicts = new Map<string, Promise<boolean>>();
      const allowed = (revision: Revision, user: UserInfo, question: AccessRequest): Promise<boolean> => {
        const request = { ...question, user };
        const asked = revision === 'base' ? request : renumbered(request, index, headIndex);
        const key = JSON.stringify(asked);
        let verdict = verdicts.get(key);
        if (!verdict) {
          reviews++;
          verdicts.set(key, (verdict = allowedByCluster(cluster, asked)));
        }
        return verdict;
      };
      const subjects = new Map<string, DeltaSubject>();
      for (const subject of [...namedSubjects(base), ...namedSubjects(head)]) if (subject.name.includes(`o${index}-`)) subjects.set(JSON.stringify(subject), subject);
      const tasks = [...subjects.values()].flatMap((subject) => pair.questions.map((question) => ({ subject, question })));
      await inBatches(tasks, 8, async ({ subject, question }) => {
        cases++;
        const expected = await expectedChange(allowed, subject, question);
        if (expected !== 'none') changed++;
        const said = deltaSays(delta, subject, question);
        if (said !== expected) disagreements.push(`pair ${index} (${pair.edits.join('; ')}): ${describeSubject(subject)} ${describeRequest({ ...question, user: { name: '', groups: [] } })}: kube-apiserver ${expected}, Kubeward ${said}`);
      });
    }
  } finally {
    await cluster.stop();
  }
  console.log(`access delta oracle: seed ${SEED}, ${PAIRS} pairs, ${cases} cases (${changed} changed), ${reviews} SubjectAccessReviews, ${disagreements.length} disagreements`);
  assert.ok(changed > 0, 'the edits should change some answers');
  assert.deepEqual(disagreements.slice(0, 25), [], `${disagreements.length} disagreements; replay with KUBEWARD_DELTA_ORACLE_SEED=${SEED}`);
});
