/**
 * The stream linter's promises: an edit re-analyses only the YAML document it touches, configuration changes
 * re-analyse everything, and severity settings apply without the rules knowing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES, RULE_IDS } from '../../server/src/engine/rules/index';

const ROLE = (name: string, verbsKey = 'verbs') => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    ${verbsKey}: ["get"]
`;

test('an edit re-analyses only the document it touches and shifts the findings after it', () => {
  const linter = new StreamLinter(RULES);
  const before = linter.lint([ROLE('a'), ROLE('b', 'verb'), ROLE('c')].join('---\n'), DEFAULT_CONFIG);
  const edited = [ROLE('a-renamed'), ROLE('b', 'verb'), ROLE('c')].join('---\n');
  const after = linter.lint(edited, DEFAULT_CONFIG);
  assert.notEqual(after.documents[0].document, before.documents[0].document, 'the edited document is analysed again');
  assert.equal(after.documents[1].document, before.documents[1].document, 'an untouched document keeps its analysis');
  assert.equal(after.documents[2].document, before.documents[2].document, 'an untouched document keeps its analysis');
  assert.equal(after.findings.length, 1);
  const finding = after.findings[0];
  assert.equal(finding.ruleId, 'k8s/unknown-field');
  assert.equal(edited.slice(finding.range.start, finding.range.end), 'verb', 'the reused finding moved with its document');
});

test('identical documents in one stream share one analysis but keep their own positions', () => {
  const text = `---\n${ROLE('same', 'verb')}---\n${ROLE('same', 'verb')}`;
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  assert.equal(analysis.documents[0].document, analysis.documents[1].document);
  assert.deepEqual(analysis.findings.map((finding) => text.slice(finding.range.start, finding.range.end)), ['verb', 'verb']);
  assert.notEqual(analysis.findings[0].range.start, analysis.findings[1].range.start);
});

test('a configuration change re-analyses every document with the new severities', () => {
  const linter = new StreamLinter(RULES);
  const text = ROLE('a', 'verb');
  assert.equal(linter.lint(text, DEFAULT_CONFIG).findings[0].severity, 'error');
  const warning = resolveConfig({ rules: { 'k8s/unknown-field': 'warning' } }, RULE_IDS).config;
  assert.equal(linter.lint(text, warning).findings[0].severity, 'warning');
  const off = resolveConfig({ rules: { 'k8s/unknown-field': 'off', 'k8s/missing-field': 'off' } }, RULE_IDS).config;
  assert.deepEqual(linter.lint(text, off).findings, []);
});

test('invalid settings are reported and ignored, valid ones kept', () => {
  const { config, problems } = resolveConfig(
    { kubernetesVersion: 'latest', rules: { 'k8s/unknown-field': 'loud', 'no/such-rule': 'off', 'yaml/syntax': 'warning' } },
    RULE_IDS,
  );
  assert.equal(config.kubernetesVersion, DEFAULT_CONFIG.kubernetesVersion);
  assert.deepEqual(config.rules, { 'yaml/syntax': 'warning' });
  assert.equal(problems.length, 3);
});

test('the risk profile moves risk rules only, and a rule setting wins over it', () => {
  const linter = new StreamLinter(RULES);
  // A wildcard grant (risk, warning), an unknown verb (mistake, error) and a kubeconfig user with an exec plugin (risk, information).
  const text = `${ROLE('a').replace('["pods"]', '["configmaps"]').replace('["get"]', '["*", "lits"]')}---
apiVersion: v1
kind: Config
users:
  - name: jane
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        interactiveMode: Never
`;
  const severities = (riskProfile: string, rules: Record<string, string> = {}) =>
    Object.fromEntries(linter.lint(text, resolveConfig({ riskProfile, rules }, RULE_IDS).config).findings.map((finding) => [finding.ruleId, finding.severity]));
  assert.deepEqual(severities('balanced'), { 'rbac/wildcard': 'warning', 'rbac/unknown-verb': 'error', 'kubeconfig/exec-plugin': 'information' });
  assert.deepEqual(severities('strict'), { 'rbac/wildcard': 'warning', 'rbac/unknown-verb': 'error', 'kubeconfig/exec-plugin': 'warning' });
  assert.deepEqual(severities('quiet'), { 'rbac/wildcard': 'information', 'rbac/unknown-verb': 'error', 'kubeconfig/exec-plugin': 'information' });
  assert.deepEqual(severities('quiet', { 'rbac/wildcard': 'warning' })['rbac/wildcard'], 'warning');
  assert.match(resolveConfig({ riskProfile: 'loud' }, RULE_IDS).problems[0], /riskProfile "loud"/);
});
