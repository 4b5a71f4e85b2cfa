/**
 * The hover on an EncryptionConfiguration provider: which resources it writes and which it only reads, as
 * kube-apiserver chains entries (the first provider of the first entry naming a resource writes it), and no key;
 * the hover on an AuthorizationConfiguration authorizer, with the chain in the order it is asked; and the hover on an
 * audit rule level, with what it records and which credentials it writes to the log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { hover } from '../../server/src/services/hover/index';

const KEY = Buffer.from('kubeward-hover-test-key-32-bytes').toString('base64');

const CONFIG = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets, configmaps]
    providers:
      - aesgcm:
          keys: [{name: new, secret: ${KEY}}]
      - identity: {}
  - resources: [secrets, deployments.apps]
    providers:
      - secretbox:
          keys: [{name: box, secret: ${KEY}}]
`;

function hoverAt(needle: string): string {
  const analysis = new StreamLinter(RULES).lint(CONFIG, DEFAULT_CONFIG);
  return hover(analysis, CONFIG.indexOf(needle) + 2, DEFAULT_CONFIG)?.markdown ?? '';
}

test('the first provider of the first entry writes its resources; the next ones only read', () => {
  const aesgcm = hoverAt('aesgcm:');
  assert.match(aesgcm, /\*\*aesgcm\*\*: AES-GCM/);
  assert.match(aesgcm, /- Writes `secrets`, `configmaps`: every new or updated object is stored with it\./);
  assert.match(hoverAt('identity:'), /- Only reads `secrets`, `configmaps`: objects stored with it stay readable/);
  assert.doesNotMatch(aesgcm, new RegExp(KEY.slice(0, 12)));
});

test('a later entry for the same resource only reads it, and writes what no earlier entry names', () => {
  const secretbox = hoverAt('secretbox:');
  assert.match(secretbox, /- Writes `deployments\.apps`/);
  assert.match(secretbox, /- Only reads `secrets`/);
});

test('the hover on an authorizer lists the chain in order, with what each answers (AlwaysDeny passes requests on)', async () => {
  const text = `apiVersion: apiserver.config.k8s.io/v1
kind: AuthorizationConfiguration
authorizers:
  - type: Node
    name: node
  - type: Webhook
    name: policy
    webhook:
      timeout: 3s
      subjectAccessReviewVersion: v1
      failurePolicy: NoOpinion
      connectionInfo: {type: InClusterConfig}
  - type: AlwaysDeny
    name: alwaysdeny
  - type: RBAC
    name: rbac
`;
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  const markdown = hover(analysis, text.indexOf('type: Webhook') + 8, DEFAULT_CONFIG)?.markdown ?? '';
  assert.match(markdown, /1\. `node` \(Node\): allows kubelets/);
  assert.match(markdown, /2\. `policy` \(Webhook\): asks a remote service.*no opinion, so the next authorizer decides ← this one/);
  assert.match(markdown, /3\. `alwaysdeny` \(AlwaysDeny\): allows nothing, but answers "no opinion"/);
  assert.match(markdown, /4\. `rbac` \(RBAC\): allows what a Role/);
  assert.match(markdown, /When no authorizer allows or denies, the request is denied\./);
});

test('the hover on an audit rule level says what it records and which credentials it writes to the log', () => {
  const text = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets"]
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["secrets"]
  - level: RequestResponse
`;
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  const at = (needle: string, from = 0) => hover(analysis, text.indexOf(needle, from) + 9, DEFAULT_CONFIG)?.markdown ?? '';
  assert.match(at('level: Metadata'), /\*\*Metadata\*\* records who made the request.*no request or response body/);
  assert.match(at('level: RequestResponse'), /This rule never applies: rule 1 matches every request it would\./);
  const last = at('level: RequestResponse', text.lastIndexOf('level: RequestResponse'));
  assert.match(last, /It is the first rule that matches reads of ConfigMaps, writes of ConfigMaps, token requests, token reviews: the log then holds ConfigMap contents \(often credentials\)/);
});
