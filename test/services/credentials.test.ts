/**
 * Credential values decoded in place: hovers on CSRs, kubeconfigs and Secrets, the decode/encode actions and
 * their byte-for-byte round trip, and the engine's decoding, parsing and redaction. All key material is generated
 * here, with Node's crypto and @peculiar/x509.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webcrypto, generateKeyPairSync } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { applyFixes } from '../../server/src/engine/fix';
import { hover } from '../../server/src/services/hover/index';
import { credentialActions } from '../../server/src/services/credential-actions';
import { certificateDetails } from '../../server/src/services/hover/credentials';
import { decodeCredential, splitPem } from '../../server/src/engine/analysis/credentials/decode';
import { isProblem, parseCertificateRequest, parseCertificates, validityAt } from '../../server/src/engine/analysis/credentials/x509';
import { redact } from '../../server/src/engine/analysis/credentials/redact';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const NOW = new Date('2026-11-25T00:00:00Z');
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function generate() {
  const subtle = webcrypto.subtle;
  const caKeys = await subtle.generateKey(RSA, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=kube-ca',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
    keys: caKeys,
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const leafKeys = await subtle.generateKey(EC, true, ['sign', 'verify']);
  const leafWith = (serialNumber: string, name: string, notBefore: string, notAfter: string, publicKey = leafKeys.publicKey) =>
    x509.X509CertificateGenerator.create({
      serialNumber,
      subject: name,
      issuer: ca.subject,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
      publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'jane.example' }]),
      ],
    });
  const leaf = await leafWith('0a1b', 'CN=jane, O=dev, O=ops', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  const expired = await leafWith('0a1c', 'CN=old', '2025-01-01T00:00:00Z', '2026-11-20T00:00:00Z');
  const future = await leafWith('0a1d', 'CN=soon', '2026-12-05T00:00:00Z', '2027-12-05T00:00:00Z');
  const weakKeys = await subtle.generateKey({ ...RSA, modulusLength: 1024 }, true, ['sign', 'verify']);
  const weak = await leafWith('0a1e', 'CN=weak', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', weakKeys.publicKey);
  const csrKeys = await subtle.generateKey(EC, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=system:node:n1, O=system:nodes',
    keys: csrKeys,
    signingAlgorithm: EC,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'n1.example' }, { type: 'ip', value: '10.0.0.1' }])],
  });
  // The same request with its CN changed after signing: still well-formed, no longer matching its signature.
  const der = Buffer.from(new Uint8Array(csr.rawData));
  const at = der.indexOf(Buffer.from('system:node:n1'));
  der[at + 13] = '2'.charCodeAt(0);
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE REQUEST-----\n`;
  const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return {
    caPem: `${ca.toString('pem')}\n`,
    leafPem: `${leaf.toString('pem')}\n`,
    expiredPem: `${expired.toString('pem')}\n`,
    futurePem: `${future.toString('pem')}\n`,
    weakPem: `${weak.toString('pem')}\n`,
    csrPem: `${csr.toString('pem')}\n`,
    tamperedPem: tampered,
    keyPkcs8: rsaKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    keyPkcs1: rsaKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    ecKey: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string,
  };
}

const material = generate();

function csrYaml(request: string): string {
  return `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: node-n1
spec:
  request: ${request}
  signerName: kubernetes.io/kube-apiserver-client-kubelet
  usages: [digital signature, client auth]
`;
}

async function kubeconfigYaml(): Promise<string> {
  const m = await material;
  return `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example:6443
      certificate-authority-data: ${b64(m.caPem)}
users:
  - name: jane
    user:
      client-certificate-data: ${b64(m.leafPem)}
      client-key-data: ${b64(m.keyPkcs1)}
contexts:
  - name: prod
    context: {cluster: prod, user: jane}
current-context: prod
`;
}

async function secretYaml(): Promise<string> {
  const m = await material;
  return `apiVersion: v1
kind: Secret
metadata:
  name: web-tls
type: kubernetes.io/tls
data:
  tls.crt: ${b64(m.leafPem + m.caPem)}
  tls.key: ${b64(m.keyPkcs8)}
  ca.crt: ${b64(m.caPem)}
  greeting: ${b64('hello world')}
  password: ${b64('hunter2')}
  config: ${b64('url=https://admin:s3cret@db.example password=swordfish')}
  blob: ${Buffer.from([0, 1, 2, 3, 255]).toString('base64')}
  broken: "not base64!"
  weak.crt: ${b64(m.weakPem)}
`;
}

function hoverAt(text: string, needle: string): string {
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  const offset = text.indexOf(needle);
  assert.notEqual(offset, -1, needle);
  return hover(analysis, offset + needle.length + 2, DEFAULT_CONFIG, undefined, NOW)?.markdown ?? '';
}

/** The credential hover section alone (other providers, field docs, may add theirs). */
function credentialSection(markdown: string): string {
  return markdown.split('\n\n---\n\n').find((section) => /^\*\*[^*\n]+\*\* · /.test(section)) ?? '';
}

