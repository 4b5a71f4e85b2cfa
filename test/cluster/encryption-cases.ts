/**
 * Generated EncryptionConfigurations for the control-plane oracle: one to three entries of resources (mostly
 * valid, some capitalised, wildcards that overlap or mask, resources that are not stored) and providers (keys of
 * every size, some not base64, identity, KMS v1 and v2), then zero to two mutations that break a rule kube-apiserver
 * checks (types, missing fields, misspelt keys, KMS settings). Seeded, so any case can be replayed.
 */
import { stringify } from 'yaml';
import { chance, pick, type Data, type Random } from './validation-data';

export interface EncryptionCase {
  index: number;
  text: string;
  object: Data;
  mutations: string[];
  /** A KMS provider is named: the API server can start but, with no plugin running, never becomes ready. */
  usesKms: boolean;
}

const VALID_RESOURCES = ['secrets', 'secrets', 'configmaps', 'deployments.apps', 'events', 'leases.coordination.k8s.io', 'serviceaccounts'];
const WILDCARDS = ['*.', '*.*', '*.apps'];
const ODD_RESOURCES = ['Secrets', '*', 'events.events.k8s.io', 'ingresses.extensions', '*.example.com', 'serviceipallocations', 'secret', 'widgets.example.com', '*.*.'];

function bytes(random: Random, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

function keySecret(random: Random, sizes: number[], notes: string[]): unknown {
  const roll = random();
  if (roll < 0.03) {
    notes.push('a key of the wrong length');
    return bytes(random, pick(random, [1, 9, 15, 31, 33, 48])).toString('base64');
  }
  if (roll < 0.045) {
    notes.push('a key in URL-safe base64');
    return bytes(random, 32).toString('base64url');
  }
  if (roll < 0.06) {
    notes.push('a key without padding');
    return bytes(random, 16).toString('base64').replace(/=+$/, '');
  }
  return bytes(random, pick(random, sizes)).toString('base64');
}

function provider(random: Random, notes: string[]): Data {
  const kind = chance(random, 0.07) ? 'kms' : pick(random, ['aesgcm', 'aesgcm', 'aescbc', 'secretbox', 'secretbox', 'identity', 'identity']);
  if (kind === 'identity') return { identity: {} };
  if (kind === 'kms') {
    const version = pick(random, ['v1', 'v2', 'v2', undefined]);
    return { kms: { ...(version ? { apiVersion: version } : {}), name: `plugin${Math.floor(random() * 3)}`, endpoint: 'unix:///tmp/kubeward-no-such-kms.sock', ...(chance(random, 0.5) ? { timeout: pick(random, ['3s', '1m', '500ms']) } : {}) } };
  }
  const sizes = kind === 'secretbox' ? [32] : [16, 24, 32];
  const count = chance(random, 0.7) ? 1 : 2;
  return { [kind]: { keys: Array.from({ length: count }, (_, index) => ({ name: `key${index + 1}`, secret: keySecret(random, sizes, notes) })) } };
}

type Mutation = { name: string; apply: (object: Data, random: Random) => boolean };

const entriesOf = (object: Data) => object.resources as Data[];
const someEntry = (object: Data, random: Random) => pick(random, entriesOf(object));
const someProvider = (object: Data, random: Random) => {
  const providers = someEntry(object, random).providers as Data[];
  return providers.length > 0 ? pick(random, providers) : undefined;
};
const keysOf = (item: Data | undefined) => {
  const settings = item && (item.aesgcm ?? item.aescbc ?? item.secretbox);
  return settings ? ((settings as Data).keys as Data[] | undefined) : undefined;
};

const MUTATIONS: Mutation[] = [
  { name: 'no entries', apply: (object) => ((object.resources = []), true) },
  { name: 'an entry with no resources', apply: (object, random) => ((someEntry(object, random).resources = []), true) },
  { name: 'an entry with no providers', apply: (object, random) => ((someEntry(object, random).providers = []), true) },
  { name: 'a null identity', apply: (object, random) => ((someEntry(object, random).providers as Data[]).push({ identity: null }), true) },
  { name: 'two providers in one item', apply: (object, random) => {
    const item = someProvider(object, random);
    if (!item || item.identity) return false;
    item.identity = {};
    return true;
  } },
  { name: 'a misspelt provider', apply: (object, random) => ((someEntry(object, random).providers as Data[]).unshift({ aesgsm: { keys: [] } }), true) },
  { name: 'misspelt keys', apply: (object, random) => {
    const item = someProvider(object, random);
    const settings = item && ((item.aesgcm ?? item.aescbc ?? item.secretbox) as Data | undefined);
    if (!settings) return false;
    settings.kyes = settings.keys;
    delete settings.keys;
    return true;
  } },
  { name: 'a key without a name', apply: (object, random) => {
    const keys = keysOf(someProvider(object, random));
    if (!keys) return false;
    keys[0].name = '';
    return true;
  } },
  { name: 'a key that is a number', apply: (object, random) => {
    const keys = keysOf(someProvider(object, random));
    if (!keys) return false;
    keys[0].secret = 12345678;
    return true;
  } },
  { name: 'resources as a string', apply: (object, random) => ((someEntry(object, random).resources = 'secrets'), true) },
  { name: 'an unknown field (its decoder is strict)', apply: (object, random) => ((someEntry(object, random).comment = 'rotated in May'), true) },
  { name: 'a KMS setting it refuses', apply: (object, random) => {
    const entry = someEntry(object, random);
    const [field, value] = pick(random, [['timeout', '0s'], ['timeout', '-1s'], ['timeout', 'soon'], ['endpoint', 'tcp://127.0.0.1:1'], ['endpoint', ''], ['name', 'a:b'], ['cachesize', 100], ['cachesize', 0], ['apiVersion', 'v3'], ['name', '']] as const);
    (entry.providers as Data[]).push({ kms: { apiVersion: 'v2', name: 'plugin9', endpoint: 'unix:///tmp/kubeward-no-such-kms.sock', [field]: value } });
    return true;
  } },
];

export function generateEncryptionCase(random: Random, index: number): EncryptionCase {
  const mutations: string[] = [];
  const entries = Array.from({ length: pick(random, [1, 1, 2, 2, 3]) }, () => {
    const count = 1 + Math.floor(random() * 3);
    // A wildcard mostly stands alone: beside anything it covers, kube-apiserver refuses the list.
    const resource = () => (chance(random, 0.06) ? pick(random, ODD_RESOURCES) : chance(random, 0.03) ? pick(random, WILDCARDS) : pick(random, VALID_RESOURCES));
    const resources = chance(random, 0.15) ? [pick(random, WILDCARDS)] : [...new Set(Array.from({ length: count }, resource))];
    if (chance(random, 0.05)) resources.push(resources[0]);
    return { resources, providers: Array.from({ length: 1 + Math.floor(random() * 3) }, () => provider(random, mutations)) };
  });
  const object: Data = { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources: entries };
  const rounds = chance(random, 0.6) ? 0 : chance(random, 0.7) ? 1 : 2;
  for (let round = 0; round < rounds; round++) {
    const mutation = pick(random, MUTATIONS);
    // After "no entries" there is nothing left to change.
    if (entriesOf(object).length > 0 && mutation.apply(object, random)) mutations.push(mutation.name);
  }
  const text = stringify(object);
  return { index, text, object, mutations, usesKms: text.includes('kms:') };
}
