// Writes the PEM fixtures of the pki/* rules (test/fixtures/rules/pki/) with openssl: CAs and certificates with
// fixed validity dates around the time fixtures are linted at (2026-06-01, test/helpers/fixtures.ts), keys that
// match or do not, a CA that did not sign, weak keys. Annotations are added by the fixture test
// (UPDATE_FIXTURES=1) and reviewed; run this only to remake the files, then update and review the annotations.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

const ROOT = path.join(repoRoot, 'test', 'fixtures', 'rules', 'pki');
const work = mkdtempSync(path.join(os.tmpdir(), 'kubeward-pki-fixtures-'));
const openssl = (...args) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });

/** A private key in PEM: RSA of the given bits, or EC P-256. */
function key(name, kind = 'rsa:2048') {
  const file = path.join(work, `${name}.key`);
  if (kind.startsWith('rsa:')) openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind.slice(4)}`, '-out', file);
  else openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file);
  return file;
}

let serial = 1;
/** A certificate signed by `issuer` (or self-signed) between two dates, through `openssl ca`, which takes fixed dates. */
function certificate(name, { subject, keyFile, issuer, start, end, ca = false, usages = 'serverAuth,clientAuth', sans }) {
  const dir = path.join(work, `ca-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), `${String(serial++).padStart(4, '0')}\n`);
  const extensions = ca ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' : `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${usages}\n${sans ? `subjectAltName=${sans}\n` : ''}`;
  writeFileSync(path.join(dir, 'ca.cnf'), `[ca]\ndefault_ca=fixture\n[fixture]\ndir=${dir}\ndatabase=${dir}/index.txt\nserial=${dir}/serial\nnew_certs_dir=${dir}\ndefault_md=sha256\npolicy=anything\nunique_subject=no\ncopy_extensions=none\nx509_extensions=ext\n[anything]\ncommonName=supplied\norganizationName=optional\n[ext]\n${extensions}[req]\ndistinguished_name=dn\n[dn]\n`);
  const csr = path.join(work, `${name}.csr`);
  openssl('req', '-new', '-key', keyFile, '-subj', subject, '-out', csr, '-config', path.join(dir, 'ca.cnf'));
  const out = path.join(work, `${name}.crt`);
  const signer = issuer ? ['-cert', issuer.crt, '-keyfile', issuer.key] : ['-selfsign', '-keyfile', keyFile];
  openssl('ca', '-batch', '-config', path.join(dir, 'ca.cnf'), '-notext', '-startdate', start, '-enddate', end, ...signer, '-in', csr, '-out', out);
  return { crt: out, key: keyFile };
}

function write(relative, ...sources) {
  const target = path.join(ROOT, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, sources.map((source) => readFileSync(source, 'utf8')).join(''));
}

