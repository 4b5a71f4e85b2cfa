/**
 * The access delta against Kubeward's own authorizer, which the RBAC oracle holds equal to kube-apiserver's: for
 * generated revision pairs, every subject and question, a change holds the question exactly when the authorizer's
 * answers say it was gained (or lost) by the subject and not by a group it always carries. The same check with
 * kube-apiserver as the judge is test/cluster/access-delta-oracle.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessDelta, namedSubjects, type DeltaSubject } from '../../server/src/engine/analysis/rbac/access-delta';
import type { AccessRequest, Authorizer, UserInfo } from '../../server/src/engine/analysis/rbac/authorizer';
import { authorizerOf, deltaSays, describeSubject, expectedChange, generateRevisionPair, type Revision } from '../cluster/access-delta-cases';
import { describeRequest } from '../cluster/oracle-cases';

const SEED = Number(process.env.KUBEWARD_DELTA_SEED ?? 20261207);
const PAIRS = Number(process.env.KUBEWARD_DELTA_PAIRS ?? 150);

function distinctSubjects(...authorizers: Authorizer[]): DeltaSubject[] {
  const seen = new Map<string, DeltaSubject>();
  for (const subject of authorizers.flatMap(namedSubjects)) seen.set(JSON.stringify(subject), subject);
  return [...seen.values()].filter((subject) => subject.name.startsWith('o') || subject.name.startsWith('system:serviceaccounts:o'));
}

test(`the access delta agrees with the authorizer on ${PAIRS} generated revision pairs (seed ${SEED})`, async () => {
  const disagreements: string[] = [];
  let cases = 0;
  let changed = 0;
  for (let index = 0; index < PAIRS; index++) {
    const pair = generateRevisionPair(SEED, index, 40);
    const authorizers = { base: authorizerOf(pair.base), head: authorizerOf(pair.head) };
    const delta = accessDelta(authorizers.base, authorizers.head);
    const allowed = async (revision: Revision, user: UserInfo, question: AccessRequest) => authorizers[revision].authorize({ ...question, user }).allowed;
    for (const subject of distinctSubjects(authorizers.base, authorizers.head)) {
      for (const question of pair.questions) {
        cases++;
        const expected = await expectedChange(allowed, subject, question);
        if (expected !== 'none') changed++;
        const said = deltaSays(delta, subject, question);
        if (said !== expected) disagreements.push(`pair ${index} (${pair.edits.join('; ')}): ${describeSubject(subject)} ${describeRequest({ ...question, user: { name: '', groups: [] } })}: authorizer ${expected}, delta ${said}`);
      }
    }
  }
  console.log(`access delta: ${cases} cases, ${changed} changed, ${disagreements.length} disagreements`);
  assert.ok(changed > cases / 100, `the edits should change some answers (${changed} of ${cases})`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} of ${cases} disagree`);
});
