/**
 * An EncryptionConfiguration (apiserver.config.k8s.io/v1, kube-apiserver's --encryption-provider-config) read as
 * kube-apiserver reads it (k8s.io/apiserver pkg/apis/apiserver/validation/validation_encryption.go and
 * pkg/server/options/encryptionconfig/config.go, v0.36): what makes it refuse to start, and for each resource the
 * providers that apply, in order. The first provider of the first entry naming a resource writes it; every other
 * provider of the entries naming it only reads, so data written before a key rotation stays readable. A resource
 * named exactly wins over `*.group`, which wins over `*.*`; a resource not covered at all is stored in plain text.
 */
import type { PathSegment } from '../../model/nodes';
import { decodeBase64 } from '../credentials/decode';
import { closest } from '../spelling';
import { resourcesOf, isServedGroup } from '../../reference/rbac-reference';
import { list, record, text, type Data } from '../../validation/data';
import { goDurationNanoseconds } from '../../validation/go-duration';
import { decodeProblems, type DecodeProblem, type Shape } from './go-shape';

export const PROVIDER_KINDS = ['aesgcm', 'aescbc', 'secretbox', 'identity', 'kms'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

const KEYS: Shape = { list: { object: { name: 'string', secret: 'string' } } };

const SHAPE: Shape = {
  object: {
    apiVersion: 'string',
    kind: 'string',
    resources: {
      list: {
        object: {
          resources: { list: 'string' },
          providers: {
            list: {
              object: {
                aesgcm: { object: { keys: KEYS } },
                aescbc: { object: { keys: KEYS } },
                secretbox: { object: { keys: KEYS } },
                identity: { object: {} },
                kms: { object: { apiVersion: 'string', name: 'string', cachesize: 'int32', endpoint: 'string', timeout: 'duration' } },
              },
            },
          },
        },
      },
    },
  },
};

const KEY_SIZES: Record<string, number[]> = { aesgcm: [16, 24, 32], aescbc: [16, 24, 32], secretbox: [32] };

export interface ProviderRef {
  entry: number;
  index: number;
  kind: ProviderKind | undefined;
  /** For kms: the API version after defaulting (v1 when unset). */
  kmsVersion?: string;
}

export interface EncryptionReading {
  /** Why kube-apiserver refuses the file, and fields it ignores. */
  problems: DecodeProblem[];
  /** The providers in force for a group and resource, writer first; [] when none (stored in plain text). */
  providersFor(group: string, resource: string): ProviderRef[];
  /** Resources written in the file that no built-in API serves (in built-in groups only), with a likely meant one. */
  unknownResources: { path: PathSegment[]; resource: string; suggestion?: string }[];
  /** Providers of a kind that write: each with the resources it writes. */
  writers(kind: ProviderKind): { entry: number; index: number; resources: string[] }[];
  /** KMS providers of API version v1. */
  kmsV1: ProviderRef[];
}

interface GroupResource {
  group: string;
  resource: string;
}

/** As apimachinery's schema.ParseGroupResource: `deployments.apps`, `secrets`, `*.`, `*.*`. */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf('.');
  return dot < 0 ? { group: '', resource: text } : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

export function readEncryptionConfiguration(object: Data, kubernetesMinor: number): EncryptionReading {
  // Its decoder is strict: an unknown or repeated field stops kube-apiserver.
  const problems = decodeProblems(object, SHAPE, { strict: true });
  const decodable = !problems.some((problem) => problem.kind === 'refused');
  const entries = (decodable ? list(object.resources) ?? [] : []).map((entry) => record(entry) ?? {});
  if (decodable) problems.push(...validate(entries, kubernetesMinor));
  const byResource = new Map<string, ProviderRef[]>();
  const unknownResources: EncryptionReading['unknownResources'] = [];
  const providersOf = entries.map((entry, entryIndex) => (list(entry.providers) ?? []).map((provider, index) => providerRef(record(provider) ?? {}, entryIndex, index)));
  entries.forEach((entry, entryIndex) => {
    (list(entry.resources) ?? []).forEach((written, index) => {
      const name = text(written) ?? '';
      const { group, resource } = parseGroupResource(name);
      const key = `${group}/${resource}`;
      byResource.set(key, [...(byResource.get(key) ?? []), ...providersOf[entryIndex]]);
      if (resource !== '*' && group !== '*' && isServedGroup(group) && !resourcesOf(group).has(resource)) {
        const suggestion = closest(resource, resourcesOf(group).keys());
        unknownResources.push({ path: ['resources', entryIndex, 'resources', index], resource: name, ...(suggestion ? { suggestion: group ? `${suggestion}.${group}` : suggestion } : {}) });
      }
    });
  });
  const providersFor = (group: string, resource: string) => byResource.get(`${group}/${resource}`) ?? byResource.get(`${group}/*`) ?? byResource.get('*/*') ?? [];
  return {
    problems,
    unknownResources,
    providersFor,
    writers: (kind) => entries.flatMap((entry, entryIndex) => {
      const first = providersOf[entryIndex][0];
      if (first?.kind !== kind) return [];
      // An entry's first provider writes the resources for which this entry is the first that applies.
      const resources = (list(entry.resources) ?? []).map((item) => text(item) ?? '').filter((name) => {
        const { group, resource } = parseGroupResource(name);
        const writer = (byResource.get(`${group}/${resource}`) ?? [])[0];
        return writer?.entry === entryIndex && writer.index === 0;
      });
      return resources.length > 0 ? [{ entry: entryIndex, index: 0, resources }] : [];
    }),
    kmsV1: providersOf.flat().filter((provider) => provider.kind === 'kms' && provider.kmsVersion === 'v1'),
  };
}

function providerRef(provider: Data, entry: number, index: number): ProviderRef {
  const kind = PROVIDER_KINDS.find((candidate) => provider[candidate] !== undefined && provider[candidate] !== null);
  if (kind !== 'kms') return { entry, index, kind };
  return { entry, index, kind, kmsVersion: text(record(provider.kms)?.apiVersion) || 'v1' };
}

/** ValidateEncryptionConfiguration, then what building the transformers refuses (masking, KMS v1). */
function validate(entries: Data[], kubernetesMinor: number): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  const refuse = (path: PathSegment[], message: string) => problems.push({ path, kind: 'refused', message });
  if (entries.length === 0) {
    refuse(['resources'], 'needs at least one entry');
    return problems;
  }
  const kmsNames = new Set<string>();
  const configured = new Set<string>();
  entries.forEach((entry, entryIndex) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['resources', entryIndex, ...rest];
    const resources = (list(entry.resources) ?? []).map((item) => text(item) ?? '');
    if (resources.length === 0) refuse(at('resources'), 'needs at least one resource');
    resourceListProblems(resources).forEach((message) => refuse(at('resources'), message));
    resources.forEach((resource, index) => {
      const problem = resourceNameProblem(resource);
      if (problem) refuse(at('resources', index), problem);
    });
    const providers = list(entry.providers) ?? [];
    if (providers.length === 0) refuse(at('providers'), 'needs at least one provider');
    providers.forEach((item, index) => {
      const provider = record(item) ?? {};
      const present = PROVIDER_KINDS.filter((kind) => provider[kind] !== undefined && provider[kind] !== null);
      if (present.length === 0) return refuse(at('providers', index), 'names none of the providers aesgcm, aescbc, secretbox, identity or kms');
      if (present.length > 1) return refuse(at('providers', index), `names ${present.join(' and ')} in one list item; each provider needs an item of its own`);
      const kind = present[0];
      const settings = record(provider[kind]) ?? {};
      if (kind === 'kms') kmsProblems(settings, at('providers', index, 'kms'), kmsNames, kubernetesMinor).forEach((problem) => problems.push(problem));
      else if (kind !== 'identity') keyProblems(list(settings.keys) ?? [], at('providers', index, kind, 'keys'), KEY_SIZES[kind]).forEach((problem) => problems.push(problem));
    });
    // Building the transformers: a resource after a wildcard of an earlier entry that covers it is masked.
    resources.forEach((resource, index) => {
      const { group } = parseGroupResource(resource);
      const masking = configured.has(`${group}/*`) ? `*.${group}` : configured.has('*/*') ? '*.*' : undefined;
      if (masking) refuse(at('resources', index), `is masked by "${masking}" in an earlier entry, which kube-apiserver refuses`);
    });
    resources.forEach((resource) => {
      const { group, resource: name } = parseGroupResource(resource);
      configured.add(`${group}/${name}`);
    });
  });
  return problems;
}

