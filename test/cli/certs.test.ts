/**
 * `kubeward certs`: check-expiration over PEM files made by openssl and a kubeconfig with an embedded client
 * certificate, sorted by expiry as kubeadm prints them, with the exit status saying whether any has expired; the
 * README's example has the same columns; inspect describes a key without showing it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { kubeward } from '../helpers/cli';
import { stripAnnotations } from '../helpers/annotations';
import { REPO_ROOT } from '../helpers/paths';

let folder: string;
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });

before(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-certs-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=kubernetes', '-days', '3650');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver');
  openssl('x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '2', '-out', 'apiserver.crt', '-days', '365');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr', '-subj', '/O=system:masters/CN=kubernetes-admin');
  openssl('x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '3', '-out', 'admin.crt', '-days', '10');
  const data = (file: string) => Buffer.from(readFileSync(path.join(folder, file))).toString('base64');
  writeFileSync(path.join(folder, 'admin.conf'), `apiVersion: v1\nkind: Config\nclusters:\n  - name: kubernetes\n    cluster:\n      server: https://10.0.0.10:6443\n      certificate-authority-data: ${data('ca.crt')}\nusers:\n  - name: kubernetes-admin\n    user:\n      client-certificate-data: ${data('admin.crt')}\n      client-key-data: ${data('admin.key')}\ncontexts:\n  - name: admin\n    context: {cluster: kubernetes, user: kubernetes-admin}\ncurrent-context: admin\n`);
  // An expired certificate, from the pki/expiration fixtures (it ended on 2026-01-01).
  writeFileSync(path.join(folder, 'scheduler.crt'), stripAnnotations(readFileSync(path.join(REPO_ROOT, 'test/fixtures/rules/pki/expiration/invalid/expired.crt'), 'utf8')));
});

const ROW = /^(\S+)\s{3,}(.+?)\s{3,}(\d{4}-\d\d-\d\d \d\d:\d\d UTC(?: \(soon\))?)\s{3,}(expired|not yet valid|\d+[smhdy])\s{3,}(.+?)\s{3,}(yes|no)$/;

test('check-expiration lists every certificate by expiry, and fails when one has expired', () => {
  const result = kubeward(['certs', 'check-expiration', '.'], { cwd: folder });
  assert.equal(result.status, 1, result.stderr);
  const [header, ...rows] = result.stdout.trimEnd().split('\n');
  assert.match(header, /^CERTIFICATE\s+SUBJECT\s+EXPIRES\s+RESIDUAL TIME\s+ISSUER\s+CA$/);
  const parsed = rows.map((line) => ROW.exec(line));
  assert.ok(parsed.every(Boolean), `every row has the columns:\n${rows.join('\n')}`);
  assert.deepEqual(parsed.map((match) => [match![1], match![2], match![4] === 'expired' ? 'expired' : match![4].slice(-1), match![6]]), [
    ['scheduler.crt', 'CN=system:kube-scheduler', 'expired', 'no'],
    ['admin.conf:11', 'O=system:masters, CN=kubernetes-admin', 'd', 'no'],
    ['admin.crt', 'O=system:masters, CN=kubernetes-admin', 'd', 'no'],
    ['apiserver.crt', 'CN=kube-apiserver', 'd', 'no'],
    ['admin.conf:7', 'CN=kubernetes', 'y', 'yes'],
    ['ca.crt', 'CN=kubernetes', 'y', 'yes'],
  ]);
  assert.match(parsed[1]![3], /\(soon\)$/, 'a certificate within 30 days is marked');
  assert.doesNotMatch(parsed[3]![3], /\(soon\)$/);
  assert.ok(!result.stdout.includes('PRIVATE KEY'), 'no key is printed');
});

test('--fail-within fails on a certificate expiring within the window; json gives the same rows', () => {
  const valid = ['apiserver.crt', 'ca.crt', 'admin.conf'];
  assert.equal(kubeward(['certs', 'check-expiration', ...valid], { cwd: folder }).status, 0);
  assert.equal(kubeward(['certs', 'check-expiration', '--fail-within', ...valid], { cwd: folder }).status, 1);
  assert.equal(kubeward(['certs', 'check-expiration', '--within', '5d', '--fail-within', ...valid], { cwd: folder }).status, 0);
  const json = JSON.parse(kubeward(['certs', 'check-expiration', '--format', 'json', ...valid], { cwd: folder }).stdout) as { certificate: string; state: string; ca: boolean }[];
  assert.deepEqual(json.map((entry) => [entry.certificate, entry.state, entry.ca]), [['admin.conf:11', 'expires-soon', false], ['apiserver.crt', 'valid', false], ['admin.conf:7', 'valid', true], ['ca.crt', 'valid', true]]);
});

test("the README's example output has the command's columns", () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const example = /```text\n(CERTIFICATE .*\n(?:.*\n)*?)```/.exec(readme)?.[1];
  assert.ok(example, 'README shows an example of certs check-expiration');
  const [header, ...rows] = example.trimEnd().split('\n');
  assert.match(header, /^CERTIFICATE\s+SUBJECT\s+EXPIRES\s+RESIDUAL TIME\s+ISSUER\s+CA$/);
  for (const line of rows) assert.match(line, ROW);
});

test('inspect describes certificates and keys, never a key itself', () => {
  const key = kubeward(['certs', 'inspect', 'apiserver.key'], { cwd: folder });
  assert.equal(key.stdout, '# apiserver.key\n\nPrivate Key:\n    Type: EC P-256\n    (content not shown)\n');
  const certificate = kubeward(['certs', 'inspect', 'apiserver.crt'], { cwd: folder }).stdout;
  assert.match(certificate, /Subject: CN=kube-apiserver\n[\s\S]*Issuer: CN=kubernetes\n/);
});

test('kubeward lint reads a DER certificate as one and reports binary junk under a PEM name', () => {
  openssl('x509', '-in', 'ca.crt', '-outform', 'DER', '-out', 'ca.cer');
  writeFileSync(path.join(folder, 'junk.crt'), Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x90]));
  const result = kubeward(['lint', 'ca.cer', 'junk.crt'], { cwd: folder });
  assert.equal(result.stdout, 'junk.crt:1:1  error  The file is neither PEM text nor a DER certificate.  yaml/syntax\n1 problem (1 error, 0 warnings, 0 information) in 2 files.\n');
});

test("kubeward lint reads kubeadm's *.conf kubeconfigs in a folder, and no other .conf file", () => {
  writeFileSync(path.join(folder, 'nginx.conf'), 'server { listen 80; }\n');
  const result = kubeward(['lint', '.'], { cwd: folder });
  assert.match(result.stdout, /^admin\.conf:11:7 +warning +The client certificate of user "kubernetes-admin" expires on \d{4}-\d\d-\d\d, in \d+ days: renew it before it breaks\. +kubeconfig\/certificate-problem$/m);
  assert.doesNotMatch(result.stdout, /nginx\.conf/);
});
