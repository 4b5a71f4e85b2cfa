/**
 * `kubeward can-i`, `who-can` and `access`: the RBAC questions kubectl asks a live cluster, answered offline
 * from manifests (the files named with -f, by default the current directory) plus the built-in policy.
 */
import { parseArgs } from 'node:util';
import { userFromName, type Grant, type UserInfo } from '../engine/analysis/rbac/authorizer';
import { accessRequest, parseAccessTarget, parseSubject, whoCanQuery } from '../services/access-questions';
import { RISKS, risksOf } from '../engine/analysis/rbac/risks';
import { DEFAULT_CONFIG } from '../engine/config';
import type { AbacLine } from '../engine/analysis/static-auth/abac-file';
import { abacAccessOf, abacSubjectLabel, abacWhoCan, authorizeThrough, describeAbacLine, rbacAccessOf, rbacWhoCan } from '../engine/analysis/static-auth/authorization-chain';
import type { AuthorizationChain } from '../engine/analysis/static-auth/references';
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
  subresource: { type: 'string' },
} as const;

function load(files: string[] | undefined, io: AccessIo): LoadedPolicy {
  const loaded = loadPolicy(files?.length ? files : ['.'], io.readStdin, DEFAULT_CONFIG);
  if (loaded.errors.length > 0) throw new AccessUsageError(loaded.errors.join('; '));
  return loaded;
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

function describeAbacGrant(loaded: LoadedPolicy, chain: AuthorizationChain | undefined, line: AbacLine): string {
  return `ABAC policy line ${line.line} (${chain?.abacFile ? describeSource(loaded, { file: chain.abacFile, start: line.range.start, end: line.range.end }) : 'the policy file'})`;
}

export function runCanI(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, as: { type: 'string' }, 'as-group': { type: 'string', multiple: true }, explain: { type: 'boolean', default: false } },
  });
  if (!values.as) throw new AccessUsageError('--as USER is required: kubeward answers from manifests, not as the current cluster user');
  const target = parseAccessTarget(positionals[0], positionals[1], positionals[2], values.namespace, values.subresource);
  const loaded = load(values.filename, io);
  const user: UserInfo = userFromName(values.as, values['as-group'] ?? []);
  const chain = loaded.workspace.staticAuth.chain();
  const decision = authorizeThrough(chain, loaded.workspace.authorizer(), accessRequest(target, user));
  io.write(decision.allowed ? 'yes\n' : 'no\n');
  if (values.explain) {
    if (chain) io.write(`  authorizers, in order: ${chain.modes.join(', ')}${decision.notModelled.length ? ` (${decision.notModelled.join(', ')} not modelled: taken to have no opinion)` : ''}\n`);
    for (const grant of decision.grants) io.write(`  granted by ${describeGrant(loaded, grant)}\n`);
    for (const line of decision.abacLines.slice(0, 1)) io.write(`  granted by ${describeAbacGrant(loaded, chain, line)}\n`);
    if (decision.decidedBy === 'AlwaysAllow' || decision.decidedBy === 'AlwaysDeny') io.write(`  decided by ${decision.decidedBy}\n`);
    if (!decision.decidedBy) io.write(`  no ${chain ? 'authorizer' : 'binding in the manifests or the built-in policy'} grants it to ${user.name} (groups: ${user.groups.join(', ')})\n`);
  }
  return decision.allowed ? EXIT_OK : EXIT_FINDINGS;
}

export function runWhoCan(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS } });
  const target = parseAccessTarget(positionals[0], positionals[1], positionals[2], values.namespace, values.subresource);
  const loaded = load(values.filename, io);
  const chain = loaded.workspace.staticAuth.chain();
  const entries = rbacWhoCan(chain, loaded.workspace.authorizer(), whoCanQuery(target));
  const abacLines = abacWhoCan(chain, whoCanQuery(target));
  if (entries.length === 0 && abacLines.length === 0) io.write('No subject can.\n');
  for (const line of abacLines) io.write(`${abacSubjectLabel(line)}  via ${describeAbacGrant(loaded, chain, line)}\n`);
  // What the manifests grant comes first; the built-in policy's system users and controllers follow.
  const ordered = [...entries.filter((entry) => !entry.binding.builtIn), ...entries.filter((entry) => entry.binding.builtIn)];
  for (const entry of ordered) {
    const subject = entry.subject.namespace ? `${entry.subject.kind} ${entry.subject.namespace}/${entry.subject.name}` : `${entry.subject.kind} ${entry.subject.name}`;
    io.write(`${subject}  via ${describeGrant(loaded, entry)}\n`);
  }
  return EXIT_OK;
}

export function runAccess(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filename: COMMON_OPTIONS.filename, 'as-group': { type: 'string', multiple: true }, format: { type: 'string', default: 'text' } },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new AccessUsageError(`--format must be text or json, not "${values.format}"`);
  const user = parseSubject(positionals[0], values['as-group'] ?? []);
  const loaded = load(values.filename, io);
  const chain = loaded.workspace.staticAuth.chain();
  const entries = rbacAccessOf(chain, loaded.workspace.authorizer(), user);
  const abacLines = abacAccessOf(chain, user);
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
          ...(chain ? { authorizers: chain.modes, abac: abacLines.map((line) => ({ policy: line.policy, grantedBy: describeAbacGrant(loaded, chain, line) })) } : {}),
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
  if (entries.length === 0 && abacLines.length === 0) io.write(`${user.name || user.groups[0]} can do nothing.\n`);
  if (abacLines.length > 0) {
    io.write(`ABAC (asked ${chain!.modes.indexOf('ABAC') + 1}. of ${chain!.modes.join(', ')}):\n`);
    for (const line of abacLines) io.write(`  ${describeAbacLine(line)}  <- ${describeAbacGrant(loaded, chain, line)}\n`);
  }
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

