/**
 * Completion at engine level: the cursor context read from incomplete YAML, and the promise that matters most,
 * that a value completion offers never makes Kubeward report something new once inserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter, type StreamAnalysis } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { cursorContext } from '../../server/src/services/completion/context';
import { completionProposals, type CompletionProposal } from '../../server/src/services/completion/index';
import { atCursor, WORKSPACE_FILES } from '../helpers/completion-workspace';

const RISK_RULES = new Set(RULES.filter((rule) => rule.meta.risk).map((rule) => rule.id));
const API_RULES = ['k8s/unknown-api-version', 'k8s/removed-api-version', 'k8s/unknown-kind'];

function workspace(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [file, text] of Object.entries(WORKSPACE_FILES)) index.setFileText(`/repo/${file}`, text);
  return index;
}

function lint(text: string, index: WorkspaceIndex): StreamAnalysis {
  return new StreamLinter(RULES).lint(text, DEFAULT_CONFIG, index, (documents) => index.setFile('/repo/edited.yaml', { text, documents }));
}

function apply(text: string, proposal: CompletionProposal): string {
  const edits = [{ range: proposal.range, newText: proposal.newText }, ...(proposal.additionalEdits ?? [])].sort((a, b) => b.range.start - a.range.start);
  return edits.reduce((result, edit) => result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end), text);
}

test('the cursor context is read from lines that do not parse yet', () => {
  const at = (marked: string) => {
    const { text, offset } = atCursor(marked);
    const context = cursorContext(text, offset);
    return context && { path: context.path.join('.'), slot: context.slot, partial: context.partial, items: context.flowItems };
  };
  assert.deepEqual(at('rules:\n  - apiGroups: [""]\n    verbs: [get, |'), { path: 'rules.-.verbs.-', slot: 'item', partial: '', items: ['get'] });
  assert.deepEqual(at('rules:\n- verbs: [ge|t]'), { path: 'rules.-.verbs.-', slot: 'item', partial: 'ge', items: [] });
  assert.deepEqual(at('rules:\n  - verbs:\n      - get\n      - |'), { path: 'rules.-.verbs.-', slot: 'item', partial: '', items: [] });
  assert.deepEqual(at('kind: |'), { path: 'kind', slot: 'value', partial: '', items: [] });
  assert.deepEqual(at('spec:\n  podSelector: {matchLabels: {app: w|'), { path: 'spec.podSelector.matchLabels.app', slot: 'value', partial: 'w', items: [] });
  assert.deepEqual(at('spec:\n  podSelector:\n    matchLabels:\n      ti|'), { path: 'spec.podSelector.matchLabels', slot: 'key', partial: 'ti', items: [] });
  assert.deepEqual(at('contexts:\n- context:\n    cluster: dev\n    user: |'), { path: 'contexts.-.context.user', slot: 'value', partial: '', items: [] });
  assert.deepEqual(at('verbs: ["get", "li|'), { path: 'verbs.-', slot: 'item', partial: 'li', items: ['get'] });
  assert.equal(at('kind: Role # |'), undefined);
  // A flow collection spread over lines.
  assert.deepEqual(at('rules:\n  - apiGroups: [""]\n    verbs: [\n      "get",\n      |\n    ]'), { path: 'rules.-.verbs.-', slot: 'item', partial: '', items: ['get'] });
  assert.deepEqual(at('rules:\n  - verbs: ["get",\n            "li|"]'), { path: 'rules.-.verbs.-', slot: 'item', partial: 'li', items: ['get'] });
  assert.deepEqual(at('spec:\n  podSelector: {matchLabels: {\n    app: w|'), { path: 'spec.podSelector.matchLabels.app', slot: 'value', partial: 'w', items: [] });
  // Closed on an earlier line: block context again.
  assert.deepEqual(at('rules:\n  - verbs: [get,\n      list]\n    resources:\n      - |'), { path: 'rules.-.resources.-', slot: 'item', partial: '', items: [] });
  assert.deepEqual(at('metadata:\n  name: "a [b"\n  namespace: |'), { path: 'metadata.namespace', slot: 'value', partial: '', items: [] });
});

const RBAC = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: shop\nrules:\n${rule}`;
const BINDING = (kind: string, body: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n  namespace: shop\n${body}`;
const POLICY = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
const CSR = (spec: string) =>
  `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: c\nspec:\n  request: LS0tLS1CRUdJTg==\n${spec}`;

/** Each context, with the rules whose findings count (every non-risk rule unless listed). */
const CASES: { name: string; marked: string; rules?: string[] }[] = [
  { name: 'apiVersion for a kind', marked: 'apiVersion: |\nkind: NetworkPolicy\nmetadata:\n  name: p\n', rules: API_RULES },
  { name: 'apiVersion without a kind', marked: 'apiVersion: |\nmetadata:\n  name: p\n', rules: API_RULES },
  { name: 'kind for an apiVersion', marked: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: |\nmetadata:\n  name: p\n', rules: API_RULES },
  { name: 'apiGroups', marked: RBAC('  - apiGroups: [|]\n    resources: ["*"]\n    verbs: ["get"]\n'), rules: ['rbac/unknown-api-group', 'rbac/unknown-resource', 'rbac/verb-not-supported'] },
  { name: 'resources', marked: RBAC('  - apiGroups: ["", "apps"]\n    resources: [|]\n    verbs: ["get"]\n') },
  { name: 'verbs', marked: RBAC('  - apiGroups: [""]\n    resources: ["pods", "pods/exec"]\n    verbs: [get, |]\n') },
  { name: 'special verbs', marked: RBAC('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs:\n      - |\n') },
  { name: 'resourceNames', marked: RBAC('  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "update"]\n    resourceNames: [|]\n') },
  { name: 'roleRef.kind', marked: BINDING('RoleBinding', 'roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: |\n  name: view\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n') },
  { name: 'roleRef.name', marked: BINDING('RoleBinding', 'roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: |\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n') },
  { name: 'subject kind', marked: BINDING('RoleBinding', 'roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: |\n    name: ci\n') },
  { name: 'subject name', marked: BINDING('ClusterRoleBinding', 'roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: ServiceAccount\n    name: |\n') },
  { name: 'matchLabels key', marked: POLICY('  podSelector:\n    matchLabels:\n      |\n  policyTypes: [Ingress]\n') },
  { name: 'matchLabels value', marked: POLICY('  podSelector:\n    matchLabels:\n      app: |\n  policyTypes: [Ingress]\n') },
  { name: 'namespaceSelector', marked: POLICY('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {team: |}\n') },
  { name: 'protocol', marked: POLICY('  podSelector: {}\n  ingress:\n    - ports:\n        - protocol: |\n          port: 80\n') },
  { name: 'named port', marked: POLICY('  podSelector:\n    matchLabels: {app: web}\n  ingress:\n    - ports:\n        - port: |\n') },
  { name: 'signerName', marked: CSR('  signerName: |\n  usages: [client auth]\n'), rules: ['csr/signer-usage-mismatch', 'csr/unknown-usage'] },
  { name: 'usages', marked: CSR('  signerName: kubernetes.io/kube-apiserver-client\n  usages:\n    - client auth\n    - |\n'), rules: ['csr/signer-usage-mismatch', 'csr/unknown-usage'] },
  {
    name: 'kubeconfig names',
    marked: 'apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster: {server: "https://dev.example.com"}\nusers:\n- name: jane\n  user: {token: abc}\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: |\ncurrent-context: dev\n',
    rules: ['kubeconfig/dangling-reference'],
  },
];

for (const { name, marked, rules } of CASES) {
  test(`every value offered for ${name} lints clean once inserted`, () => {
    const { text, offset } = atCursor(marked);
    const index = workspace();
    const counts = (analysis: StreamAnalysis) =>
      analysis.findings.filter((finding) => (rules ? rules.includes(finding.ruleId) : !RISK_RULES.has(finding.ruleId))).map((finding) => `${finding.ruleId}: ${finding.message}`);
    const before = new Set(counts(lint(text, index)));
    const proposals = completionProposals(lint(text, index), offset, DEFAULT_CONFIG, index);
    assert.ok(proposals.length > 0, `nothing offered for ${name}`);
    for (const proposal of proposals) {
      let after = apply(text, proposal);
      // A label key is followed by a value, which completion offers next.
      if (proposal.retrigger) {
        const next = completionProposals(lint(after, index), proposal.range.start + proposal.newText.length, DEFAULT_CONFIG, index);
        assert.ok(next.length > 0, `no value offered after ${proposal.label}`);
        after = apply(after, next[0]);
      }
      const added = counts(lint(after, index)).filter((finding) => !before.has(finding));
      assert.deepEqual(added, [], `${proposal.label} inserted:\n${after}`);
    }
  });
}
