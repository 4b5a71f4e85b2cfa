/**
 * `kubeward can-i`, `who-can` and `access`: the RBAC questions kubectl asks a live cluster, answered offline
 * from manifests (the files named with -f, by default the current directory) plus the built-in policy.
 */
import { parseArgs } from 'node:util';
import { userFromName, type Grant, type UserInfo } from '../engine/analysis/rbac/authorizer';
import { RISKS, risksOf } from '../engine/analysis/rbac/risks';
import { DEFAULT_CONFIG } from '../engine/config';
import { resolveResourceName, resourceInfo } from '../engine/reference/rbac-reference';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes';
import { describeSource, loadPolicy, type LoadedPolicy } from './policy-files';

export interface AccessIo {
  write(text: string): void;
  error(text: string): void;
  readStdin(): Buffer;
}

export class AccessUsageError extends Error {}

const COMMON_OPTIONS = {
  filename: { type: 'string', short: 'f', multiple: true },
  namespace: { type: 'string', short: 'n' },
} as const;

function load(files: string[] | undefined, io: AccessIo): LoadedPolicy {
  const loaded = loadPolicy(files?.length ? files : ['.'], io.readStdin, DEFAULT_CONFIG);
  if (loaded.errors.length > 0) throw new AccessUsageError(loaded.errors.join('; '));
  return loaded;
}

interface Target {
  kind: 'resource' | 'nonResource';
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  path: string;
}

/** Reads `VERB RESOURCE[/SUBRESOURCE] [NAME]` or `VERB /non/resource/url` as kubectl writes them. */
function readTarget(positionals: string[], namespaceOption: string | undefined): Target {
  const [verb, what, name] = positionals;
  if (!verb || !what) throw new AccessUsageError('expected VERB and RESOURCE (or a non-resource URL such as /healthz)');
  if (what.startsWith('/')) return { kind: 'nonResource', verb, apiGroup: '', resource: '', path: what };
  const resolved = resolveResourceName(what);
  if (!resolved) throw new AccessUsageError(`unknown resource type "${what}"; name a custom resource as <plural>.<group>`);
  const info = resourceInfo(resolved.group, resolved.resource);
  // Like kubectl, a namespaced resource is asked about in the given namespace, else in "default".
  const namespaced = info ? info.namespaced || resolved.resource === 'namespaces' : true;
  const namespace = info?.namespaced ? (namespaceOption ?? 'default') : resolved.resource === 'namespaces' ? name : namespaced ? namespaceOption : undefined;
  return {
    kind: 'resource',
    verb,
    apiGroup: resolved.group,
    resource: resolved.resource,
    ...(resolved.subresource ? { subresource: resolved.subresource } : {}),
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    path: '',
  };
}

function describeGrant(loaded: LoadedPolicy, grant: Grant): string {
  const { binding, role } = grant;
  const bindingName = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
  const roleName = role.namespace ? `${role.namespace}/${role.name}` : role.name;
  // A rule of an aggregated ClusterRole is written in another role; say which, since that is where to change it.
  const author = loaded.workspace.authorizer().definingRole(grant.rule);
  const writtenIn = author && author !== role ? `, written in ${author.kind} ${author.name}` : '';
  return `${binding.kind} ${bindingName} (${describeSource(loaded, binding.source)}) -> ${role.kind} ${roleName}, rule ${grant.ruleIndex + 1} (${describeSource(loaded, grant.rule.source)}${writtenIn})`;
}

export function runCanI(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, as: { type: 'string' }, 'as-group': { type: 'string', multiple: true }, explain: { type: 'boolean', default: false } },
  });
  if (!values.as) throw new AccessUsageError('--as USER is required: kubeward answers from manifests, not as the current cluster user');
  const target = readTarget(positionals, values.namespace);
  const loaded = load(values.filename, io);
  const user: UserInfo = userFromName(values.as, values['as-group'] ?? []);
  const decision = loaded.workspace.authorizer().authorize(
    target.kind === 'nonResource'
      ? { kind: 'nonResource', user, verb: target.verb, path: target.path }
      : { kind: 'resource', user, verb: target.verb, apiGroup: target.apiGroup, resource: target.resource, subresource: target.subresource, name: target.name, namespace: target.namespace },
  );
  io.write(decision.allowed ? 'yes\n' : 'no\n');
  if (values.explain) {
    if (decision.allowed) for (const grant of decision.grants) io.write(`  granted by ${describeGrant(loaded, grant)}\n`);
    else io.write(`  no binding in the manifests or the built-in policy grants it to ${user.name} (groups: ${user.groups.join(', ')})\n`);
  }
  return decision.allowed ? EXIT_OK : EXIT_FINDINGS;
}

