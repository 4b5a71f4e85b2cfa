/**
 * The apiserver-san oracle: kube-apiserver serving certificates made by openssl with generated subject alternative
 * names (the kubernetes.default names in several domains, some left out, wildcards, upper case, trailing dots, the
 * service address in IPv4, IPv6 or leading-zero forms) are checked, name by name, with Go's crypto/x509
 * VerifyHostname (x509-judge, built from the standard library as every Kubernetes client is) for every name the
 * workspace says clients use (a generated kubeadm configuration). A name Go refuses ⇔ pki/apiserver-san lists it as
 * missing. KUBEWARD_SAN_SEED, KUBEWARD_SAN_CASES (default 120).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { apiserverNameFactsOf, certificateNames, requiredApiserverNames } from '../../server/src/engine/analysis/pki/apiserver-names';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintFile } from '../../server/src/engine/linter';
import { PemFile } from '../../server/src/engine/model/pem-file';
import { streamDocuments } from '../../server/src/engine/model/stream';
import { RULES } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { buildModule } from './cluster';
import { seededRandom } from './oracle-cases';
import { chance, pick, type Random } from './validation-data';

const SEED = Number(process.env.KUBEWARD_SAN_SEED ?? 20261211);
const CASES = Number(process.env.KUBEWARD_SAN_CASES ?? 120);

function generate(random: Random): { sans: string[]; cluster: Record<string, unknown> } {
  const domain = pick(random, ['cluster.local', 'cluster.local', 'k8s.example']);
  const subnet = pick(random, ['10.96.0.0/12', '10.100.0.0/16', 'fd00:10:96::/112']);
  const first = subnet.startsWith('fd00') ? 'fd00:10:96::1' : subnet.startsWith('10.96') ? '10.96.0.1' : '10.100.0.1';
  const wanted = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${pick(random, [domain, domain, 'cluster.local'])}`];
  const sans = wanted.filter(() => !chance(random, 0.15)).map((name) => `DNS:${chance(random, 0.1) ? name.toUpperCase() : chance(random, 0.05) ? `${name}.` : name}`);
  if (chance(random, 0.85)) sans.push(`IP:${pick(random, [first, first, first.startsWith('fd00') ? 'FD00:10:96:0::1' : first])}`);
  const endpoint = pick(random, ['k8s.example.com', 'api.k8s.example', '10.0.0.100', undefined]);
  if (endpoint && chance(random, 0.7)) sans.push(chance(random, 0.3) && !/^\d/.test(endpoint) ? `DNS:*.${endpoint.split('.').slice(1).join('.')}` : /^\d/.test(endpoint) ? `IP:${endpoint}` : `DNS:${endpoint}`);
  if (chance(random, 0.2)) sans.push('DNS:*.k8s.example.com');
  const certSANs = chance(random, 0.4) ? [pick(random, ['lb.internal', 'Api.Example.com', '10.0.0.200', 'a.k8s.example.com'])] : [];
  for (const name of certSANs) if (chance(random, 0.6)) sans.push(/^\d/.test(name) ? `IP:${name}` : `DNS:${name.toLowerCase()}`);
  const cluster = {
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'ClusterConfiguration',
    ...(endpoint ? { controlPlaneEndpoint: `${endpoint}:6443` } : {}),
    networking: { serviceSubnet: subnet, dnsDomain: domain },
    ...(certSANs.length > 0 ? { apiServer: { certSANs } } : {}),
  };
  return { sans, cluster };
}

test(`apiserver-san oracle: ${CASES} serving certificates, Go's VerifyHostname against pki/apiserver-san`, { timeout: 1_800_000 }, async () => {
  const { x509Judge } = await (await buildModule()).ensureBinaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-san-oracle-'));
  const random = seededRandom(SEED);
  const disagreements: string[] = [];
  let names = 0;
  let refusedNames = 0;
  try {
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path.join(dir, 'key.pem')]);
    const questions: { certificate: string; names: string[]; case: string; missing: string[] }[] = [];
    for (let index = 0; index < CASES; index++) {
      const { sans, cluster } = generate(random);
      const crt = path.join(dir, `apiserver-${index}.crt`);
      const subjectAltName = sans.length > 0 ? ['-addext', `subjectAltName=${sans.join(',')}`] : [];
      execFileSync('openssl', ['req', '-x509', '-key', path.join(dir, 'key.pem'), '-subj', '/CN=kube-apiserver', '-days', '30', '-addext', 'extendedKeyUsage=serverAuth', '-addext', 'basicConstraints=critical,CA:FALSE', ...subjectAltName, '-out', crt]);
      const certificate = readFileSync(crt, 'utf8');
      const workspace = new WorkspaceIndex();
      const clusterText = stringify(cluster);
      workspace.apiserverNames.setFacts('kubeadm.yaml', apiserverNameFactsOf(streamDocuments(clusterText)));
      const pem = new PemFile(certificate, path.join(dir, 'pki', 'apiserver.crt'));
      const required = requiredApiserverNames(workspace.apiserverNames.all(), pem.certificates[0].certificate);
      const missing = required.filter((name) => !certificateNames(pem.certificates[0].certificate, name));
      const findings = lintFile(pem, DEFAULT_CONFIG, RULES, workspace).filter((finding) => finding.ruleId === 'pki/apiserver-san');
      const describe = `case ${index}: SANs ${sans.join(', ') || 'none'}; workspace ${JSON.stringify(cluster)}`;
      if ((findings.length > 0) !== (missing.length > 0)) disagreements.push(`${describe}: the rule ${findings.length > 0 ? 'reports' : 'is silent'} while the names missing are ${JSON.stringify(missing)}`);
      questions.push({ certificate, names: required, case: describe, missing });
    }
    const judged = spawnSync(x509Judge, { input: questions.map(({ certificate, names: asked }) => JSON.stringify({ certificate, names: asked })).join('\n') + '\n', encoding: 'utf8' });
    assert.equal(judged.status, 0, judged.stderr);
    const answers = judged.stdout.trim().split('\n').map((line) => JSON.parse(line) as { accepted?: boolean[]; error?: string });
    questions.forEach((question, index) => {
      const answer = answers[index];
      assert.ok(answer.accepted, `${question.case}: the judge could not read the certificate (${answer.error})`);
      const refused = question.names.filter((_, position) => !answer.accepted![position]);
      names += question.names.length;
      refusedNames += refused.length;
      if (JSON.stringify(refused) !== JSON.stringify(question.missing)) disagreements.push(`${question.case}: Go refuses ${JSON.stringify(refused)}; Kubeward says ${JSON.stringify(question.missing)} are missing`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`apiserver-san oracle (seed ${SEED}): ${CASES} certificates, ${names} names checked, ${refusedNames} refused by Go, ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