test('a CSR request hover shows the user, groups, SANs, key and a valid signature', async () => {
  const m = await material;
  const section = credentialSection(hoverAt(csrYaml(b64(m.csrPem)), 'request:'));
  assert.equal(
    section,
    [
      '**CSR request** · base64 of PEM',
      '',
      'Certificate request `CN=system:node:n1, O=system:nodes`',
      '- Subject: user (CN) `system:node:n1`; groups (O) `system:nodes`',
      '- SANs: DNS:n1.example, IP:10.0.0.1',
      '- Key: EC P-256',
      '- Signature: valid (ecdsa-with-SHA256)',
    ].join('\n'),
  );
});

test('a CSR whose content was changed after signing has an invalid signature', async () => {
  const m = await material;
  const section = credentialSection(hoverAt(csrYaml(b64(m.tamperedPem)), 'request:'));
  assert.match(section, /user \(CN\) `system:node:n2`/);
  assert.match(section, /- Signature: \*\*invalid\*\* \(ecdsa-with-SHA256\)/);
  const parsed = parseCertificateRequest(splitPem(m.tamperedPem)[0].der);
  assert.ok(!isProblem(parsed) && parsed.signatureValid === false);
});

test('a certificate in a CSR request is named for what it is', async () => {
  const m = await material;
  const section = credentialSection(hoverAt(csrYaml(b64(m.leafPem)), 'request:'));
  assert.match(section, /^\*\*CSR request\*\* · base64 of PEM\n\nCertificate `CN=jane, O=dev, O=ops`/);
});

test('kubeconfig: CA, client certificate with expiry and usages, client key with type and size only', async () => {
  const m = await material;
  const text = await kubeconfigYaml();
  const ca = credentialSection(hoverAt(text, 'certificate-authority-data:'));
  assert.match(ca, /^\*\*Cluster CA certificate\*\* · base64 of PEM\n\nCertificate `CN=kube-ca`\n/);
  assert.match(ca, /- Issuer: `CN=kube-ca` \(self-signed\)/);
  assert.match(ca, /- Valid 2026-01-01 00:00 UTC to 2036-01-01 00:00 UTC: expires in 3324 days/);
  assert.match(ca, /- Usages: crl sign, cert sign; extended: no extended key usage extension/);
  assert.match(ca, /- CA: yes/);
  const client = credentialSection(hoverAt(text, 'client-certificate-data:'));
  const lines = client.split('\n');
  assert.deepEqual(lines.slice(0, 3), ['**Client certificate** · base64 of PEM', '', 'Certificate `CN=jane, O=dev, O=ops`']);
  assert.equal(lines[3], '- Subject: user (CN) `jane`; groups (O) `dev`, `ops`');
  assert.equal(lines[4], '- Issuer: `CN=kube-ca`');
  assert.equal(lines[5], '- Serial: `0A1B`');
  assert.equal(lines[6], '- Valid 2026-01-01 00:00 UTC to 2027-01-01 00:00 UTC: expires in 37 days');
  assert.equal(lines[7], '- SANs: DNS:jane.example');
  assert.equal(lines[8], '- Key: EC P-256');
  assert.equal(lines[9], '- Usages: digital signature, key encipherment; extended: client auth');
  assert.equal(lines[10], '- CA: no');
  assert.match(lines[11], /^- SHA-256: `([0-9A-F]{2}:){31}[0-9A-F]{2}`$/);
  const key = credentialSection(hoverAt(text, 'client-key-data:'));
  assert.equal(key, '**Client private key** · base64 of PEM\n\nPrivate key: RSA 2048 bits');
  assertNoKeyMaterial([key], m.keyPkcs1);
});

