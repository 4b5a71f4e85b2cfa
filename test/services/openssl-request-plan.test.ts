/**
 * The plan "Create Certificate Signing Request From openssl Config…" makes a request from: which built-in signer
 * and which certificates.k8s.io usages an openssl configuration leads to, and what it declines. Whether the plan's
 * subject, names and key usages are openssl's own is the openssl oracle's (test/engine/openssl-config-oracle.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opensslRequestPlan } from '../../server/src/services/openssl-request-plan';

const config = (dn: string[], extensions: string[], req: string[] = ['prompt = no']) =>
  ['[ req ]', 'distinguished_name = dn', 'req_extensions = ext', ...req, '[ dn ]', ...dn, '[ ext ]', ...extensions].join('\n');

test("a node's serving request goes to kubelet-serving with the config's usages", () => {
  const plan = opensslRequestPlan(config(['O = system:nodes', 'CN = system:node:worker-7'], ['basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth', 'subjectAltName = DNS:worker-7, IP:10.0.0.7']));
  assert.equal(plan.refusal, undefined);
  assert.equal(plan.signerName, 'kubernetes.io/kubelet-serving');
  assert.deepEqual(plan.usages, ['digital signature', 'key encipherment', 'server auth']);
  assert.deepEqual(plan.subject.map(({ oid, value }) => [oid, value]), [['2.5.4.10', 'system:nodes'], ['2.5.4.3', 'system:node:worker-7']]);
  assert.deepEqual(plan.names, [{ type: 'dns', value: 'worker-7' }, { type: 'ip', value: '10.0.0.7' }]);
  assert.deepEqual(plan.keyUsage, { flags: ['digitalSignature', 'keyEncipherment'], critical: true });
  assert.deepEqual(plan.notes, ['basicConstraints is left out: Kubernetes signers write their own']);
  assert.equal(plan.rsaBits, 2048);
});

test("a node's client request without names goes to kube-apiserver-client-kubelet; with a second group it is a user's", () => {
  const extensions = ['keyUsage = digitalSignature', 'extendedKeyUsage = clientAuth'];
  assert.equal(opensslRequestPlan(config(['O = system:nodes', 'CN = system:node:worker-7'], extensions)).signerName, 'kubernetes.io/kube-apiserver-client-kubelet');
  // The kubelet signers want system:nodes and nothing else; a user's client certificate it is then.
  assert.equal(opensslRequestPlan(config(['O = system:nodes', '1.O = ops', 'CN = system:node:worker-7'], extensions)).signerName, 'kubernetes.io/kube-apiserver-client');
  assert.equal(opensslRequestPlan(config(['CN = jane'], extensions)).signerName, 'kubernetes.io/kube-apiserver-client');
});

test('no built-in signer issues an API server serving certificate; the config without usages gives none', () => {
  const serving = opensslRequestPlan(config(['CN = kube-apiserver'], ['extendedKeyUsage = serverAuth', 'subjectAltName = DNS:kubernetes']));
  assert.equal(serving.refusal, undefined);
  assert.equal(serving.signerName, undefined);
  assert.deepEqual(serving.usages, ['server auth']);
  const bare = opensslRequestPlan(config(['CN = jane'], ['subjectAltName = email:jane@example.com']));
  assert.deepEqual(bare.usages, []);
  assert.equal(bare.signerName, undefined);
});

test('a prompting subject takes the _default answers, as openssl req -batch does', () => {
  const plan = opensslRequestPlan(config(['CN = Your name', 'CN_default = jane', 'O = Group', 'O_default =', 'OU = Team', 'OU_default = .'], ['extendedKeyUsage = clientAuth'], []));
  assert.deepEqual(plan.subject.map(({ attribute, value }) => `${attribute}=${value}`), ['CN=jane', 'OU=.']);
});

test('what openssl refuses, values from variables and weak key sizes', () => {
  assert.match(opensslRequestPlan(config(['CN = jane'], ['subjectltName = DNS:x'])).refusal ?? '', /^openssl req refuses this configuration \(line 8: "subjectltName" is not an extension openssl knows/);
  assert.match(opensslRequestPlan(config(['CN = $ENV::USER'], ['extendedKeyUsage = clientAuth'])).refusal ?? '', /variables/);
  assert.match(opensslRequestPlan(config(['C = Country', 'C_default = USA'], [], [])).refusal ?? '', /^openssl req -batch refuses its subject: a country is two letters/);
  assert.match(opensslRequestPlan(config(['Nickname = x'], [], [])).refusal ?? '', /-batch refuses its subject|does not know/);
  const weak = opensslRequestPlan(config(['CN = jane'], ['extendedKeyUsage = clientAuth'], ['prompt = no', 'default_bits = 1024']));
  assert.equal(weak.rsaBits, 2048);
  assert.match(weak.notes.join(' '), /default_bits = 1024/);
  assert.equal(opensslRequestPlan(config(['CN = jane'], ['extendedKeyUsage = clientAuth'], ['prompt = no', 'default_bits = 4096'])).rsaBits, 4096);
});
