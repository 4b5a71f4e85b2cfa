/**
 * The NetworkPolicy hovers, code lens and default-deny action on a small workspace: a policy whose peer combines
 * a namespace and a pod selector, and the workloads it selects.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { codeLenses } from '../../server/src/services/code-lenses';
import { hover } from '../../server/src/services/hover/index';
import { networkActions } from '../../server/src/services/netpol-actions';
import { applyFixes } from '../../server/src/engine/fix';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api
  namespace: prod
spec:
  podSelector:
    matchLabels: {role: db}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {name: prod}
          podSelector:
            matchLabels: {name: api-pod}
      ports:
        - port: 3306
`;

const WORKLOADS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
  namespace: prod
spec:
  serviceName: mysql
  selector: {matchLabels: {role: db}}
  template:
    metadata: {labels: {role: db}}
    spec:
      containers: [{name: mysql, image: "mysql:8.4"}]
`;

function setUp() {
  const workspace = new WorkspaceIndex();
  workspace.setFile('workloads.yaml', new StreamLinter(RULES).lint(WORKLOADS, DEFAULT_CONFIG));
  const analysis = new StreamLinter(RULES).lint(POLICY, DEFAULT_CONFIG);
  workspace.setFile('policy.yaml', analysis);
  return { workspace, analysis };
}

function hoverOn(needle: string): string {
  const { workspace, analysis } = setUp();
  return hover(analysis, POLICY.indexOf(needle) + 1, DEFAULT_CONFIG, workspace)?.markdown ?? '';
}

/** The NetworkPolicy section of the hover: findings come before it and field documentation after it. */
function netpolSection(needle: string): string {
  const sections = hoverOn(needle).split('\n\n---\n\n');
  return sections.find((section) => !section.startsWith('**')) ?? '';
}

test('the peer hover says both selectors must match', () => {
  assert.equal(netpolSection('namespaceSelector'), 'This peer admits pods with name=api-pod in namespaces with name=prod (both must match).');
});

test('the podSelector hover names the selected workloads', () => {
  assert.equal(netpolSection('podSelector:\n    matchLabels'), 'Selects the pods with role=db in namespace prod.\n\nIn the workspace: StatefulSet mysql.');
});

test('a peer among others is said to be one alternative (OR)', () => {
  const workspace = new WorkspaceIndex();
  const text = POLICY.replace('        - namespaceSelector:\n            matchLabels: {name: prod}\n          podSelector:', '        - namespaceSelector:\n            matchLabels: {name: prod}\n        - podSelector:');
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  workspace.setFile('policy.yaml', analysis);
  const markdown = hover(analysis, text.indexOf('- podSelector') + 3, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  const section = markdown.split('\n\n---\n\n').find((part) => part.startsWith('This peer')) ?? '';
  assert.equal(section, 'This peer admits pods with name=api-pod in namespace prod. It is one of 2 peers of this rule, and any one of them is enough (OR).');
});

test('the policy name hover summarises the policy', () => {
  assert.equal(
    netpolSection('db-from-api'),
    'Pods with role=db in namespace prod: ingress isolated; accept TCP 3306 from pods with name=api-pod in namespaces with name=prod (both must match). Egress not restricted.',
  );
});

test('the ingress hover explains the direction', () => {
  assert.equal(netpolSection('ingress:'), 'Ingress isolated; accept TCP 3306 from pods with name=api-pod in namespaces with name=prod (both must match).');
});

test('the code lens counts the selected workloads', () => {
  const { workspace, analysis } = setUp();
  assert.deepEqual(codeLenses(analysis, workspace).map((lens) => lens.title), ['selects 1 workload']);
});

test('a workload no policy isolates gets a default-deny action, which isolates it once applied', () => {
  const workspace = new WorkspaceIndex();
  const linter = new StreamLinter(RULES);
  const analysis = linter.lint(WORKLOADS, DEFAULT_CONFIG);
  workspace.setFile('workloads.yaml', analysis);
  const [action] = networkActions(analysis, WORKLOADS.indexOf('StatefulSet'), workspace);
  assert.equal(action.title, 'Add a default-deny ingress NetworkPolicy for namespace prod');
  const fixed = applyFixes(WORKLOADS, [action.fix]).text;
  const after = linter.lint(fixed, DEFAULT_CONFIG);
  assert.deepEqual(after.findings.filter((finding) => finding.severity === 'error'), []);
  workspace.setFile('workloads.yaml', after);
  assert.deepEqual(networkActions(after, fixed.indexOf('StatefulSet'), workspace), []);
});

test('a policy inside a List gets the same hovers, at its own place in the List', () => {
  const indented = POLICY.trimEnd().split('\n').map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`)).join('\n');
  const list = `apiVersion: v1\nkind: List\nitems:\n${indented}\n`;
  const workspace = new WorkspaceIndex();
  workspace.setFile('workloads.yaml', new StreamLinter(RULES).lint(WORKLOADS, DEFAULT_CONFIG));
  const analysis = new StreamLinter(RULES).lint(list, DEFAULT_CONFIG);
  workspace.setFile('list.yaml', analysis);
  const markdown = hover(analysis, list.indexOf('namespaceSelector') + 1, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  assert.match(markdown, /This peer admits pods with name=api-pod in namespaces with name=prod \(both must match\)\./);
  assert.doesNotMatch(hover(analysis, list.indexOf('kind: List') + 1, DEFAULT_CONFIG, workspace)?.markdown ?? '', /This peer/);
});