/** validateResourceOverlap: one message each for duplicates and overlaps within one list. */
function resourceListProblems(resources: string[]): string[] {
  if (resources.length < 2) return [];
  const parsed = resources.map(parseGroupResource);
  let duplicate = false;
  let overlap = false;
  parsed.forEach((a, i) => parsed.forEach((b, j) => {
    if (i === j) return;
    if (a.group === b.group && a.resource === b.resource && !duplicate) {
      duplicate = true;
      return;
    }
    if (overlap) return;
    if (a.group === '*' && a.resource === '*') overlap = true;
    else if (a.group === b.group && (a.resource === '*' || b.resource === '*')) overlap = true;
  }));
  return [
    ...(duplicate ? ['names the same resource twice'] : []),
    ...(overlap ? ['names a resource and a wildcard that covers it; kube-apiserver refuses overlapping resources in one list'] : []),
  ];
}

function resourceNameProblem(resource: string): string | undefined {
  if (resource.toLowerCase() !== resource) return 'must be lower case';
  if (resource === '*') return 'is not allowed: write "*." for every resource of the core group or "*.*" for every resource';
  if (['apiserveripinfo', 'serviceipallocations', 'servicenodeportallocations'].includes(resource)) return 'is not served through a REST API and cannot be encrypted';
  const { group, resource: name } = parseGroupResource(resource);
  if (group === 'events.k8s.io') return 'is stored under the "events" group: write "events" instead';
  if (group === 'extensions') return 'names the removed "extensions" group';
  if (group === '*' && name !== '*') return 'names a resource in every group, which is not supported';
  return undefined;
}

