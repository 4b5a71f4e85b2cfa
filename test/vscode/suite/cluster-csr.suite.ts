/**
 * The CertificateSigningRequest commands against the real API server started by test/vscode/cluster-extension.test.ts,
 * which creates two pending requests: kw-dev-jane (CN=dev-jane, O=dev, for kubernetes.io/kube-apiserver-client,
 * which kube-controller-manager signs once approved) and kw-masters (O=system:masters, for a custom signer).
 */
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { webcrypto, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { eventually } from '../../helpers/eventually';
import { codeOf, hoverText, kubewardDiagnostics, moveCursor, positionOf } from './editor';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const CONTEXT = 'kubeward-test';

interface Prompt {
  message: string;
  context: string;
  production: boolean;
}

interface CsrSummary {
  name: string;
  state: string;
  conditions: { type: string; reason?: string; message?: string }[];
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

async function list(): Promise<CsrSummary[]> {
  return (await vscode.commands.executeCommand<CsrSummary[]>('kubeward.cluster.listCsrs', { list: true })) ?? [];
}

async function stateOf(name: string): Promise<string | undefined> {
  return (await list()).find((csr) => csr.name === name)?.state;
}

/** POSTs a manifest to the cluster as the kubeconfig's admin user (the extension has no apply command). */
function createInCluster(apiPath: string, body: unknown): Promise<number> {
  const kubeconfig = parse(readFileSync(process.env.KUBECONFIG ?? '', 'utf8')) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
  const { server, 'certificate-authority-data': ca } = kubeconfig.clusters[0].cluster;
  const { 'client-certificate-data': cert, 'client-key-data': key } = kubeconfig.users[0].user;
  const decode = (data: string) => Buffer.from(data, 'base64');
  return new Promise((resolve, reject) => {
    const sent = httpsRequest(new URL(apiPath, server), { method: 'POST', ca: decode(ca), cert: decode(cert), key: decode(key), headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

/** A request's subject and the extensions Kubernetes signers read, as `openssl req -text` prints them, in a fixed order. */
function printedRequest(pem: string): string[] {
  const lines = execFileSync('openssl', ['req', '-noout', '-text', '-nameopt', 'RFC2253'], { input: pem, encoding: 'utf8' }).split('\n').map((line) => line.trim());
  const extensions = lines.flatMap((line, index) => (/^X509v3 (Subject Alternative Name|Key Usage|Extended Key Usage):/.test(line) ? [`${line} ${lines[index + 1]}`] : []));
  return [...lines.filter((line) => line.startsWith('Subject:')), ...extensions.sort()];
}

async function reportText(uri: vscode.Uri | undefined): Promise<string> {
  assert.ok(uri, 'the command shows a report');
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

suite('Kubeward cluster CSR commands', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-csr-suite-'));
  suiteTeardown(() => rmSync(scratch, { recursive: true, force: true }));

  test('the list shows both pending requests first, with requester and signer', async () => {
    const csrs = await list();
    const names = csrs.map((csr) => csr.name);
    for (const name of ['kw-dev-jane', 'kw-masters']) {
      const csr = csrs.find((candidate) => candidate.name === name);
      assert.ok(csr, `${name} is listed (got ${names.join(', ')})`);
      assert.equal(csr.state, 'Pending');
      assert.deepEqual(csr.conditions, []);
    }
    const firstDone = csrs.findIndex((csr) => csr.state !== 'Pending');
    if (firstDone !== -1) assert.ok(csrs.slice(firstDone).every((csr) => csr.state !== 'Pending'), 'pending requests come first');
  });

  test('the report on the system:masters request decodes it and shows the privileged-subject warning', async () => {
    const text = await reportText(await vscode.commands.executeCommand('kubeward.cluster.showCsr', { name: 'kw-masters' }));
    assert.match(text, /^# CertificateSigningRequest kw-masters \(live in the cluster\)/);
    assert.match(text, /Signer: kubeward\.example\/custom/);
    assert.match(text, /Requested usages: client auth/);
    assert.match(text, /Requested lifetime \(expirationSeconds\): 3600 s \(1 hour\)/);
    assert.match(text, /Requester \(recorded by the API server\): kubeward-admin/);
    assert.match(text, /Requester groups: system:masters, system:authenticated/);
    assert.match(text, /Condition: Pending/);
    assert.match(text, /- warning csr\/privileged-subject: The request asks for group system:masters \(O\)/);
    // The requester fields of a live object were written by the API server: no csr/user-set-groups finding.
    assert.doesNotMatch(text, /csr\/user-set-groups/);
    assert.match(text, /Kubernetes user \(CN\): sneaky\n\s+Kubernetes groups \(O\): system:masters/);
    assert.match(text, /Public Key: EC P-256/);
    assert.match(text, /Read from context kubeward-test\./);
  });

  test('against a production context the confirmation asks with production: true, and a refusal changes nothing', async () => {
    const settings = vscode.workspace.getConfiguration('kubeward');
    await settings.update('cluster.productionPatterns', [CONTEXT], vscode.ConfigurationTarget.Workspace);
    try {
      const prompts: Prompt[] = [];
      const answer = await vscode.commands.executeCommand('kubeward.cluster.approveCsr', {
        name: 'kw-masters',
        confirm: async (prompt: Prompt) => {
          prompts.push(prompt);
          return false;
        },
      });
      assert.equal(answer, undefined);
      assert.equal(prompts.length, 1);
      assert.equal(prompts[0].production, true);
      assert.equal(prompts[0].context, CONTEXT);
      assert.match(prompts[0].message, /in context "kubeward-test" \(PRODUCTION\)\?$/);
      assert.equal(await stateOf('kw-masters'), 'Pending');
    } finally {
      await settings.update('cluster.productionPatterns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('approving names the context; kube-controller-manager signs; the certificate goes to a file and a kubeconfig', async () => {
    const prompts: Prompt[] = [];
    const condition = await vscode.commands.executeCommand<Condition>('kubeward.cluster.approveCsr', {
      name: 'kw-dev-jane',
      confirm: async (prompt: Prompt) => {
        prompts.push(prompt);
        return true;
      },
    });
    assert.equal(prompts.length, 1);
    assert.match(prompts[0].message, /^Approve certificate signing request "kw-dev-jane" for .*CN=dev-jane.* \(signer kubernetes\.io\/kube-apiserver-client, requested by kubeward-admin\) in context "kubeward-test"\?$/);
    assert.equal(prompts[0].context, CONTEXT);
    assert.equal(prompts[0].production, false);
    assert.equal(condition?.type, 'Approved');
    assert.equal(condition?.status, 'True');
    assert.equal(condition?.reason, 'KubewardApprove');
    assert.ok(condition?.message);

    await eventually('kube-controller-manager to sign kw-dev-jane', () => stateOf('kw-dev-jane'), (state) => state === 'Issued');
    const file = path.join(scratch, 'dev-jane.crt');
    assert.deepEqual(await vscode.commands.executeCommand('kubeward.cluster.fetchCertificate', { name: 'kw-dev-jane', target: { file } }), { written: file });
    const certificate = new X509Certificate(readFileSync(file));
    assert.match(certificate.subject, /^CN=dev-jane$/m);
    assert.match(certificate.subject, /^O=dev$/m);
    assert.match(certificate.issuer, /CN=kubeward-test-ca/);

    const kubeconfig = path.join(scratch, 'kubeconfig');
    const original = `# my clusters
apiVersion: v1
kind: Config
users:
- name: other # keep me
  user:
    token: abc
- name: dev-jane
  user:
    client-certificate: /old/path.crt
    client-key: /home/jane/dev-jane.key
`;
    writeFileSync(kubeconfig, original);
    const kubeconfigPrompts: Prompt[] = [];
    const refuse = async (prompt: Prompt) => {
      kubeconfigPrompts.push(prompt);
      return false;
    };
    assert.equal(await vscode.commands.executeCommand('kubeward.cluster.fetchCertificate', { name: 'kw-dev-jane', target: { kubeconfig, user: 'dev-jane' }, confirm: refuse }), undefined);
    assert.equal(readFileSync(kubeconfig, 'utf8'), original, 'a refused change leaves the kubeconfig alone');
    assert.match(kubeconfigPrompts[0].message, /client-certificate-data of user "dev-jane" .*replacing client-certificate \/old\/path\.crt/);
    const written = await vscode.commands.executeCommand('kubeward.cluster.fetchCertificate', { name: 'kw-dev-jane', target: { kubeconfig, user: 'dev-jane' }, confirm: async () => true });
    assert.deepEqual(written, { written: kubeconfig, user: 'dev-jane' });
    const changed = readFileSync(kubeconfig, 'utf8');
    assert.match(changed, /^# my clusters\n/);
    assert.match(changed, /- name: other # keep me\n/);
    const user = (parse(changed) as { users: { name: string; user: Record<string, string> }[] }).users[1].user;
    assert.equal(Buffer.from(user['client-certificate-data'], 'base64').toString('utf8').trim(), readFileSync(file, 'utf8').trim());
    assert.equal(user['client-certificate'], undefined);
    assert.equal(user['client-key'], '/home/jane/dev-jane.key');
  });

  test('denying records the condition, and fetching then says it was denied', async () => {
    const condition = await vscode.commands.executeCommand<Condition>('kubeward.cluster.denyCsr', { name: 'kw-masters', reason: 'No cluster-admin by certificate.', confirm: async () => true });
    assert.equal(condition?.type, 'Denied');
    assert.equal(condition?.status, 'True');
    assert.equal(condition?.reason, 'KubewardDeny');
    assert.equal(condition?.message, 'No cluster-admin by certificate.');
    const masters = (await list()).find((csr) => csr.name === 'kw-masters');
    assert.equal(masters?.state, 'Denied');
    assert.deepEqual(masters?.conditions, [{ type: 'Denied', reason: 'KubewardDeny', message: 'No cluster-admin by certificate.' }]);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('kubeward.cluster.fetchCertificate', { name: 'kw-masters', target: { file: path.join(scratch, 'never.crt') } })),
      /was denied \(KubewardDeny: No cluster-admin by certificate\.\)/,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kubeward.cluster.approveCsr', { name: 'kw-masters', confirm: async () => true })), /already denied/);
  });

  test('creating a request keeps a 0600 key locally and opens a manifest that Kubeward finds clean', async () => {
    const keyPath = path.join(scratch, 'new-user.key');
    const result = await vscode.commands.executeCommand<{ keyPath: string; documentUri: string }>('kubeward.cluster.createCsr', {
      commonName: 'new-user',
      organizations: ['dev', 'qa'],
      keyPath,
    });
    assert.equal(result?.keyPath, keyPath);
    assert.equal(statSync(keyPath).mode & 0o777, 0o600);
    const keyPem = readFileSync(keyPath, 'utf8');
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);

    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === result.documentUri);
    assert.ok(document, 'the manifest is open');
    assert.equal(document.uri.scheme, 'untitled');
    assert.equal(document.languageId, 'yaml');
    assert.ok(!document.getText().includes('PRIVATE KEY'), 'the key is not in the manifest');
    const manifest = parse(document.getText()) as { apiVersion: string; kind: string; spec: { request: string; signerName: string; usages: string[]; expirationSeconds: number } };
    assert.equal(manifest.apiVersion, 'certificates.k8s.io/v1');
    assert.equal(manifest.kind, 'CertificateSigningRequest');
    assert.equal(manifest.spec.signerName, 'kubernetes.io/kube-apiserver-client');
    assert.deepEqual(manifest.spec.usages, ['client auth']);
    assert.equal(manifest.spec.expirationSeconds, 86400);

    const request = new x509.Pkcs10CertificateRequest(Buffer.from(manifest.spec.request, 'base64').toString('utf8'));
    assert.ok(await request.verify(), 'the request is signed with its key');
    const requestKey = Buffer.from(request.publicKey.rawData);
    const fileKey = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
    assert.ok(requestKey.equals(fileKey), 'the saved key is the request\'s key');
    assert.deepEqual(request.subjectName.getField('CN'), ['new-user']);
    assert.deepEqual(request.subjectName.getField('O'), ['dev', 'qa']);

    // The server has the document once a hover on the request answers; its findings then are final.
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), result.documentUri);
    const onRequest = positionOf(document, 'request: ', 12);
    await eventually('the request hover', async () => hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, onRequest)) ?? []), (text) => /Certificate request/.test(text));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(kubewardDiagnostics(document.uri).map((diagnostic) => `${codeOf(diagnostic)}: ${diagnostic.message}`), []);

    // The same report as for a live request, from the manifest under the cursor.
    moveCursor(editor, onRequest);
    const text = await reportText(await vscode.commands.executeCommand('kubeward.cluster.showCsr'));
    assert.match(text, /^# CertificateSigningRequest new-user-/);
    assert.match(text, /## Kubeward findings\n\nNone\./);
    assert.match(text, /Kubernetes user \(CN\): new-user\n\s+Kubernetes groups \(O\): dev, qa/);
  });
  test("a request from an openssl config is openssl's own request with a key made here; signed for the node, the certificate has its names", async () => {
    const config = path.join(scratch, 'worker-7.cnf');
    writeFileSync(config, [
      '[ req ]', 'distinguished_name = dn', 'req_extensions = ext', 'prompt = no', 'default_bits = 3072',
      '[ dn ]', 'O = system:nodes', 'CN = system:node:worker-7',
      '[ ext ]', 'basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth', 'subjectAltName = @alt_names',
      '[ alt_names ]', 'DNS.1 = worker-7', 'DNS.2 = worker-7.nodes.internal', 'IP.1 = 10.0.0.7', '',
    ].join('\n'));
    const keyPath = path.join(scratch, 'worker-7.key');
    const result = await vscode.commands.executeCommand<{ keyPath: string; documentUri: string }>('kubeward.cluster.createCsrFromOpensslConfig', { configPath: config, keyPath });
    assert.equal(result?.keyPath, keyPath);
    assert.equal(statSync(keyPath).mode & 0o777, 0o600);
    const keyPem = readFileSync(keyPath, 'utf8');
    assert.equal(createPrivateKey(keyPem).asymmetricKeyDetails?.modulusLength, 3072, 'default_bits sets the RSA key size');

    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === result.documentUri);
    assert.ok(document, 'the manifest is open');
    const text = document.getText();
    assert.ok(!text.includes('PRIVATE KEY'), 'the key is not in the manifest');
    assert.match(text, /^# Certificate signing request made from .*worker-7\.cnf: O=system:nodes, CN=system:node:worker-7; DNS:worker-7, DNS:worker-7\.nodes\.internal, IP:10\.0\.0\.7\.$/m);
    assert.match(text, /^# Note: basicConstraints is left out: Kubernetes signers write their own\.$/m);
    const manifest = parse(text) as { metadata: { name: string }; spec: { request: string; signerName: string; usages: string[] } };
    assert.equal(manifest.spec.signerName, 'kubernetes.io/kubelet-serving');
    assert.deepEqual(manifest.spec.usages, ['digital signature', 'key encipherment', 'server auth']);
    const requestPem = Buffer.from(manifest.spec.request, 'base64').toString('utf8');
    const request = new x509.Pkcs10CertificateRequest(requestPem);
    assert.ok(await request.verify(), 'the request is signed with its key');
    assert.ok(Buffer.from(request.publicKey.rawData).equals(createPublicKey(keyPem).export({ type: 'spki', format: 'der' })), "the saved key is the request's key");

    // openssl, given the same configuration and key, writes the same subject, names and usages.
    const theirs = execFileSync('openssl', ['req', '-new', '-config', config, '-key', keyPath], { encoding: 'utf8' });
    assert.deepEqual(printedRequest(requestPem), printedRequest(theirs));
    assert.equal(printedRequest(requestPem).length, 4);

    const onRequest = positionOf(document, 'request: ', 12);
    await eventually('the request hover', async () => hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, onRequest)) ?? []), (hover) => /Certificate request/.test(hover));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(kubewardDiagnostics(document.uri).map((diagnostic) => `${codeOf(diagnostic)}: ${diagnostic.message}`), []);

    // The API server takes the manifest as it is; approved, kube-controller-manager signs it with the names asked for.
    assert.equal(await createInCluster('/apis/certificates.k8s.io/v1/certificatesigningrequests', parse(text)), 201);
    const name = manifest.metadata.name;
    await vscode.commands.executeCommand('kubeward.cluster.approveCsr', { name, confirm: async () => true });
    await eventually(`kube-controller-manager to sign ${name}`, () => stateOf(name), (state) => state === 'Issued');
    const file = path.join(scratch, 'worker-7.crt');
    await vscode.commands.executeCommand('kubeward.cluster.fetchCertificate', { name, target: { file } });
    const certificate = new X509Certificate(readFileSync(file));
    assert.equal(certificate.subjectAltName, 'DNS:worker-7, DNS:worker-7.nodes.internal, IP Address:10.0.0.7');
    assert.match(certificate.subject, /^CN=system:node:worker-7$/m);
    assert.ok(certificate.checkPrivateKey(createPrivateKey(keyPem)), 'the certificate is for the key made here');
  });
});
