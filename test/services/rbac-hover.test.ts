/**
 * Snapshot tests of the RBAC hovers: the whole Markdown a reviewer reads, compared exactly, on a small workspace
 * of a role, a binding to it and a binding to a built-in aggregated role.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { hover } from '../../server/src/services/hover/index';
import { CI_DEPLOYER_BINDING, SHOP_DEPLOYER_ROLE } from '../helpers/manifests';

const ROLE = `${SHOP_DEPLOYER_ROLE}  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
  - apiGroups: ["batch"]
    resources: ["*"]
    verbs: ["*"]
`;

const BINDINGS = CI_DEPLOYER_BINDING;

const FILES: Record<string, string> = { '/repo/role.yaml': ROLE, '/repo/bindings.yaml': BINDINGS };

/** The RBAC section of the hover (field documentation follows it after a rule). */
function hoverAt(file: string, needle: string): string {
  const workspace = new WorkspaceIndex();
  for (const [name, content] of Object.entries(FILES)) workspace.setFile(name, new StreamLinter(RULES).lint(content, DEFAULT_CONFIG));
  const text = FILES[file];
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  const offset = text.indexOf(needle) + needle.lastIndexOf(' ') + 1;
  return (hover(analysis, offset, DEFAULT_CONFIG, workspace)?.markdown ?? '').split('\n\n---\n\n')[0];
}

test('subject hover', () => {
  assert.equal(
    hoverAt('/repo/bindings.yaml', 'name: ci\n'),
    [
      '**ServiceAccount shop/ci** can, through 1 binding:',
      '',
      "The subject has no namespace, so it is the binding's namespace, shop.",
      '',
      'In namespace shop:',
      '',
      '| resources | verbs | risk |',
      '| --- | --- | --- |',
      '| deployments (apps) | get, update | ⚠ creates workloads |',
      '| cronjobs, jobs and more (batch) | get, list, watch, create, update, patch, delete, deletecollection (any verb) | ⚠ creates workloads |',
      '| configmaps (core) | get |  |',
    ].join('\n'),
  );
});

test('roleRef hover', () => {
  assert.equal(
    hoverAt('/repo/bindings.yaml', 'name: deployer'),
    [
      '**Role shop/deployer** (role.yaml:4) · 3 rules',
      '',
      '| resources | verbs | risk |',
      '| --- | --- | --- |',
      '| deployments (apps) | get, update | ⚠ creates workloads |',
      '| cronjobs, jobs and more (batch) | get, list, watch, create, update, patch, delete, deletecollection (any verb) | ⚠ creates workloads |',
      '| configmaps (core) | get |  |',
    ].join('\n'),
  );
});

test('role name hover', () => {
  assert.equal(hoverAt('/repo/role.yaml', 'name: deployer'), '**Bound to** 1 subject:\n\n- ServiceAccount ci via RoleBinding ci-deployer (bindings.yaml:4)');
});

test('rule hover spells out wildcards and names the risks', () => {
  assert.equal(
    hoverAt('/repo/role.yaml', 'apiGroups: ["batch"]'),
    [
      '**This rule covers**, in Kubernetes 1.36:',
      '',
      '- batch: cronjobs, jobs',
      '',
      'Verbs: get, list, watch, create, update, patch, delete, deletecollection',
      '',
      'Its wildcards also match custom resources and anything added in later releases.',
      '',
      '**Enables**: creates workloads (`rbac/workload-creation`).',
    ].join('\n'),
  );
});

test('a subject bound in many namespaces: the hover shows the first eight scopes and points to the full report', () => {
  const namespaces = Array.from({ length: 11 }, (_, index) => `team-${String(index).padStart(2, '0')}`);
  const bindings = namespaces
    .map((namespace) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: auditors
  namespace: ${namespace}
subjects:
  - kind: Group
    name: auditors
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`)
    .join('---\n');
  const workspace = new WorkspaceIndex();
  const analysis = new StreamLinter(RULES).lint(bindings, DEFAULT_CONFIG);
  workspace.setFile('/repo/auditors.yaml', analysis);
  const markdown = hover(analysis, bindings.indexOf('name: auditors\n    apiGroup') + 6, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  const scopes = [...markdown.matchAll(/^In namespace (team-\d\d):$/gm)].map((match) => match[1]);
  assert.deepEqual(scopes, namespaces.slice(0, 8));
  assert.match(markdown, /^… and 3 more namespaces: \*\*Kubeward: Show Effective Access of Subject\*\* lists them all\.$/m);
});
