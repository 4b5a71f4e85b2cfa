/**
 * The control-plane oracle for static token files and ABAC policy files: each generated pair (static-auth-cases.ts)
 * is given to a real kube-apiserver v1.36 with --token-auth-file, --authorization-policy-file and an
 * --authorization-mode naming ABAC. It refuses to start ⇔ auth/static-token-file or auth/abac-policy reports an
 * error. For one it starts with, every token of the file is reviewed (TokenReview) and the user the server sees
 * must be the one Kubeward reads from that line; and SubjectAccessReviews (sent as admin) for
 * the file's users and groups must be decided as Kubeward's `can-i` decides them: the workspace holds a static pod
 * whose flags name the two files, and the ABAC lines and the built-in RBAC policy are asked in the mode's order.
 * KUBEWARD_STATIC_AUTH_SEED, KUBEWARD_STATIC_AUTH_CASES (default 24), KUBEWARD_STATIC_AUTH_REPORT.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { authorizeThrough } from '../../server/src/engine/analysis/static-auth/authorization-chain';
import { effectiveCredentials } from '../../server/src/engine/analysis/static-auth/token-file';
import { userFromName, type AccessRequest } from '../../server/src/engine/analysis/rbac/authorizer';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintFile, StreamLinter } from '../../server/src/engine/linter';
import { readCsv } from '../../server/src/engine/model/csv';
import { StaticAuthFile } from '../../server/src/engine/model/static-auth-file';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import type { ApiResponse, TestCluster } from './cluster';
import { describeCase, judgeApiserver, runConfigOracle, type ConfigOutcome } from './config-oracle';
import { describeRequest, subjectAccessReview } from './oracle-cases';
import { generateStaticAuthCase, GROUPS, USERS, type StaticAuthCase } from './static-auth-cases';
import { chance, pick, type Random } from './validation-data';
import { seededRandom } from './oracle-cases';

const SEED = Number(process.env.KUBEWARD_STATIC_AUTH_SEED ?? 20261207);
const CASES = Number(process.env.KUBEWARD_STATIC_AUTH_CASES ?? 24);
const REVIEWS_PER_CASE = 12;

/** The static pod that names the two files, so that Kubeward finds them as a user's workspace would. */
function staticPod(item: StaticAuthCase): string {
  return [
    'apiVersion: v1', 'kind: Pod', 'metadata: {name: kube-apiserver, namespace: kube-system}', 'spec:', '  hostNetwork: true', '  containers:',
    '    - name: kube-apiserver', '      image: registry.k8s.io/kube-apiserver:v1.36.3', '      command:', '        - kube-apiserver',
    '        - --token-auth-file=/etc/kubernetes/auth/tokens.csv', `        - --authorization-mode=${item.modes.join(',')}`,
    '        - --authorization-policy-file=/etc/kubernetes/auth/policy.jsonl', '',
  ].join('\n');
}

function workspaceOf(item: StaticAuthCase): WorkspaceIndex {
  const workspace = new WorkspaceIndex();
  workspace.setFile('control-plane/kube-apiserver.yaml', new StreamLinter(RULES).lint(staticPod(item), DEFAULT_CONFIG));
  const kind = workspace.staticAuth.kindNamed('auth/policy.jsonl');
  assert.equal(kind, 'abacPolicyFile', 'the static pod names the policy file');
  workspace.staticAuth.setAuthFile('auth/policy.jsonl', new StaticAuthFile(item.abacText, kind));
  return workspace;
}

function randomRequest(random: Random): AccessRequest {
  const person = pick(random, USERS);
  const extraGroups = GROUPS.filter((group) => group !== 'system:authenticated' && group !== 'system:unauthenticated' && chance(random, 0.3));
  const anonymous = chance(random, 0.1);
  const user = anonymous ? userFromName('system:anonymous') : userFromName(person.name, [...new Set([...person.groups, ...extraGroups])]);
  const verb = pick(random, ['get', 'list', 'watch', 'create', 'delete', 'patch', 'update']);
  if (chance(random, 0.25)) return { kind: 'nonResource', user, verb: pick(random, ['get', 'post']), path: pick(random, ['/version', '/healthz', '/healthz/etcd', '/api', '/api/v1', '/metrics', '/logs/x']) };
  const [apiGroup, resource, subresource] = pick(random, [['', 'pods'], ['', 'pods', 'exec'], ['', 'secrets'], ['', 'configmaps'], ['apps', 'deployments'], ['', 'namespaces'], ['', 'nodes']]);
  const clusterScoped = resource === 'namespaces' || resource === 'nodes';
  return { kind: 'resource', user, verb, apiGroup, resource, ...(subresource ? { subresource } : {}), ...(clusterScoped ? {} : { namespace: pick(random, ['shop', 'default', 'kube-system']) }) };
}