export function runWhoCan(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS } });
  const target = readTarget(positionals, values.namespace);
  const loaded = load(values.filename, io);
  const entries = loaded.workspace.authorizer().whoCan(
    target.kind === 'nonResource'
      ? { verb: target.verb, path: target.path }
      : { verb: target.verb, apiGroup: target.apiGroup, resource: target.resource, subresource: target.subresource, name: target.name, namespace: target.namespace },
  );
  if (entries.length === 0) io.write('No subject can.\n');
  // What the manifests grant comes first; the built-in policy's system users and controllers follow.
  const ordered = [...entries.filter((entry) => !entry.binding.builtIn), ...entries.filter((entry) => entry.binding.builtIn)];
  for (const entry of ordered) {
    const subject = entry.subject.namespace ? `${entry.subject.kind} ${entry.subject.namespace}/${entry.subject.name}` : `${entry.subject.kind} ${entry.subject.name}`;
    io.write(`${subject}  via ${describeGrant(loaded, entry)}\n`);
  }
  return EXIT_OK;
}

/** `User:jane`, `jane`, `Group:devs`, `ServiceAccount:ns:name` or `system:serviceaccount:ns:name`. */
function readSubject(text: string | undefined, groups: string[]): UserInfo {
  if (!text) throw new AccessUsageError('expected a SUBJECT: User:NAME, Group:NAME or ServiceAccount:NAMESPACE:NAME');
  const [kind, ...rest] = text.split(':');
  if (kind === 'Group' && rest.length > 0) return { name: '', groups: [rest.join(':'), ...groups] };
  if (kind === 'ServiceAccount' && rest.length === 2) return userFromName(`system:serviceaccount:${rest[0]}:${rest[1]}`, groups);
  if (kind === 'User' && rest.length > 0) return userFromName(rest.join(':'), groups);
  return userFromName(text, groups);
}

export function runAccess(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filename: COMMON_OPTIONS.filename, 'as-group': { type: 'string', multiple: true }, format: { type: 'string', default: 'text' } },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new AccessUsageError(`--format must be text or json, not "${values.format}"`);
  const user = readSubject(positionals[0], values['as-group'] ?? []);
  const loaded = load(values.filename, io);
  const entries = loaded.workspace.authorizer().accessOf(user);
  if (values.format === 'json') {
    io.write(
      JSON.stringify(
        {
          subject: user,
          access: entries.map((entry) => ({
            scope: entry.namespace ?? '*',
            verbs: entry.rule.verbs,
            apiGroups: entry.rule.apiGroups,
            resources: entry.rule.resources,
            resourceNames: entry.rule.resourceNames,
            nonResourceURLs: entry.rule.nonResourceURLs,
            risks: risksOf(entry.rule).map((risk) => risk.ruleId),
            grantedBy: describeGrant(loaded, entry),
          })),
        },
        null,
        2,
      ) + '\n',
    );
    return EXIT_OK;
  }
  const scopes = new Map<string, typeof entries>();
  for (const entry of entries) {
    const scope = entry.namespace === undefined ? 'cluster-wide' : `namespace ${entry.namespace}`;
    scopes.set(scope, [...(scopes.get(scope) ?? []), entry]);
  }
  if (entries.length === 0) io.write(`${user.name || user.groups[0]} can do nothing.\n`);
  for (const [scope, scoped] of [...scopes].sort(([a], [b]) => (a === 'cluster-wide' ? -1 : b === 'cluster-wide' ? 1 : a.localeCompare(b)))) {
    io.write(`${scope}:\n`);
    // Risky grants first, most severe first, as a reviewer reads them.
    const rank = (entry: (typeof scoped)[number]) => {
      const risks = risksOf(entry.rule);
      return risks.length === 0 ? RISKS.length : RISKS.indexOf(risks[0]);
    };
    for (const entry of [...scoped].sort((a, b) => rank(a) - rank(b))) {
      const rule = entry.rule;
      const what = rule.nonResourceURLs.length > 0
        ? rule.nonResourceURLs.join(', ')
        : `${rule.resources.join(', ')}${rule.apiGroups.some((group) => group !== '') ? ` (${rule.apiGroups.map((group) => group || 'core').join(', ')})` : ''}${rule.resourceNames.length ? ` named ${rule.resourceNames.join(', ')}` : ''}`;
      const risks = risksOf(rule).map((risk) => risk.label);
      io.write(`  ${rule.verbs.join(', ')}  ${what}${risks.length ? `  [risk: ${risks.join(', ')}]` : ''}  <- ${describeGrant(loaded, entry)}\n`);
    }
  }
  return EXIT_OK;
}

