/**
 * The kubeadm oracle: each generated configuration file (kubeadm-cases.ts) is given to a real kubeadm v1.36
 * (`kubeadm config validate`, built from the Kubernetes module): it fails ⇔ Kubeward reports an error in the file.
 * It also checks that the committed table of kubeadm's fields (reference/kubeadm-fields.json) is what kubeadm's
 * types say today. KUBEWARD_KUBEADM_SEED, KUBEWARD_KUBEADM_CASES (default 400), KUBEWARD_KUBEADM_REPORT.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { REPO_ROOT } from '../helpers/paths';
import { buildModule } from './cluster';
import { describeCase } from './config-oracle';
import { generateKubeadmCase } from './kubeadm-cases';
import { seededRandom } from './oracle-cases';

const SEED = Number(process.env.KUBEWARD_KUBEADM_SEED ?? 20261208);
const CASES = Number(process.env.KUBEWARD_KUBEADM_CASES ?? 400);
const run = promisify(execFile);

test('the committed table of kubeadm fields is what kubeadm 1.36 says', { timeout: 1_800_000 }, async () => {
  await (await buildModule()).ensureBinaries();
  const check = spawnSync(process.execPath, ['scripts/gen-kubeadm-fields.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  assert.doesNotMatch(check.stdout, /skipped/);
});

test(`kubeadm oracle: ${CASES} generated configuration files, kubeadm config validate against Kubeward`, { timeout: 1_800_000 }, async () => {
  const { kubeadm } = await (await buildModule()).ensureBinaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-kubeadm-oracle-'));
  const random = seededRandom(SEED);
  const disagreements: string[] = [];
  let refused = 0;
  try {
    for (let index = 0; index < CASES; index++) {
      const item = generateKubeadmCase(random, index);
      const file = path.join(dir, `kubeadm-${index}.yaml`);
      writeFileSync(file, item.text);
      const verdict = await run(kubeadm, ['config', 'validate', '--config', file]).then(() => undefined, (error: { stderr?: string }) => error.stderr ?? 'failed');
      const errors = new StreamLinter(RULES).lint(item.text, DEFAULT_CONFIG).findings.filter((finding) => finding.severity === 'error');
      if (verdict !== undefined) refused++;
      if (verdict !== undefined && errors.length === 0) disagreements.push(describeCase(item, `kubeadm refuses it (${verdict.split('\n')[0]}); Kubeward reports no error`));
      if (verdict === undefined && errors.length > 0) disagreements.push(describeCase(item, `kubeadm accepts it; Kubeward reports ${errors.map((finding) => `${finding.ruleId}: ${finding.message}`).join(' | ')}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.KUBEWARD_KUBEADM_REPORT) writeFileSync(process.env.KUBEWARD_KUBEADM_REPORT, disagreements.join('\n\n'));
  console.log(`kubeadm oracle (seed ${SEED}): ${CASES} configuration files, ${refused} refused, ${CASES - refused} accepted, ${disagreements.length} disagreements`);
  assert.ok(refused >= CASES / 8 && CASES - refused >= CASES / 8, `too one-sided a sample: ${refused} of ${CASES} refused`);
  assert.deepEqual(disagreements.slice(0, 10), [], `${disagreements.length} disagreements; the first 10 are shown`);
});