function keyProblems(keys: unknown[], path: PathSegment[], sizes: number[]): DecodeProblem[] {
  if (keys.length === 0) return [{ path, kind: 'refused', message: 'needs at least one key' }];
  return keys.flatMap((item, index): DecodeProblem[] => {
    const key = record(item) ?? {};
    const at = [...path, index];
    const problems: DecodeProblem[] = [];
    if (!text(key.name)) problems.push({ path: [...at, 'name'], kind: 'refused', message: 'is required' });
    const secret = text(key.secret) ?? '';
    if (!secret) return [...problems, { path: [...at, 'secret'], kind: 'refused', message: 'is required' }];
    const decoded = decodeBase64(secret);
    if (!('bytes' in decoded)) return [...problems, { path: [...at, 'secret'], kind: 'refused', message: 'must be standard base64' }];
    const bytes = decoded.bytes.length;
    if (!sizes.includes(bytes)) problems.push({ path: [...at, 'secret'], kind: 'refused', message: `decodes to ${bytes} bytes; this provider needs ${sizes.length > 1 ? `${sizes.slice(0, -1).join(', ')} or ${sizes[sizes.length - 1]}` : sizes[0]}` });
    return problems;
  });
}

function kmsProblems(kms: Data, path: PathSegment[], names: Set<string>, kubernetesMinor: number): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  const refuse = (field: string, message: string) => problems.push({ path: [...path, field], kind: 'refused', message });
  const version = text(kms.apiVersion) || 'v1';
  const name = text(kms.name) ?? '';
  if (!name) refuse('name', 'is required');
  if (version !== 'v1' && name.includes(':')) refuse('name', 'must not contain ":"');
  if (version !== 'v1' && names.has(name)) refuse('name', `"${name}" is the name of another KMS provider`);
  names.add(name);
  const timeout = kms.timeout === undefined || kms.timeout === null ? undefined : String(kms.timeout);
  if (timeout !== undefined && !((goDurationNanoseconds(timeout) ?? 0n) > 0n)) refuse('timeout', 'must be positive');
  const endpoint = text(kms.endpoint) ?? '';
  if (!endpoint) refuse('endpoint', 'is required');
  else if (!/^unix:/i.test(endpoint)) refuse('endpoint', 'must be a unix:// socket, the only scheme supported');
  if (version !== 'v1' && kms.cachesize !== undefined && kms.cachesize !== null) refuse('cachesize', 'is not supported in KMS v2');
  if (version === 'v1' && kms.cachesize === 0) refuse('cachesize', 'must be positive, or negative to turn the cache off');
  if (version !== 'v1' && version !== 'v2') refuse('apiVersion', 'must be v1 or v2');
  if (version === 'v1' && kubernetesMinor >= 29) refuse('apiVersion', 'is v1 (the default when unset): KMS v1 is off from Kubernetes 1.29 and kube-apiserver refuses it unless --feature-gates=KMSv1=true');
  return problems;
}