const Y = (text) => `${text.replace(/-/g, '')}000000Z`;
const caKey = key('ca');
const ca = certificate('ca', { subject: '/CN=kubernetes', keyFile: caKey, start: Y('2025-01-01'), end: Y('2035-01-01'), ca: true });
const leafKey = key('leaf');
const leaf = certificate('leaf', { subject: '/CN=kube-apiserver', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01') });

// pki/expiration
write('expiration/valid/ca.crt', ca.crt);
write('expiration/valid/apiserver.crt', leaf.crt);
write('expiration/invalid/expired.crt', certificate('expired', { subject: '/CN=system:kube-scheduler', keyFile: leafKey, issuer: ca, start: Y('2025-01-01'), end: Y('2026-01-01') }).crt);
write('expiration/invalid/not-yet-valid.crt', certificate('future', { subject: '/CN=system:kube-proxy', keyFile: leafKey, issuer: ca, start: Y('2027-01-01'), end: Y('2028-01-01') }).crt);
write('expiration/invalid/expiring-soon.crt', certificate('soon', { subject: '/CN=system:kube-controller-manager', keyFile: leafKey, issuer: ca, start: Y('2025-06-15'), end: Y('2026-06-15') }).crt);
const shortCa = certificate('short-ca', { subject: '/CN=etcd-ca', keyFile: key('short-ca'), start: Y('2026-01-01'), end: Y('2026-12-31'), ca: true });
write('expiration/invalid/ca-expires-first/ca.crt', shortCa.crt);
write('expiration/invalid/ca-expires-first/server.crt', certificate('etcd-server', { subject: '/CN=etcd-server', keyFile: leafKey, issuer: shortCa, start: Y('2026-01-01'), end: Y('2027-06-01') }).crt);

// pki/chain
write('chain/valid/pair/ca.crt', ca.crt);
write('chain/valid/pair/apiserver.crt', leaf.crt);
write('chain/valid/pair/apiserver.key', leafKey);
write('chain/invalid/key-mismatch/apiserver.crt', leaf.crt);
write('chain/invalid/key-mismatch/apiserver.key', key('stray', 'ec'));
const otherCa = certificate('other-ca', { subject: '/CN=kubernetes', keyFile: key('other-ca'), start: Y('2025-01-01'), end: Y('2035-01-01'), ca: true });
write('chain/invalid/not-signed/ca.crt', ca.crt);
write('chain/invalid/not-signed/kubelet.crt', certificate('kubelet', { subject: '/O=system:nodes/CN=system:node:worker-1', keyFile: leafKey, issuer: otherCa, start: Y('2026-01-01'), end: Y('2027-01-01') }).crt);
write('chain/invalid/bundle.pem', leaf.crt, leafKey);
write('chain/invalid/weak-key.crt', certificate('weak', { subject: '/CN=legacy', keyFile: key('weak', 'rsa:1024'), issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01') }).crt);
write('chain/invalid/tiny-key.crt', certificate('tiny', { subject: '/CN=ancient', keyFile: key('tiny', 'rsa:512'), issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01') }).crt);
const damaged = readFileSync(leaf.crt, 'utf8').replace(/^(-----BEGIN CERTIFICATE-----\n)(.{10})/m, '$1!!!!!!!!!!');
writeFileSync(path.join(work, 'damaged.crt'), damaged);
write('chain/invalid/damaged.crt', path.join(work, 'damaged.crt'));

// pki/component-identity
const nodeKey = key('node', 'ec');
write('component-identity/valid/kubelet-client-current.pem', certificate('kubelet-client', { subject: '/O=system:nodes/CN=system:node:worker-1', keyFile: nodeKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' }).crt, nodeKey);
write('component-identity/valid/apiserver-kubelet-client.crt', certificate('kubelet-client-of-apiserver', { subject: '/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' }).crt);
write('component-identity/invalid/kubelet-client-current.pem', certificate('not-a-node', { subject: '/O=system:nodes/CN=worker-1', keyFile: nodeKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' }).crt, nodeKey);
write('component-identity/invalid/apiserver-etcd-client.crt', certificate('etcd-client', { subject: '/CN=kube-apiserver-etcd-client', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'serverAuth' }).crt);
write('component-identity/invalid/front-proxy-client.crt', certificate('front-proxy', { subject: '/CN=front-proxy', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' }).crt);
write('component-identity/invalid/admin.crt', certificate('admin', { subject: '/O=system:masters/CN=kubernetes-admin', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' }).crt);

// pki/apiserver-san (the invalid case's kubeadm configuration is written beside it by hand)
const allNames = 'DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1';
write('apiserver-san/valid/apiserver.crt', certificate('apiserver-full', { subject: '/CN=kube-apiserver', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'serverAuth', sans: allNames }).crt);
write('apiserver-san/invalid/kubeadm/apiserver.crt', certificate('apiserver-short', { subject: '/CN=kube-apiserver', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'serverAuth', sans: 'DNS:kubernetes,DNS:kubernetes.default,DNS:*.example.com,IP:10.96.0.1' }).crt);
// The file a static pod's --tls-cert-file names is the serving certificate whatever its name or CN; of two files
// with that name, the one sharing more folders with the flag's path is (the static pods are written by hand).
const servingFor = (name, sans) => certificate(name, { subject: '/CN=apiserver-lb', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'serverAuth', sans }).crt;
write('apiserver-san/valid/static-pod/tls/serving.pem', servingFor('lb-full', allNames));
write('apiserver-san/valid/static-pod/etcd/serving.pem', certificate('etcd-serving', { subject: '/CN=etcd-server', keyFile: leafKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'serverAuth', sans: 'DNS:etcd.local' }).crt);
write('apiserver-san/invalid/static-pod/tls/serving.pem', servingFor('lb-short', 'DNS:kubernetes,DNS:kubernetes.default,IP:10.96.0.1'));

// kubeconfig/certificate-problem: kubeadm's component kubeconfigs, by file name
const kubeconfig = (user, certificateFile, keyFile) => `apiVersion: v1\nkind: Config\nclusters:\n  - name: kubernetes\n    cluster:\n      server: https://10.0.0.10:6443\ncontexts:\n  - name: default\n    context: {cluster: kubernetes, user: ${user}}\ncurrent-context: default\nusers:\n  - name: ${user}\n    user:\n      client-certificate-data: ${readFileSync(certificateFile).toString('base64')}\n      client-key-data: ${readFileSync(keyFile).toString('base64')}\n`;
const KUBECONFIG_ROOT = path.join(repoRoot, 'test', 'fixtures', 'rules', 'kubeconfig', 'certificate-problem');
const writeKubeconfig = (relative, text) => writeFileSync(path.join(KUBECONFIG_ROOT, relative), text);
const nodeCert = certificate('kubelet-conf', { subject: '/O=system:nodes/CN=system:node:worker-1', keyFile: nodeKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' });
writeKubeconfig('valid/kubelet.conf', kubeconfig('system:node:worker-1', nodeCert.crt, nodeKey));
const strayNode = certificate('kubelet-conf-stray', { subject: '/O=system:nodes/CN=worker-1', keyFile: nodeKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'clientAuth' });
writeKubeconfig('invalid/kubelet.conf', kubeconfig('worker-1', strayNode.crt, nodeKey));
const wrongManager = certificate('controller-manager-conf', { subject: '/CN=kube-controller-manager', keyFile: nodeKey, issuer: ca, start: Y('2026-01-01'), end: Y('2027-01-01'), usages: 'serverAuth' });
writeKubeconfig('invalid/controller-manager.conf', kubeconfig('kube-controller-manager', wrongManager.crt, nodeKey));

rmSync(work, { recursive: true, force: true });
console.log(`wrote the PEM fixtures under ${path.relative(repoRoot, ROOT)}`);
