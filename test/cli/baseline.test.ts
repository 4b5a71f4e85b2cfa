/**
 * `kubeward lint --write-baseline` / `--baseline`: findings are matched by rule, object and path, not by line.
 * Moving a document to another file, reordering and re-indenting documents report nothing new; changing one value
 * reports exactly the one finding it causes; a baseline that is not one is a usage error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { kubeward, writeTree } from '../helpers/cli';
import { PRIVILEGED_DEPLOYMENT, READER_ROLE, READER_ROLE_REINDENTED } from '../helpers/manifests';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubeward-baseline-'));
after(() => rmSync(root, { recursive: true, force: true }));

function lint(dir: string, ...args: string[]): { status: number | null; findings: { ruleId: string }[] } {
  const result = kubeward(['lint', '--format', 'json', ...args, '.'], { cwd: dir });
  const report = JSON.parse(result.stdout) as { files: { findings: { ruleId: string }[] }[] };
  return { status: result.status, findings: report.files.flatMap((file) => file.findings) };
}

test('moving, reordering and re-indenting documents reports nothing new; one changed value reports its one finding', () => {
  const dir = path.join(root, 'tree');
  const baseline = path.join(root, 'baseline.json');
  writeTree(dir, { 'app.yaml': `${PRIVILEGED_DEPLOYMENT}---\n${READER_ROLE}` });
  const written = kubeward(['lint', '--write-baseline', baseline, '.'], { cwd: dir });
  assert.match(written.stderr, /wrote 3 findings to the baseline/);
  assert.doesNotMatch(readFileSync(baseline, 'utf8'), /nginx/);
  assert.deepEqual(lint(dir, '--baseline', baseline), { status: 0, findings: [] });

  // The Role moves to a file of its own, re-indented, and the Deployment follows a ConfigMap in its file.
  writeFileSync(path.join(dir, 'app.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {level: info}\n---\n${PRIVILEGED_DEPLOYMENT}`);
  writeFileSync(path.join(dir, 'roles.yaml'), READER_ROLE_REINDENTED);
  assert.equal(lint(dir).findings.length, 3, 'the findings are still there');
  assert.deepEqual(lint(dir, '--baseline', baseline), { status: 0, findings: [] });

  // One value changed: pods asked of the apps group, which does not serve them.
  writeFileSync(path.join(dir, 'roles.yaml'), READER_ROLE_REINDENTED.replace('-   apiGroups: [""]\n        resources: [pods]', '-   apiGroups: ["apps"]\n        resources: [pods]'));
  const changed = lint(dir, '--baseline', baseline);
  assert.deepEqual(changed.findings.map((finding) => finding.ruleId), ['rbac/resource-wrong-group']);
  assert.equal(changed.status, 1);
});

test('a second copy of a baselined finding is new, and a file that is not a baseline is a usage error', () => {
  const dir = path.join(root, 'copies');
  const baseline = path.join(root, 'copies.json');
  writeTree(dir, { 'role.yaml': READER_ROLE });
  kubeward(['lint', '--write-baseline', baseline, '.'], { cwd: dir });
  writeFileSync(path.join(dir, 'role.yaml'), READER_ROLE.replace('verbs: [get]\n', 'verbs: [get]\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n'));
  assert.deepEqual(lint(dir, '--baseline', baseline).findings.map((finding) => finding.ruleId), ['rbac/secrets-access']);
  writeFileSync(baseline, '{"findings": []}');
  const refused = kubeward(['lint', '--baseline', baseline, '.'], { cwd: dir });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /is not a Kubeward lint baseline/);
});
