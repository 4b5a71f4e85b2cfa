/**
 * Pod Security in the editor services: the hover on a workload says the level its pods meet and what the next one
 * needs; the hover on a Namespace's enforce label lists the workloads of the workspace it would refuse; the lens
 * above a workload says its level.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { applyFixes } from '../../server/src/engine/fix';
import { quickFixes } from '../../server/src/services/code-actions';
import { codeLenses } from '../../server/src/services/code-lenses';
import { hover } from '../../server/src/services/hover/index';
import { bareDeployment } from '../helpers/manifests';

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
`;

const WORKLOADS = `${bareDeployment('shop')}---
apiVersion: v1
kind: Pod
metadata:
  name: tidy
  namespace: shop
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: tidy
      image: registry.example.com/tidy:1
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

function setUp() {
  const workspace = new WorkspaceIndex();
  const namespace = new StreamLinter(RULES).lint(NAMESPACE, DEFAULT_CONFIG);
  const workloads = new StreamLinter(RULES).lint(WORKLOADS, DEFAULT_CONFIG);
  workspace.setFile('namespace.yaml', namespace);
  workspace.setFile('workloads.yaml', workloads);
  return { workspace, namespace, workloads };
}

test('the enforce label of a Namespace lists the workloads it would refuse, with their checks', () => {
  const { workspace, namespace } = setUp();
  const markdown = hover(namespace, NAMESPACE.indexOf('enforce:') + 2, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  assert.match(markdown, /\*\*Pod Security "restricted:latest"\*\* \(enforce\) refuses the pods of 1 of the 2 workloads of namespace shop in the workspace:/);
  assert.match(markdown, /- Deployment web: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile/);
  assert.doesNotMatch(markdown, /tidy/);
});

test('a workload says the level its pods meet and what the next level needs', () => {
  const { workspace, workloads } = setUp();
  const markdown = hover(workloads, WORKLOADS.indexOf('template:') + 2, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  assert.match(markdown, /\*\*Pod Security\*\*: its pods meet \*\*baseline\*\*\. For \*\*restricted\*\* they still need:/);
  assert.match(markdown, /- runAsNonRoot != true: pod or container "web" must set securityContext.runAsNonRoot=true/);
  assert.match(hover(workloads, WORKLOADS.lastIndexOf('securityContext') + 2, DEFAULT_CONFIG, workspace)?.markdown ?? '', /meet \*\*restricted\*\*\. That is the strictest level\./);
});

test('the lens above a workload says its level', () => {
  const { workspace, workloads } = setUp();
  assert.deepEqual(codeLenses(workloads, workspace).map((lens) => lens.title), ['Pod Security: meets baseline (restricted needs 4 changes)', 'Pod Security: meets restricted']);
});

test('one action applies the restricted fix to every pod of a file, and the file then meets restricted', () => {
  const { workspace } = setUp();
  const two = `${WORKLOADS.split('---')[0]}---\n${WORKLOADS.split('---')[0].replaceAll('web', 'api')}`;
  const lint = (text: string) => new StreamLinter(RULES).lint(text, DEFAULT_CONFIG, workspace);
  const before = lint(two);
  const refused = before.findings.filter((finding) => finding.ruleId === 'pod/pod-security');
  assert.equal(refused.length, 8);
  const everywhere = quickFixes(before, [refused[0]]).find((proposal) => proposal.title.endsWith('(everywhere in this file)'));
  assert.ok(everywhere);
  assert.equal(everywhere.findings.length, 8);
  const after = lint(applyFixes(two, [everywhere.fix]).text);
  assert.deepEqual(after.findings.filter((finding) => finding.ruleId === 'pod/pod-security'), []);
  assert.equal(after.text.match(/runAsNonRoot: true/g)?.length, 2);
});
