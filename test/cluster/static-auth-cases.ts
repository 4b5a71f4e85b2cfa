/**
 * Generated static token files and ABAC policy files for the static-auth oracle: a few users with tokens, groups
 * and the ways people write CSV (quotes, CRLF, blank lines, a trailing empty field), and ABAC lines in the v1beta1,
 * unversioned and YAML forms, then zero to three mutations that kube-apiserver may or may not accept (stray
 * quotes, short records, comment lines in the CSV, invalid JSON, wrong types and kinds, lines that are not
 * objects, misspelt fields). Tokens are hex, so that they can be sent as bearer tokens.
 */
import { chance, pick, type Random } from './validation-data';

export interface StaticAuthCase {
  index: number;
  tokenText: string;
  abacText: string;
  modes: string[];
  mutations: string[];
  /** Both files, for reports. */
  text: string;
}

export const USERS = [
  { name: 'alice', uid: '1001', groups: ['developers'] },
  { name: 'bob', uid: '1002', groups: [] },
  { name: 'Lee, Sam', uid: '1003', groups: ['viewers', 'developers'] },
  { name: 'ci-bot', uid: '1004', groups: ['deployers'] },
  { name: 'root', uid: '0', groups: ['system:masters'] },
];
export const GROUPS = ['developers', 'viewers', 'deployers', 'system:authenticated', 'system:unauthenticated'];

