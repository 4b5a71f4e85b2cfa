/**
 * The core kinds Kubeward reads besides pods, as kube-apiserver validates them (pkg/apis/core/validation, v1.36):
 * ServiceAccounts and Secrets are named like DNS subdomains, Namespaces like DNS labels; a Secret's data keys are
 * config keys, its size is limited, and its type asks for certain keys.
 */
import { record, text, type Data } from './data';
import type { FieldErrors } from './errors';
import { configKeyProblems, dnsLabelProblems, dnsSubdomainProblems, labelValueProblems } from './formats';
import { NAMESPACE_NAME_LABEL } from '../model/views/workload';
import { validateFinalizers, validateObjectMeta } from './object-meta';

const MAX_SECRET_BYTES = 1024 * 1024;

export function validateServiceAccount(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
}

export function validateNamespace(object: Data, errors: FieldErrors): void {
  // The API server labels every named Namespace with its own name (kubernetes.io/metadata.name), replacing what is
  // written there; so a name that is no label value is refused twice, the second time naming the labels.
  const name = text(record(object.metadata)?.name);
  validateObjectMeta(object, { name: dnsLabelProblems, assignedLabels: name ? [NAMESPACE_NAME_LABEL] : [] }, errors);
  if (name && labelValueProblems(name).length > 0) {
    errors.add('k8s/invalid-name', 'invalid', ['metadata', 'labels'], 'also becomes the value of the label kubernetes.io/metadata.name, which it cannot be', { path: ['metadata', 'name'] });
  }
  validateFinalizers(record(object.spec)?.finalizers, ['spec', 'finalizers'], errors);
}

/** The keys each Secret type needs (one of them, for basic-auth). */
const REQUIRED_KEYS: Record<string, { keys: string[]; any?: boolean; json?: boolean }> = {
  'kubernetes.io/dockercfg': { keys: ['.dockercfg'], json: true },
  'kubernetes.io/dockerconfigjson': { keys: ['.dockerconfigjson'], json: true },
  'kubernetes.io/basic-auth': { keys: ['username', 'password'], any: true },
  'kubernetes.io/ssh-auth': { keys: ['ssh-privatekey'] },
  'kubernetes.io/tls': { keys: ['tls.crt', 'tls.key'] },
};

export function validateSecret(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
  // The API server merges stringData into data before it validates; each key is judged where it is written.
  const data = secretData(object, errors);
  const total = [...data.values()].reduce((sum, value) => sum + value.length, 0);
  if (total > MAX_SECRET_BYTES) errors.add('k8s/invalid-value', 'tooLong', ['data'], `holds ${total} bytes; a Secret may hold at most 1 MiB`);
  const type = text(object.type) ?? '';
  if (type === 'kubernetes.io/service-account-token') {
    const annotations = record(record(object.metadata)?.annotations);
    if (!text(annotations?.['kubernetes.io/service-account.name'])) {
      const where = annotations ? ['metadata', 'annotations'] : record(object.metadata) ? ['metadata'] : ['type'];
      errors.add('k8s/missing-field', 'required', ['metadata', 'annotations', 'kubernetes.io/service-account.name'], 'must name the ServiceAccount the token is for', { path: where, onKey: true });
    }
    return;
  }
  const required = REQUIRED_KEYS[type];
  if (!required) return;
  const present = required.keys.filter((key) => data.has(key) && (type !== 'kubernetes.io/ssh-auth' || data.get(key)!.length > 0));
  const missing = required.any ? (present.length === 0 ? required.keys : []) : required.keys.filter((key) => !present.includes(key));
  // Pointed at where the key would go: the data map, else the type that asks for it.
  const where = record(object.data) ? ['data'] : record(object.stringData) ? ['stringData'] : ['type'];
  for (const key of missing) errors.add('k8s/missing-field', 'required', ['data', key], `is required in a Secret of type ${type}`, { path: where, onKey: true });
  if (required.json) {
    const key = required.keys[0];
    const value = data.get(key);
    if (value && !isJsonObject(value)) errors.add('k8s/invalid-value', 'invalid', ['data', key], `must hold a JSON object for a Secret of type ${type}`, { path: dataPath(object, key) });
  }
}

/** The decoded bytes of every key of data and stringData (stringData wins), with key problems reported. */
function secretData(object: Data, errors: FieldErrors): Map<string, Uint8Array> {
  const values = new Map<string, Uint8Array>();
  for (const field of ['data', 'stringData'] as const) {
    const map = record(object[field]);
    for (const [key, value] of Object.entries(map ?? {})) {
      for (const problem of configKeyProblems(key)) errors.add('k8s/invalid-value', 'invalid', ['data', key], `is not a valid key: it ${problem}`, { path: [field, key], onKey: true });
      if (value === null || value === undefined) values.set(key, new Uint8Array());
      else if (typeof value === 'string') values.set(key, field === 'data' ? decodeBase64(value) : new TextEncoder().encode(value));
      // The decoder also takes a []byte field as a list of byte values.
      else if (field === 'data' && Array.isArray(value) && value.every((item) => typeof item === 'number')) values.set(key, Uint8Array.from(value as number[]));
    }
  }
  return values;
}

function dataPath(object: Data, key: string): (string | number)[] {
  return record(object.stringData)?.[key] !== undefined ? ['stringData', key] : ['data', key];
}

function decodeBase64(value: string): Uint8Array {
  try {
    return Uint8Array.from(atob(value.replace(/\s+/g, '')), (character) => character.charCodeAt(0));
  } catch {
    // Not base64: k8s/invalid-value reports the format from the schema.
    return new Uint8Array();
  }
}

/** Whether bytes decode as JSON whose top level is an object, as Go's json.Unmarshal into a map requires (null is accepted too). */
function isJsonObject(bytes: Uint8Array): boolean {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    return parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed));
  } catch {
    return false;
  }
}
