/**
 * The certificate-validity oracle: client certificates issued by the test cluster's CA with validity periods
 * around now (ended hours or days ago, starting in hours or days, current) are presented to kube-apiserver; it
 * refuses a certificate outside its validity (401) ⇔ pki/expiration reports an error for it. The 15 periods of a
 * fixed grid come first; KUBEWARD_VALIDITY_PERIODS (default 15) adds seeded random periods (KUBEWARD_VALIDITY_SEED),
 * never within ten minutes of now, so the seconds between signing and asking cannot change the answer.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { lintFile } from '../../server/src/engine/linter';
import { PemFile } from '../../server/src/engine/model/pem-file';
import { RULES } from '../../server/src/engine/rules/index';
import { clusterModule } from './cluster';
import { seededRandom } from './oracle-cases';

const HOUR = 3_600_000;
/** Start and end of validity, in hours from now. */
const PERIODS: [number, number][] = [];
for (const start of [-24 * 40, -24 * 3, -3, 3, 24 * 3]) {
  for (const end of [-24 * 3, -3, 3, 24 * 3, 24 * 400]) if (end > start) PERIODS.push([start, end]);
}
const random = seededRandom(Number(process.env.KUBEWARD_VALIDITY_SEED ?? 20261207));
/** Hours from now, at least ten minutes away from it on either side, up to about two years. */
const offset = () => (random() < 0.5 ? -1 : 1) * (1 / 6 + random() ** 3 * 24 * 700);
while (PERIODS.length < Number(process.env.KUBEWARD_VALIDITY_PERIODS ?? 15)) {
  const [start, end] = [offset(), offset()].sort((a, b) => a - b);
  if (end - start > 1 / 60) PERIODS.push([start, end]);
}

const stamp = (time: number) => new Date(time).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

function get(server: string, ca: string, cert: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request(`${server}/api`, { ca, cert, key, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

test(`certificate-validity oracle: client certificates around now, kube-apiserver against pki/expiration`, { timeout: 1_800_000 }, async () => {
  const cluster = await (await clusterModule()).startCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-validity-oracle-'));
  const disagreements: string[] = [];
  let refused = 0;
  let count = 0;
  try {
    const caKey = path.join(cluster.dir, 'pki', 'ca.key');
    const ca = readFileSync(cluster.caFile, 'utf8');
    for (const [index, [start, end]] of PERIODS.entries()) {
      for (const user of ['jane', 'system:node:worker-1']) {
        const work = path.join(dir, `${index}-${count}`);
        mkdirSync(work);
        writeFileSync(path.join(work, 'index.txt'), '');
        writeFileSync(path.join(work, 'serial'), `${String(1000 + count).padStart(4, '0')}\n`);
        writeFileSync(path.join(work, 'ca.cnf'), `[ca]\ndefault_ca=oracle\n[oracle]\ndir=${work}\ndatabase=${work}/index.txt\nserial=${work}/serial\nnew_certs_dir=${work}\ndefault_md=sha256\npolicy=anything\nunique_subject=no\nx509_extensions=ext\n[anything]\ncommonName=supplied\norganizationName=optional\n[ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n[req]\ndistinguished_name=dn\n[dn]\n`);
        execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${work}/client.key`, '-subj', `/CN=${user}`, '-out', `${work}/client.csr`, '-config', `${work}/ca.cnf`], { stdio: 'ignore' });
        const now = Date.now();
        execFileSync('openssl', ['ca', '-batch', '-config', `${work}/ca.cnf`, '-notext', '-cert', cluster.caFile, '-keyfile', caKey, '-startdate', stamp(now + start * HOUR), '-enddate', stamp(now + end * HOUR), '-in', `${work}/client.csr`, '-out', `${work}/client.crt`], { stdio: 'ignore' });
        const cert = readFileSync(`${work}/client.crt`, 'utf8');
        const status = await get(cluster.server, ca, cert, readFileSync(`${work}/client.key`, 'utf8'));
        const errors = lintFile(new PemFile(cert, `${work}/client.crt`), DEFAULT_CONFIG, RULES, undefined, { fileExists: () => false, now: new Date() }).filter((finding) => finding.ruleId === 'pki/expiration' && finding.severity === 'error');
        count++;
        if (status === 401) refused++;
        if ((status === 401) !== (errors.length > 0)) disagreements.push(`${user}, valid from ${start.toFixed(2)} h to ${end.toFixed(2)} h: kube-apiserver answers ${status}; Kubeward ${errors.length > 0 ? `says ${errors[0].message}` : 'reports no error'}`);
      }
    }
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`certificate-validity oracle: ${count} client certificates, ${refused} refused by kube-apiserver, ${disagreements.length} disagreements`);
  assert.ok(refused > 0 && refused < count, `a one-sided sample: ${refused} of ${count} refused`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
