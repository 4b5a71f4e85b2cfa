/**
 * `kubeward pod-security`: the level each workload meets, what the next level needs, and whether its namespace's
 * enforced level (or --level) refuses its pods, before and after the restricted fix; filters, JSON and usage errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { applyFixes } from '../../server/src/engine/fix';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { kubeward, writeTree } from '../helpers/cli';
import { bareDeployment } from '../helpers/manifests';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: Namespace
metadata:
  name: ci
  labels:
    pod-security.kubernetes.io/enforce: baseline
`;

let cwd: string;
before(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'kubeward-pod-security-'));
  writeTree(cwd, { 'namespaces.yaml': NAMESPACES, 'shop.yaml': bareDeployment('shop'), 'ci.yaml': bareDeployment('ci') });
});

describe('pod-security', () => {
  it('lists each workload with the level it meets and refuses the one its namespace would not run (exit 1)', () => {
    const result = kubeward(['pod-security'], { cwd });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^Deployment ci\/web \(ci\.yaml:1\): meets baseline; restricted needs: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile; admitted at baseline:latest$/m);
    assert.match(result.stdout, /^Deployment shop\/web \(shop\.yaml:1\): meets baseline; restricted needs: .*; REFUSED at restricted:latest \(allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\)$/m);
  });

  it('no longer refuses it once the restricted fix is applied, and exits 0', () => {
    const workspace = new WorkspaceIndex();
    workspace.setFile('namespaces.yaml', new StreamLinter(RULES).lint(NAMESPACES, DEFAULT_CONFIG));
    const text = bareDeployment('shop');
    const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG, workspace, (documents) => workspace.setFile('shop.yaml', { text, documents }));
    const fixes = analysis.findings.filter((finding) => finding.ruleId === 'pod/pod-security').flatMap((finding) => finding.fixes.slice(0, 1));
    assert.ok(fixes.length > 0, 'the findings offer the restricted fix');
    const fixed = mkdtempSync(path.join(os.tmpdir(), 'kubeward-pod-security-fixed-'));
    writeTree(fixed, { 'namespaces.yaml': NAMESPACES, 'shop.yaml': applyFixes(text, fixes).text });
    const result = kubeward(['pod-security'], { cwd: fixed });
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /^Deployment shop\/web \(shop\.yaml:1\): meets restricted; admitted at restricted:latest$/m);
  });

  it('answers for a level asked with --level, for one namespace with -n, and as JSON', () => {
    const ci = kubeward(['pod-security', '-n', 'ci', '--level', 'restricted'], { cwd });
    assert.equal(ci.status, 1);
    assert.doesNotMatch(ci.stdout, /shop\/web/);
    assert.match(ci.stdout, /REFUSED at restricted:latest/);
    const json = JSON.parse(kubeward(['pod-security', '--format', 'json'], { cwd }).stdout);
    assert.deepEqual(json.workloads.map((row: { namespace: string; meets: string; refused: string[] }) => [row.namespace, row.meets, row.refused.length > 0]), [['ci', 'baseline', false], ['shop', 'baseline', true]]);
  });

  it('explains itself with --help', () => {
    const help = kubeward(['pod-security', '--help'], { cwd });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: kubeward pod-security /);
    assert.match(help.stdout, /--level LEVEL/);
  });

  it('treats a bad level or argument as a usage error', () => {
    assert.equal(kubeward(['pod-security', '--level', 'strict'], { cwd }).status, 2);
    assert.equal(kubeward(['pod-security', 'shop'], { cwd }).status, 2);
  });
});

describe('pod-security --config', () => {
  it('reads podSecurity.defaults where the manifests name no level', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-pod-security-config-'));
    writeTree(dir, { 'app.yaml': bareDeployment('team-a'), 'settings.json': JSON.stringify({ podSecurity: { defaults: 'restricted' } }) });
    assert.equal(kubeward(['pod-security'], { cwd: dir }).status, 0);
    const strict = kubeward(['pod-security', '--config', 'settings.json'], { cwd: dir });
    assert.equal(strict.status, 1, strict.stdout);
    assert.match(strict.stdout, /^Deployment team-a\/web \(app\.yaml:1\): meets baseline; .*REFUSED at restricted:latest/m);
  });
});
