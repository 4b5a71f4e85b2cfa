/**
 * Image pull credentials as the kubelet reads them from a Secret (k8s.io/kubernetes pkg/credentialprovider): a
 * `kubernetes.io/dockerconfigjson` Secret's `.dockerconfigjson` holds `{"auths": {registry: entry}}`, a
 * `kubernetes.io/dockercfg` Secret's `.dockercfg` holds `{registry: entry}`. An entry's `auth`, when present, is
 * base64 of `user:password` and replaces its `username` and `password`. Only registries and user names leave this
 * module; passwords, tokens and `auth` strings are read to check them, never returned.
 */

export const PULL_SECRET_KEYS = {
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
  'kubernetes.io/dockercfg': '.dockercfg',
} as const;

export type PullSecretType = keyof typeof PULL_SECRET_KEYS;

export function isPullSecretType(type: string): type is PullSecretType {
  return Object.hasOwn(PULL_SECRET_KEYS, type);
}

export interface RegistryLogin {
  registry: string;
  /** As the kubelet reads it: from `auth` when that is set, else `username`. */
  username?: string;
}

export type PullCredentials = { logins: RegistryLogin[] } | { problem: string; refusedByApiServer?: true };

/**
 * The logins of a pull secret's JSON, or why the kubelet cannot read it (then every pull of its pods fails).
 * JSON that is not an object at all the API server already refuses for these types.
 */
export function registryLogins(json: string, type: PullSecretType): PullCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { problem: 'it is not JSON', refusedByApiServer: true };
  }
  if (parsed === null) return { logins: [] };
  if (!isObject(parsed)) return { problem: `it is ${jsonType(parsed)}, not an object`, refusedByApiServer: true };
  const registries = type === 'kubernetes.io/dockerconfigjson' ? goField(parsed, 'auths') : parsed;
  if (registries === undefined || registries === null) return { logins: [] };
  if (!isObject(registries)) return { problem: `"auths" is ${jsonType(registries)}, not an object` };
  const logins: RegistryLogin[] = [];
  for (const [registry, entry] of Object.entries(registries)) {
    if (entry === null) {
      logins.push({ registry });
      continue;
    }
    if (!isObject(entry)) return { problem: `the entry of "${registry}" is ${jsonType(entry)}, not an object` };
    for (const field of ['username', 'password', 'email', 'auth']) {
      const value = goField(entry, field);
      if (value !== undefined && value !== null && typeof value !== 'string') return { problem: `"${field}" of "${registry}" is ${jsonType(value)}, not a string` };
    }
    const auth = goField(entry, 'auth');
    if (typeof auth === 'string' && auth.length > 0) {
      const user = userOfAuth(auth);
      if (user === undefined) return { problem: `the "auth" of "${registry}" is not base64 of user:password` };
      logins.push({ registry, ...(user ? { username: user } : {}) });
      continue;
    }
    const username = goField(entry, 'username');
    logins.push({ registry, ...(typeof username === 'string' && username ? { username } : {}) });
  }
  return { logins };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Go's encoding/json matches field names case-insensitively; of several matching keys, the last one wins. */
function goField(object: Record<string, unknown>, name: string): unknown {
  let found: unknown;
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === name) found = value;
  return found;
}

/**
 * The user name inside an `auth` value, or undefined when the kubelet cannot decode it: padded base64 when it
 * ends with "=", unpadded otherwise (line breaks are skipped), and a colon between user and password.
 */
function userOfAuth(auth: string): string | undefined {
  const compact = auth.replace(/[\r\n]/g, '');
  const padded = auth.trim().endsWith('=');
  const valid = padded ? /^[A-Za-z0-9+/]*={1,2}$/.test(compact) && compact.length % 4 === 0 : /^[A-Za-z0-9+/]*$/.test(compact) && compact.length % 4 !== 1;
  if (!valid) return undefined;
  const text = Buffer.from(compact, 'base64').toString('latin1');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : Buffer.from(text.slice(0, colon), 'latin1').toString('utf8');
}