test('expired, not yet valid and weak certificates say so', async () => {
  const m = await material;
  const expired = credentialSection(hoverAt(csrYaml(b64(m.expiredPem)), 'request:'));
  assert.match(expired, /: expired 5 days ago\n/);
  const future = credentialSection(hoverAt(csrYaml(b64(m.futurePem)), 'request:'));
  assert.match(future, /: not valid yet: valid in 10 days\n/);
  const [parsed] = parseCertificates(m.expiredPem);
  assert.ok(!isProblem(parsed));
  assert.deepEqual(validityAt(parsed, NOW), { state: 'expired', days: 5 });
  const weak = credentialSection(hoverAt(await secretYaml(), 'weak.crt:'));
  assert.match(weak, /- Key: RSA 1024 bits ⚠ RSA keys under 2048 bits are too weak\./);
});

test('Secret: a bundle one line per certificate, keys, text, secrets hidden, binary and garbage', async () => {
  const m = await material;
  const text = await secretYaml();
  assert.equal(
    credentialSection(hoverAt(text, 'tls.crt:')),
    [
      '**Secret data "tls.crt"** · base64 of PEM · 2 certificates',
      '',
      '1. `CN=jane, O=dev, O=ops` issued by `CN=kube-ca` · expires in 37 days · EC P-256',
      '2. `CN=kube-ca` issued by `CN=kube-ca` · expires in 3324 days · RSA 2048 bits · CA',
    ].join('\n'),
  );
  const key = credentialSection(hoverAt(text, 'tls.key:'));
  assert.equal(key, '**Secret data "tls.key"** · base64 of PEM\n\nPrivate key: RSA 2048 bits');
  assertNoKeyMaterial([key], m.keyPkcs8);
  assert.equal(credentialSection(hoverAt(text, 'greeting:')), '**Secret data "greeting"** · base64 of text\n\n11 bytes of text: `hello world`');
  assert.equal(credentialSection(hoverAt(text, 'password:')), '**Secret data "password"** · base64 of text\n\n7 bytes of text, not shown: the key name says it is a secret.');
  const config = credentialSection(hoverAt(text, 'config:'));
  assert.equal(config, '**Secret data "config"** · base64 of text\n\n54 bytes of text: `url=https://admin:[redacted]@db.example password=[redacted]`');
  assert.equal(credentialSection(hoverAt(text, 'blob:')), '**Secret data "blob"** · base64 of binary data\n\n5 bytes of binary data.');
  assert.equal(credentialSection(hoverAt(text, 'broken:')), '**Secret data "broken"** · not readable\n\nNot base64: a space at character 4.');
});

function assertNoKeyMaterial(texts: readonly string[], keyPem: string): void {
  const body = keyPem.split('\n').filter((line) => line && !line.startsWith('-----'));
  for (const text of texts) {
    for (const line of body) assert.ok(!text.includes(line), 'a line of the key body appears');
    assert.ok(!text.includes(b64(keyPem).slice(0, 40)), 'the base64 of the key appears');
  }
}

