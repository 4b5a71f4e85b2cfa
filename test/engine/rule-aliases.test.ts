/**
 * A renamed rule keeps working under its former id: in settings, in suppression comments and on the command line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULE_IDS, RULES } from '../../server/src/engine/rules/index';
import { kubeward, writeTree } from '../helpers/cli';

const KUBELET = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
readOnlyPort: 10255
`;

const flagged = (text: string, settings: unknown = {}) =>
  new StreamLinter(RULES).lint(text, resolveConfig(settings, RULE_IDS).config).findings.filter((finding) => finding.ruleId === 'controlplane/insecure-flag');

test('the former id turns the rule off in settings', () => {
  assert.equal(flagged(KUBELET).length, 1);
  const { config, problems } = resolveConfig({ rules: { 'apiserver/insecure-flag': 'off' } }, RULE_IDS);
  assert.deepEqual(problems, []);
  assert.equal(config.rules['controlplane/insecure-flag'], 'off');
  assert.deepEqual(flagged(KUBELET, { rules: { 'apiserver/insecure-flag': 'off' } }), []);
});

test('the former id silences the rule in a suppression comment', () => {
  assert.deepEqual(flagged(KUBELET.replace('readOnlyPort', '# kubeward-disable-next-line apiserver/insecure-flag\nreadOnlyPort')), []);
});

test('the former id is accepted by --disable', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'kubeward-alias-'));
  writeTree(cwd, { 'kubelet.yaml': KUBELET });
  assert.match(kubeward(['lint', 'kubelet.yaml'], { cwd }).stdout, /controlplane\/insecure-flag/);
  const disabled = kubeward(['lint', 'kubelet.yaml', '--disable', 'apiserver/insecure-flag'], { cwd });
  assert.equal(disabled.status, 0, disabled.stderr);
  assert.doesNotMatch(disabled.stdout, /insecure-flag/);
});
