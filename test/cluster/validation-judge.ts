/**
 * The two sides of the validation oracle. The API server's side: an object posted as YAML with a server-side dry
 * run, under strict and under ignoring field validation, read into accepted-or-rejected with the field paths its
 * answer names. Kubeward's side: the same text linted, its errors split into "rejected" and "never takes effect",
 * each at the YAML path it points to, and the object's meaning (RBAC policy, NetworkPolicy) as the engine reads it.
 */
import { stringify } from 'yaml';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { relativePolicy } from '../../server/src/engine/analysis/rbac/extract';
import { relativeNetworkPolicy } from '../../server/src/engine/analysis/netpol/policy';
import { StreamLinter, type Finding } from '../../server/src/engine/linter';
import { ManifestDocument } from '../../server/src/engine/model/document';
import { nodeAtOffset, nodeAtPath, type PathSegment } from '../../server/src/engine/model/nodes';
import { RULES, ruleById } from '../../server/src/engine/rules/index';
import { validationErrors } from '../../server/src/engine/validation/index';
import type { TestCluster } from './cluster';

export type Path = PathSegment[];

export interface ServerVerdict {
  accepted: boolean;
  status: number;
  message: string;
  /** The field paths the rejection names; empty when it names none (YAML syntax, an unserved kind). */
  fields: Path[];
  /** The object as stored, when accepted. */
  stored?: Record<string, unknown>;
}

const RESOURCES: Record<string, string> = {
  Role: 'roles',
  ClusterRole: 'clusterroles',
  RoleBinding: 'rolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
  NetworkPolicy: 'networkpolicies',
  CertificateSigningRequest: 'certificatesigningrequests',
  ServiceAccount: 'serviceaccounts',
  Secret: 'secrets',
  Namespace: 'namespaces',
  Pod: 'pods',
  PodTemplate: 'podtemplates',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  DaemonSet: 'daemonsets',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
};

/** Posts `yaml` as `kind` of `apiVersion` with a dry run; `namespace` is undefined for cluster-scoped kinds. */
export async function judgeByServer(cluster: TestCluster, yaml: string, apiVersion: string, kind: string, namespace: string | undefined, validation: 'Strict' | 'Ignore'): Promise<ServerVerdict> {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const collection = `${base}${namespace ? `/namespaces/${namespace}` : ''}/${RESOURCES[kind]}`;
  const response = await cluster.request('POST', `${collection}?dryRun=All&fieldValidation=${validation}`, yaml, undefined, { 'content-type': 'application/yaml' });
  if (response.status >= 500) throw new Error(`the API server failed: ${response.status} ${response.text}`);
  const accepted = (response.status >= 200 && response.status < 300) || response.status === 409;
  const message = String(response.body?.message ?? response.text);
  if (accepted) return { accepted, status: response.status, message: '', fields: [], stored: response.body };
  const causes: { field?: string }[] = response.body?.details?.causes ?? [];
  const strictFields = [...message.matchAll(/(?:unknown|duplicate) field "([^"]+)"/g)].map((match) => match[1]);
  const fields = [...causes.flatMap((cause) => (cause.field ? [cause.field] : [])), ...strictFields].map(parseFieldPath);
  return { accepted, status: response.status, message, fields };
}

/** Reads `spec.ingress[0].from[0]`, `data[tls.crt]` or `metadata.annotations[example.com/x]` into path segments. */
export function parseFieldPath(field: string): Path {
  const path: Path = [];
  let current = '';
  for (let index = 0; index < field.length; index++) {
    const character = field[index];
    if (character === '.') {
      if (current) path.push(current);
      current = '';
    } else if (character === '[') {
      if (current) path.push(current);
      current = '';
      const close = field.indexOf(']', index);
      const inside = field.slice(index + 1, close === -1 ? field.length : close);
      path.push(/^\d+$/.test(inside) ? Number(inside) : inside);
      index = close === -1 ? field.length : close;
    } else current += character;
  }
  if (current) path.push(current);
  return path;
}

export interface KubewardVerdict {
  /** Error findings that say the API server refuses the object. */
  rejecting: { finding: Finding; path: Path }[];
  /** Error findings that say the object is stored but never takes effect. */
  ineffective: Finding[];
  document?: ManifestDocument;
}

const linter = new StreamLinter(RULES);

export function judgeByKubeward(yaml: string): KubewardVerdict {
  const analysis = linter.lint(yaml, DEFAULT_CONFIG);
  const errors = analysis.findings.filter((finding) => finding.severity === 'error');
  const entry = analysis.documents[0];
  const pathOf = (finding: Finding): Path => {
    if (!entry) return [];
    return nodeAtOffset(entry.document.root, finding.range.start - entry.offset)?.path ?? [];
  };
  return {
    rejecting: errors.filter((finding) => !ruleById(finding.ruleId)?.meta.ineffective).map((finding) => ({ finding, path: pathOf(finding) })),
    ineffective: errors.filter((finding) => ruleById(finding.ruleId)?.meta.ineffective),
    document: entry?.document,
  };
}

/** The longest start of `path` that is written in the document. */
export function presentPrefix(document: ManifestDocument | undefined, path: Path): Path {
  for (let length = path.length; length > 0; length--) {
    const target = nodeAtPath(document?.root, path.slice(0, length));
    if (target && (target.key || target.value)) return path.slice(0, length);
  }
  return [];
}

const startsWith = (path: Path, prefix: Path) => prefix.every((segment, index) => String(path[index]) === String(segment));

/**
 * The API server's fields that no rejecting finding of Kubeward points at (at the field, inside it, or at its
 * nearest written parent), and that Kubeward's validation does not name either: a Namespace's name becomes a label
 * value, so the API server names the labels for a name that Kubeward reports at the name.
 */
export function unlocatedFields(server: ServerVerdict, kubeward: KubewardVerdict): Path[] {
  const named = new Set(
    kubeward.document ? validationErrors(kubeward.document).filter((error) => !ruleById(error.rule)?.meta.ineffective).map((error) => JSON.stringify(error.path.map(String))) : [],
  );
  return server.fields.filter((field) => {
    if (named.has(JSON.stringify(field.map(String)))) return false;
    const anchor = presentPrefix(kubeward.document, field);
    return !kubeward.rejecting.some(({ path }) => startsWith(path, anchor));
  });
}

/** What an object means to the engine, without where it is written: RBAC policy data or NetworkPolicy data. */
export function meaningOf(document: ManifestDocument | undefined): string | undefined {
  if (!document) return undefined;
  // Maps are compared as sets of keys: the API server writes them sorted, the manifest in any order.
  const withoutPlaces = (value: unknown) =>
    JSON.stringify(value, (key, item: unknown) => {
      if (key === 'source' || key === 'roleRefNameSource') return undefined;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
      return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    });
  const policy = relativePolicy(document);
  if (policy.roles.length > 0 || policy.bindings.length > 0) return withoutPlaces(policy);
  const networkPolicy = relativeNetworkPolicy(document);
  return networkPolicy ? withoutPlaces(networkPolicy) : undefined;
}

/** The stored object as a document Kubeward reads, for comparing meanings. */
export function storedDocument(stored: Record<string, unknown>): ManifestDocument {
  return new ManifestDocument(stringify(stored, { lineWidth: 0 }));
}