const hex = (random: Random, length: number) => Array.from({ length }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
const quoteIfNeeded = (value: string, always: boolean) => (always || /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function tokenLines(random: Random): string[] {
  const count = 1 + Math.floor(random() * 4);
  const users = [...USERS].sort(() => random() - 0.5).slice(0, count);
  const quoteAll = chance(random, 0.2);
  return users.map((user) => {
    const fields = [hex(random, chance(random, 0.8) ? 32 : 12), user.name, user.uid].map((field) => quoteIfNeeded(field, quoteAll));
    if (user.groups.length > 0) fields.push(quoteIfNeeded(user.groups.join(','), quoteAll));
    else if (chance(random, 0.2)) fields.push('');
    return fields.join(',');
  });
}

function abacSubject(random: Random): Record<string, string> {
  const roll = random();
  if (roll < 0.4) return { user: pick(random, [...USERS.map((user) => user.name), '*']) };
  if (roll < 0.8) return { group: pick(random, [...GROUPS, '*']) };
  if (roll < 0.9) return { user: pick(random, USERS).name, group: pick(random, GROUPS) };
  return {};
}

function abacTarget(random: Random): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  if (chance(random, 0.8)) {
    target.resource = pick(random, ['pods', 'secrets', '*', 'deployments', 'configmaps', 'pods/exec', 'namespaces']);
    if (chance(random, 0.7)) target.namespace = pick(random, ['shop', 'default', '*', '']);
    if (chance(random, 0.5)) target.apiGroup = pick(random, ['', 'apps', '*']);
  }
  if (chance(random, 0.3)) target.nonResourcePath = pick(random, ['/version', '/healthz*', '*', '/api/*', '/metrics']);
  if (chance(random, 0.5)) target.readonly = chance(random, 0.5);
  return target;
}

function abacLine(random: Random): string {
  const spec = { ...abacSubject(random), ...abacTarget(random) };
  const roll = random();
  if (roll < 0.65) return JSON.stringify({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec });
  // The unversioned format has no apiGroup or nonResourcePath.
  const { apiGroup: _group, nonResourcePath: _path, ...v0 } = spec;
  if (roll < 0.85) return JSON.stringify(chance(random, 0.3) ? { kind: 'Policy', ...v0 } : v0);
  const entries = Object.entries(v0).map(([key, value]) => `${key}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  return entries.length > 0 ? entries.join(', ').replace(/^/, '!!map {').concat('}') : 'user: alice';
}

type Files = { token: string[]; abac: string[] };
type Mutation = { name: string; apply: (files: Files, random: Random) => boolean };
const someIndex = (lines: string[], random: Random) => Math.floor(random() * lines.length);
const editToken = (edit: (line: string, random: Random) => string) => (files: Files, random: Random) => {
  const index = someIndex(files.token, random);
  files.token[index] = edit(files.token[index], random);
  return true;
};
const editAbac = (edit: (line: string, random: Random) => string | undefined) => (files: Files, random: Random) => {
  const index = someIndex(files.abac, random);
  const edited = edit(files.abac[index], random);
  if (edited === undefined) return false;
  files.abac[index] = edited;
  return true;
};
const addToken = (line: string) => (files: Files, random: Random) => (files.token.splice(someIndex(files.token, random), 0, line), true);
const addAbac = (line: string) => (files: Files, random: Random) => (files.abac.splice(someIndex(files.abac, random), 0, line), true);
const jsonEdit = (change: (object: Record<string, unknown>) => boolean) => editAbac((line) => {
  let object: Record<string, unknown>;
  try {
    object = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return typeof object === 'object' && object !== null && !Array.isArray(object) && change(object) ? JSON.stringify(object) : undefined;
});
const specOf = (object: Record<string, unknown>) => (typeof object.spec === 'object' && object.spec !== null ? (object.spec as Record<string, unknown>) : object);

const MUTATIONS: Mutation[] = [
  { name: 'a quote inside a token field', apply: editToken((line) => line.replace(/^([0-9a-f]{4})/, '$1"')) },
  { name: 'text after a closing quote', apply: editToken((line) => line.replace(/^"?([0-9a-f]+)"?,/, '"$1"x,')) },
  { name: 'an unclosed quote', apply: (files) => (files.token.push('abcdef0123456789abcdef0123456789,zed,9,"developers'), true) },
  { name: 'a record of two fields', apply: editToken((line) => line.split(',').slice(0, 2).join(',')) },
  { name: 'a comment line in the CSV', apply: addToken('# tokens for the shop team') },
  { name: 'a line of spaces in the CSV', apply: addToken('   ') },
  { name: 'an empty token', apply: addToken(',ghost,1009') },
  { name: 'a repeated token', apply: (files) => (files.token.push(`${files.token[0].split(',')[0]},mallory,1010`), true) },
  { name: 'a blank line in the CSV', apply: addToken('') },
  { name: 'a space before a user name', apply: editToken((line) => line.replace(/^([^,]+),/, '$1, ')) },
  { name: 'a fifth column', apply: editToken((line) => `${line.split(',').length < 4 ? `${line},` : line},extra`) },
  { name: 'CRLF line ends', apply: (files) => ((files.token = files.token.map((line) => `${line}\r`)), true) },
  { name: 'invalid JSON', apply: editAbac((line) => (line.startsWith('{') ? line.slice(0, -1) : undefined)) },
  { name: 'readonly as a string', apply: jsonEdit((object) => ((specOf(object).readonly = 'true'), true)) },
  { name: 'a user as a number', apply: jsonEdit((object) => ((specOf(object).user = 5), true)) },
  { name: 'spec as a list', apply: jsonEdit((object) => (object.spec ? ((object.spec = []), true) : false)) },
  { name: 'apiVersion v1', apply: jsonEdit((object) => (object.apiVersion ? ((object.apiVersion = 'abac.authorization.kubernetes.io/v1'), true) : false)) },
  { name: 'no kind', apply: jsonEdit((object) => (object.kind ? (delete object.kind, true) : false)) },
  { name: 'kind in lower case', apply: jsonEdit((object) => (object.kind ? ((object.kind = 'policy'), true) : false)) },
  { name: 'Kind with a capital K', apply: jsonEdit((object) => (object.kind ? (delete object.kind, (object.Kind = 'Policy'), true) : false)) },
  { name: 'apiVersion v0', apply: jsonEdit((object) => (object.apiVersion && !object.spec ? ((object.apiVersion = 'abac.authorization.kubernetes.io/v0'), true) : false)) },
  { name: 'an apiVersion of three parts', apply: jsonEdit((object) => ((object.apiVersion = 'abac/authorization/v1beta1'), true)) },
  { name: 'apiVersion as a number', apply: jsonEdit((object) => ((object.apiVersion = 1), true)) },
  { name: 'a list line', apply: addAbac('["user", "alice"]') },
  { name: 'a null line', apply: addAbac('null') },
  { name: 'a document marker line', apply: addAbac('---') },
  { name: 'a string line', apply: addAbac('"alice"') },
  { name: 'a misspelt field', apply: jsonEdit((object) => {
    const spec = specOf(object);
    if (!('resource' in spec)) return false;
    spec.resources = spec.resource;
    delete spec.resource;
    return true;
  }) },
  { name: 'spec fields at the top level', apply: jsonEdit((object) => (object.spec ? (Object.assign(object, object.spec), delete object.spec, true) : false)) },
  { name: 'a spec without apiVersion', apply: jsonEdit((object) => (object.spec ? (delete object.apiVersion, true) : false)) },
  { name: 'a comment and a blank line', apply: (files, random) => (files.abac.splice(someIndex(files.abac, random), 0, '  # shop team', ''), true) },
];

export function generateStaticAuthCase(random: Random, index: number): StaticAuthCase {
  const files: Files = { token: tokenLines(random), abac: Array.from({ length: 1 + Math.floor(random() * 5) }, () => abacLine(random)) };
  const mutations: string[] = [];
  const wanted = Math.floor(random() * 4);
  for (let attempt = 0; mutations.length < wanted && attempt < 10; attempt++) {
    const mutation = pick(random, MUTATIONS);
    if (mutation.apply(files, random)) mutations.push(mutation.name);
  }
  const modes = pick(random, [['ABAC', 'RBAC'], ['ABAC', 'RBAC'], ['RBAC', 'ABAC'], ['ABAC']]);
  const tokenText = `${files.token.join('\n')}\n`;
  const abacText = `${files.abac.join('\n')}\n`;
  return { index, tokenText, abacText, modes, mutations, text: `# --authorization-mode=${modes.join(',')}\n# tokens.csv\n${tokenText}# policy.jsonl\n${abacText}` };
}