test('garbage is classified with a clear reason, never an exception', () => {
  assert.deepEqual(decodeCredential('abc').problem, 'Not valid base64: its length (3) is not a multiple of 4; padding is missing or it was cut short.');
  assert.equal(decodeCredential('ab-_').problem, 'Not standard base64: it uses the URL-safe alphabet (- and _), which Kubernetes does not accept here.');
  assert.equal(decodeCredential('').problem, 'The value is empty.');
  assert.equal(decodeCredential(b64('-----BEGIN CERTIFICATE-----\nAAAA\n')).problem, 'A PEM BEGIN line has no matching END line.');
  assert.equal(decodeCredential(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]).toString('base64')).encoding, 'base64-der');
  const section = credentialSection(hoverAt(csrYaml(b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')), 'request:'));
  assert.match(section, /^\*\*CSR request\*\* · base64 of PEM\n\nNot a readable X\.509 certificate \(.+\)\.$/);
});

test('raw PEM in a base64 field is read, and the hover says Kubernetes expects base64', async () => {
  const m = await material;
  const text = csrYaml(`|\n    ${m.csrPem.trimEnd().split('\n').join('\n    ')}`);
  const section = credentialSection(hoverAt(text, 'request:'));
  assert.match(section, /^\*\*CSR request\*\* · PEM text\n\n⚠ This is PEM text, not base64: Kubernetes expects the PEM base64-encoded here\.\n\nCertificate request/);
});

test('private keys of every PEM type show type and size only', async () => {
  const m = await material;
  for (const [pem, expected] of [[m.keyPkcs8, 'RSA 2048 bits'], [m.keyPkcs1, 'RSA 2048 bits'], [m.ecKey, 'EC P-384']] as const) {
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: k}\ndata:\n  tls.key: ${b64(pem)}\n`;
    const section = credentialSection(hoverAt(text, 'tls.key:'));
    assert.equal(section, `**Secret data "tls.key"** · base64 of PEM\n\nPrivate key: ${expected}`);
    const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
    const details = certificateDetails(analysis, text.indexOf('tls.key:') + 10, NOW) ?? '';
    assert.match(details, /Private Key:\n {4}Type: .+\n {4}\(content not shown\)/);
    assertNoKeyMaterial([section, details, ...credentialActions(analysis, { start: text.indexOf('tls.key:') + 10, end: text.indexOf('tls.key:') + 10 }).map((action) => action.title)], pem);
  }
});

test('redact hides private keys, bearer tokens, JWTs and password values', () => {
  assert.equal(redact('a -----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY----- b'), 'a [redacted] b');
  assert.equal(redact('Authorization: Bearer abc.def-123'), 'Authorization: Bearer [redacted]');
  assert.equal(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'), 'token [redacted]');
  assert.equal(redact('db_password: "x y" user=bob'), 'db_password: [redacted] user=bob');
  assert.equal(redact('user=admin pass=Sup3rS3cretValue!'), 'user=admin pass=[redacted]');
  assert.equal(redact('passport: 1234'), 'passport: 1234');
  assert.equal(redact('https://u:p4ss@host/x'), 'https://u:[redacted]@host/x');
});

/** Applies the named action at an offset (or a selection) and returns the new text. */
function applyAction(text: string, title: RegExp, start: number, end = start): string {
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  const action = credentialActions(analysis, { start, end }).find((candidate) => title.test(candidate.title));
  assert.ok(action, `no action ${title} in ${JSON.stringify(credentialActions(analysis, { start, end }).map((a) => a.title))}`);
  return applyFixes(text, [action.fix]).text;
}

test('decode in place then encode in place restores every byte', async () => {
  const m = await material;
  const cases: [string, string, string][] = [
    [csrYaml(b64(m.csrPem)), 'request:', m.csrPem],
    [await kubeconfigYaml(), 'certificate-authority-data:', m.caPem],
    [await kubeconfigYaml(), 'client-certificate-data:', m.leafPem],
    [await kubeconfigYaml(), 'client-key-data:', m.keyPkcs1],
    [await secretYaml(), 'tls.crt:', m.leafPem + m.caPem],
  ];
  for (const [text, key, pem] of cases) {
    const valueStart = text.indexOf(key) + key.length + 1;
    const valueEnd = text.indexOf('\n', valueStart);
    // On the value, then on a selection of the whole scalar.
    for (const [start, end] of [[valueStart + 3, valueStart + 3], [valueStart, valueEnd]]) {
      const decoded = applyAction(text, /^Decode in place \(base64 → PEM\)$/, start, end);
      assert.ok(decoded.includes(`${key} | # kubeward:base64\n`), decoded);
      const reread = new StreamLinter(RULES).lint(decoded, DEFAULT_CONFIG);
      const decodedStart = decoded.indexOf(key) + key.length + 1;
      const details = certificateDetails(reread, decodedStart, NOW) ?? '';
      assert.match(details, /decoded in place/);
      const encoded = applyAction(decoded, /^Encode in place/, decodedStart, decodedStart + 4);
      assert.equal(encoded, text, `${key} round trip`);
    }
    const firstLine = pem.split('\n')[0];
    assert.ok(applyAction(text, /^Decode/, valueStart).includes(`| # kubeward:base64\n${' '.repeat(text.slice(text.lastIndexOf('\n', valueStart) + 1).search(/\S/) + 2)}${firstLine}\n`));
  }
});