/** What kube-apiserver should say each token of the file authenticates as: the last line of that token. */
function expectedIdentities(tokenText: string): { token: string; name: string; uid: string; groups: string[] }[] {
  const file = new StaticAuthFile(tokenText, 'tokenFile');
  const values = new Map(readCsv(tokenText).records.map((record) => [record.start, record.fields[0]?.value ?? '']));
  return effectiveCredentials(file.credentials).map((credential) => {
    const groups = credential.groups.includes('system:authenticated') ? credential.groups : [...credential.groups, 'system:authenticated'];
    return { token: values.get(credential.record.start) ?? '', name: credential.user.value, uid: credential.uid.value, groups };
  });
}

async function judge(cluster: TestCluster, item: StaticAuthCase, dir: string): Promise<ConfigOutcome> {
  const tokenFile = path.join(dir, `tokens-${item.index}.csv`);
  const policyFile = path.join(dir, `policy-${item.index}.jsonl`);
  writeFileSync(tokenFile, item.tokenText);
  writeFileSync(policyFile, item.abacText);
  const errors = [
    ...lintFile(new StaticAuthFile(item.tokenText, 'tokenFile'), DEFAULT_CONFIG, RULES),
    ...lintFile(new StaticAuthFile(item.abacText, 'abacPolicyFile'), DEFAULT_CONFIG, RULES),
  ].filter((finding) => finding.severity === 'error');
  // The mode as two words: the usual `--authorization-mode=…` is left out by its prefix.
  const flags = [`--token-auth-file=${tokenFile}`, '--authorization-mode', item.modes.join(','), `--authorization-policy-file=${policyFile}`];
  try {
    return await judgeApiserver(cluster, item, errors, { args: flags, omit: ['--authorization-mode'] }, async (server) => {
      const disagreements: string[] = [];
      let checked = 0;
      for (const identity of expectedIdentities(item.tokenText)) {
        // A TokenReview, sent as admin: whatever the policy lets the token's user do, admin may ask who it is.
        const review: ApiResponse = await server.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: identity.token } });
        const seen = review.body?.status?.user ?? {};
        // The review leaves out an empty uid (omitempty).
        const actual = { name: seen.username, uid: seen.uid ?? '', groups: [...(seen.groups ?? [])].sort() };
        const expected = { name: identity.name, uid: identity.uid, groups: [...identity.groups].sort() };
        checked++;
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          disagreements.push(describeCase(item, `a token of line "${identity.name}": kube-apiserver sees ${JSON.stringify(actual)} (${review.status}); Kubeward reads ${JSON.stringify(expected)}`));
        }
      }
      const workspace = workspaceOf(item);
      const random = seededRandom(SEED * 1000 + item.index);
      for (let count = 0; count < REVIEWS_PER_CASE; count++) {
        const request = randomRequest(random);
        const review: ApiResponse = await server.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', subjectAccessReview(request));
        assert.equal(review.status, 201, `case ${item.index}: the SubjectAccessReview failed: ${review.status} ${review.text}`);
        const allowed = review.body?.status?.allowed === true;
        const decision = authorizeThrough(workspace.staticAuth.chain(), workspace.authorizer(), request);
        checked++;
        if (allowed !== decision.allowed) {
          disagreements.push(describeCase(item, `${describeRequest(request)}: kube-apiserver says ${allowed ? 'allowed' : 'denied'} (${review.body?.status?.reason ?? ''}); Kubeward says ${decision.allowed ? `allowed by ${decision.decidedBy}` : 'denied'}`));
        }
      }
      return { checked, disagreements };
    });
  } finally {
    rmSync(tokenFile, { force: true });
    rmSync(policyFile, { force: true });
  }
}

test(`static token and ABAC oracle: ${CASES} generated file pairs, kube-apiserver's start, authentication and decisions against Kubeward`, { timeout: 1_800_000 }, async () => {
  const run = await runConfigOracle({ seed: SEED, count: CASES, generate: (random, index) => generateStaticAuthCase(random, index), judge, reportFile: process.env.KUBEWARD_STATIC_AUTH_REPORT });
  console.log(`static token and ABAC oracle (seed ${SEED}): ${CASES} file pairs, ${run.refused} refused, ${run.started} started, ${run.checked} authentications and access reviews compared, ${run.disagreements.length} disagreements`);
  assert.ok(CASES < 20 || (run.refused >= CASES / 8 && run.started >= CASES / 4), `too one-sided a sample: ${JSON.stringify({ ...run, disagreements: run.disagreements.length })}`);
  assert.deepEqual(run.disagreements.slice(0, 10), [], `${run.disagreements.length} disagreements; the first 10 are shown`);
});
