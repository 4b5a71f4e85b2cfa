/**
 * Kubeward's errors against the real API server: every Kubernetes object of the test corpus (rule fixtures,
 * examples/, and ../shared/corpus where present) is created with a server-side dry run and strict field
 * validation, as `kubectl apply` sends it. An object with an error that says the API server refuses it must be
 * rejected, and every other object must be accepted: one without errors, and one whose errors only say it can
 * never take effect (rules marked `ineffective`, such as an unknown verb), which the API server stores.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES, ruleById } from '../../server/src/engine/rules/index';
import { schemaTypes } from '../../server/src/engine/schema/navigator';
import { REPO_ROOT } from '../helpers/paths';
import { clusterModule, type TestCluster } from './cluster';

const SHARED_CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

function yamlFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

interface Candidate {
  where: string;
  object: Record<string, unknown>;
  /** Errors that say the API server refuses the object. */
  rejecting: string[];
}

/** The kinds Kubeward validates; for others (custom resources, component configuration) it claims nothing. */
const VALIDATED = new Set(schemaTypes());

function candidates(): Candidate[] {
  const files = [...yamlFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'rules')), ...yamlFiles(path.join(REPO_ROOT, 'examples')), ...yamlFiles(SHARED_CORPUS)];
  const linter = new StreamLinter(RULES);
  return files.flatMap((file) => {
    const analysis = linter.lint(readFileSync(file, 'utf8'), DEFAULT_CONFIG);
    return analysis.documents.flatMap(({ document, offset }, position) => {
      const { data, problem } = document.data();
      if (document.category !== 'kubernetes' || problem || document.problems.length > 0 || document.isTemplate) return [];
      // A suppression comment is the author overriding Kubeward, so what it says of the object no longer stands.
      if (!document.typeKey || !VALIDATED.has(document.typeKey) || document.text.includes('kubeward-disable')) return [];
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
      const end = offset + document.text.length;
      const errors = analysis.findings.filter((finding) => finding.severity === 'error' && finding.range.start >= offset && finding.range.start <= end);
      const label = (finding: (typeof errors)[number]) => `${finding.ruleId}: ${finding.message}`;
      return [
        {
          where: `${path.relative(REPO_ROOT, file)} document ${position + 1}`,
          object: data as Record<string, unknown>,
          rejecting: errors.filter((finding) => !ruleById(finding.ruleId)?.meta.ineffective).map(label),
        },
      ];
    });
  });
}

/** The ServiceAccounts pods run as: the ServiceAccount admission plugin rejects a pod whose account does not exist. */
function serviceAccountsUsed(object: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.serviceAccountName === 'string' && Array.isArray(record.containers)) found.push(record.serviceAccountName);
    Object.values(record).forEach(visit);
  };
  visit(object.spec);
  return found;
}

/** Discovery, cached per apiVersion: the collection path of a kind, or undefined when the server serves no such kind. */
function collectionPaths(cluster: TestCluster) {
  const discovered = new Map<string, Promise<{ kind: string; name: string; namespaced: boolean }[]>>();
  return async (object: Record<string, unknown>): Promise<string | undefined> => {
    const apiVersion = String(object.apiVersion ?? '');
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    if (!discovered.has(apiVersion)) {
      discovered.set(apiVersion, cluster.request('GET', base).then((response) => (response.status === 200 ? response.body.resources : [])));
    }
    const resource = (await discovered.get(apiVersion)!).find((entry) => entry.kind === object.kind && !entry.name.includes('/'));
    if (!resource) return undefined;
    const namespace = (object.metadata as { namespace?: string } | undefined)?.namespace ?? 'default';
    return resource.namespaced ? `${base}/namespaces/${namespace}/${resource.name}` : `${base}/${resource.name}`;
  };
}

test('objects with schema errors are rejected by a server-side dry run, and objects without errors are accepted', { timeout: 600_000 }, async () => {
  const all = candidates();
  const cluster = await (await clusterModule()).startCluster();
  const wrong: string[] = [];
  const counts = { rejectedAsPredicted: 0, acceptedAsPredicted: 0 };
  try {
    const namespaces = new Set(all.map(({ object }) => (object.metadata as { namespace?: unknown } | undefined)?.namespace).filter((name): name is string => typeof name === 'string'));
    namespaces.add('default');
    for (const name of namespaces) await cluster.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    for (const { object } of all) {
      const namespace = (object.metadata as { namespace?: string } | undefined)?.namespace ?? 'default';
      for (const name of serviceAccountsUsed(object)) {
        await cluster.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
      }
    }
    const collectionOf = collectionPaths(cluster);
    for (const candidate of all) {
      const collection = await collectionOf(candidate.object);
      const response = collection ? await cluster.request('POST', `${collection}?dryRun=All&fieldValidation=Strict`, candidate.object) : { status: 404, text: 'kind not served' };
      // Validation runs before the storage layer, so "already exists" means the object itself passed.
      const accepted = (response.status >= 200 && response.status < 300) || response.status === 409;
      const server = accepted ? 'accepted' : `rejected (${response.status}: ${String(response.text).slice(0, 300)})`;
      if (candidate.rejecting.length > 0) {
        if (accepted) wrong.push(`${candidate.where}: Kubeward reports ${candidate.rejecting.join('; ')}, but the API server accepted it`);
        else counts.rejectedAsPredicted++;
      } else if (!accepted) wrong.push(`${candidate.where}: Kubeward finds no error that says it is refused, but the API server ${server}`);
      else counts.acceptedAsPredicted++;
    }
  } finally {
    await cluster.stop();
  }
  console.log(`dry run: ${all.length} objects; ${counts.rejectedAsPredicted} rejected and ${counts.acceptedAsPredicted} accepted as Kubeward predicted; ${wrong.length} wrong`);
  assert.deepEqual(wrong, []);
});
