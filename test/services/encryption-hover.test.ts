/**
 * The hover on an EncryptionConfiguration provider: which resources it writes and which it only reads, as
 * kube-apiserver chains entries (the first provider of the first entry naming a resource writes it), and no key.
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
