/**
 * Image pull credentials on hover and in place: the registries and user names of a pull secret's value and of
 * the Secret an `imagePullSecrets` name refers to, never a password, token or auth string; decoding the value in
 * place and encoding it back is byte for byte.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { applyFixes } from '../../server/src/engine/fix';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { credentialActions } from '../../server/src/services/credential-actions';
import { hover } from '../../server/src/services/hover/index';

const PASSWORD = 'pa55-w0rd-never-shown';
const TOKEN = 'identity-token-never-shown';
const AUTH = Buffer.from(`ci-bot:${PASSWORD}`).toString('base64');
const CONFIG = JSON.stringify({
  auths: {
    'registry.example.com': { auth: AUTH },
    'ghcr.example.com': { username: 'octo', password: PASSWORD, identitytoken: TOKEN },
    'mirror.example.com': {},
  },
});

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: registry
  namespace: shop
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${Buffer.from(CONFIG).toString('base64')}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  imagePullSecrets:
    - name: registry
  containers:
    - name: web
      image: registry.example.com/web:1
`;

function analysed(text: string) {
  const workspace = new WorkspaceIndex();
  const first = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  workspace.setFile('pull.yaml', first);
  return { workspace, analysis: new StreamLinter(RULES).lint(text, DEFAULT_CONFIG, workspace) };
}

function assertNothingSecret(text: string): void {
  for (const secret of [PASSWORD, TOKEN, AUTH, Buffer.from(PASSWORD).toString('base64')]) assert.ok(!text.includes(secret), `shows ${secret}`);
}

test('the hover on a pull secret value lists registries and users, and nothing secret', () => {
  const { workspace, analysis } = analysed(SECRET);
  const markdown = hover(analysis, SECRET.indexOf('.dockerconfigjson:') + 22, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  assert.match(markdown, /Credentials for 3 registries/);
  assert.match(markdown, /- `registry\.example\.com` as user `ci-bot`/);
  assert.match(markdown, /- `ghcr\.example\.com` as user `octo`/);
  assert.match(markdown, /- `mirror\.example\.com`, no user name/);
  assertNothingSecret(markdown);
});

test('the hover on an imagePullSecrets name shows the Secret it finds in the pod namespace', () => {
  const { workspace, analysis } = analysed(SECRET);
  const markdown = hover(analysis, SECRET.indexOf('- name: registry') + 10, DEFAULT_CONFIG, workspace)?.markdown ?? '';
  assert.match(markdown, /\*\*Pull secret `registry`\*\* in namespace `shop` \(kubernetes\.io\/dockerconfigjson\)/);
  assert.match(markdown, /`registry\.example\.com` as user `ci-bot`/);
  assertNothingSecret(markdown);
  const elsewhere = SECRET.replace('namespace: shop\nspec', 'namespace: web\nspec');
  const other = analysed(elsewhere);
  assert.match(hover(other.analysis, elsewhere.indexOf('- name: registry') + 10, DEFAULT_CONFIG, other.workspace)?.markdown ?? '', /in namespace `web`: not defined in the workspace/);
});

test('a pull secret decodes in place, still hovers without secrets, and encodes back byte for byte', () => {
  const { analysis } = analysed(SECRET);
  const at = SECRET.indexOf('.dockerconfigjson:') + 22;
  const decode = credentialActions(analysis, { start: at, end: at }).find((action) => action.direction === 'decode');
  assert.ok(decode);
  const decoded = applyFixes(SECRET, [decode.fix]).text;
  assert.ok(decoded.includes('"registry.example.com"'));
  const again = analysed(decoded);
  const markdown = hover(again.analysis, decoded.indexOf('.dockerconfigjson:') + 22, DEFAULT_CONFIG, again.workspace)?.markdown ?? '';
  assert.match(markdown, /decoded in place/);
  assert.match(markdown, /`ghcr\.example\.com` as user `octo`/);
  assertNothingSecret(markdown);
  const encode = credentialActions(again.analysis, { start: decoded.indexOf('.dockerconfigjson:') + 22, end: decoded.indexOf('.dockerconfigjson:') + 22 }).find((action) => action.direction === 'encode');
  assert.ok(encode);
  assert.equal(applyFixes(decoded, [encode.fix]).text, SECRET);
});

test('no pull secret finding on a pod whose Secret is right', () => {
  const { analysis } = analysed(SECRET);
  assert.deepEqual(analysis.findings.filter((finding) => finding.ruleId === 'pod/image-pull-secret'), []);
});