test('the decoded form is reported by the schema rule, so it cannot be applied by accident', async () => {
  const m = await material;
  const text = csrYaml(b64(m.csrPem));
  const decoded = applyAction(text, /^Decode in place/, text.indexOf('request:') + 10);
  const findings = new StreamLinter(RULES).lint(decoded, DEFAULT_CONFIG).findings;
  assert.ok(findings.some((finding) => finding.ruleId === 'k8s/invalid-value' && decoded.slice(finding.range.start, finding.range.end).includes('kubeward:base64')), JSON.stringify(findings.map((finding) => finding.ruleId)));
});

test('text without a trailing newline and text with several round-trip too', () => {
  for (const value of ['hello', 'two\nlines', 'ends\n\n', '  indented first']) {
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  value: ${b64(value)}\n  other: eA==\n`;
    const start = text.indexOf('value:') + 8;
    const decoded = applyAction(text, /^Decode in place \(base64 → text\)$/, start);
    const back = applyAction(decoded, /^Encode in place/, decoded.indexOf('value:') + 8);
    assert.equal(back, text, JSON.stringify(value));
  }
});

test('the certificate details read like openssl x509 -text', async () => {
  const m = await material;
  const text = await kubeconfigYaml();
  const analysis = new StreamLinter(RULES).lint(text, DEFAULT_CONFIG);
  const details = certificateDetails(analysis, text.indexOf('client-certificate-data:') + 30, NOW) ?? '';
  assert.match(details, /^# client certificate \(base64 of PEM\)\n\nCertificate:\n {4}Subject: CN=jane, O=dev, O=ops\n {8}Kubernetes user \(CN\): jane\n {8}Kubernetes groups \(O\): dev, ops\n/);
  assert.match(details, /\n {4}Serial Number: 0A1B\n {4}Validity\n {8}Not Before: 2026-01-01 00:00 UTC\n {8}Not After : 2027-01-01 00:00 UTC \(expires in 37 days\)\n/);
  assert.match(details, /\n {4}Signature Algorithm: sha256WithRSAEncryption\n {4}SHA-256 Fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}\n/);
  assert.ok(details.endsWith(`${m.leafPem}`), details);
  assert.equal(certificateDetails(analysis, text.indexOf('server:') + 9, NOW), undefined);
});
