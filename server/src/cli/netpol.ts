/**
 * `kubeward netpol explain|reach|summary`: what the NetworkPolicies in the manifests (the files named with -f, by
 * default the current directory) allow, in plain words or as JSON, whether one workload or address can reach
 * another, and who reaches whom in a namespace. Every usage mistake is one line and a pointer to --help.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../engine/analysis/spelling';
import { describeEndpoint, explainPolicy } from '../engine/analysis/netpol/explain';
import type { NetworkModel, ReachOptions } from '../engine/analysis/netpol/reach';
import { reachabilityMarkdown, reachabilitySummary } from '../engine/analysis/netpol/summary';
import { DEFAULT_CONFIG, IP_BLOCK_MATCHES_PODS, type IpBlockMatchesPods } from '../engine/config';
import type { SourceLocation } from '../engine/reference/policy-data';
import type { AccessIo } from './access';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes';
import { NETPOL_HELP } from './netpol-help';
import { NetpolInputError } from './netpol-endpoints';
import { answerReach } from './netpol-reach';
import { loadPolicy } from './policy-files';

/** A usage mistake: one line, and the help to read. */
export class NetpolUsageError extends Error {
  constructor(message: string, readonly help: string) {
    super(message);
  }
}

export interface NetworkLoad {
  model: NetworkModel;
  /** `file:line` of a place in the manifests. */
  where(source: SourceLocation | undefined): string;
  /** The same place as JSON fields, the way `lint --format json` writes them. */
  location(source: SourceLocation | undefined): { file?: string; line?: number };
}

const SUBCOMMANDS = ['explain', 'reach', 'summary'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const COMMON = {
  filename: { type: 'string', short: 'f', multiple: true },
  format: { type: 'string', default: 'text' },
  'ip-block-matches-pods': { type: 'string', default: 'unknown' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const OPTIONS: Record<Subcommand, ParseArgsConfig['options']> = {
  explain: COMMON,
  reach: { ...COMMON, port: { type: 'string', short: 'p', multiple: true } },
  summary: { ...COMMON, namespace: { type: 'string', short: 'n' } },
};

export function runNetpol(args: string[], io: AccessIo): number {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    io.write(NETPOL_HELP.netpol);
    return EXIT_OK;
  }
  if (subcommand === undefined) throw new NetpolUsageError('netpol needs a subcommand: explain, reach or summary', 'kubeward netpol --help');
  if (!(SUBCOMMANDS as readonly string[]).includes(subcommand)) {
    const guess = closest(subcommand, SUBCOMMANDS);
    throw new NetpolUsageError(`unknown netpol subcommand "${subcommand}"${guess ? `; did you mean "${guess}"?` : ''}`, 'kubeward netpol --help');
  }
  const name = subcommand as Subcommand;
  const help = `kubeward netpol ${name} --help`;
  try {
    const parsed = parse(name, rest);
    if (parsed.values.help) {
      io.write(NETPOL_HELP[name]);
      return EXIT_OK;
    }
    return run(name, parsed, io);
  } catch (error) {
    if (error instanceof NetpolInputError) throw new NetpolUsageError(error.message, help);
    throw error;
  }
}

type Parsed = { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] };

/** Node's parser, with its messages replaced by ours. */
function parse(name: Subcommand, args: string[]): Parsed {
  try {
    return parseArgs({ args, allowPositionals: true, options: OPTIONS[name] }) as Parsed;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^' ]+)/.exec((error as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new NetpolInputError(`netpol ${name} has no option ${option}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new NetpolInputError(`option ${option} needs a value`);
    throw new NetpolInputError((error as Error).message);
  }
}

function run(name: Subcommand, { values, positionals }: Parsed, io: AccessIo): number {
  const format = values.format as string;
  if (format !== 'text' && format !== 'json') throw new NetpolInputError(`--format must be text or json, not "${format}"`);
  const options = reachOptions(values['ip-block-matches-pods'] as string);
  const loaded = load(values.filename as string[] | undefined, io);
  const write = (text: string, json: unknown) => io.write(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : text);
  if (name === 'explain') {
    if (positionals.length > 0) throw new NetpolInputError(`netpol explain takes no arguments; name files with -f (got "${positionals[0]}")`);
    write(explainText(loaded), explainJson(loaded));
    return EXIT_OK;
  }
  if (name === 'summary') {
    const namespace = values.namespace as string | undefined;
    if (positionals.length > 0 || !namespace) throw new NetpolInputError('netpol summary needs -n NAMESPACE and no other argument');
    requireKnownNamespace(loaded.model, namespace);
    write(reachabilityMarkdown(loaded.model, namespace, options) + '\n', { namespace, workloads: reachabilitySummary(loaded.model, namespace, options) });
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new NetpolInputError('netpol reach needs FROM and TO, each NAMESPACE/NAME, NAMESPACE/KIND/NAME or an IP address or CIDR');
  const ports = (values.port as string[] | undefined) ?? [];
  if (ports.length > 1) throw new NetpolInputError(`give one --port (got ${ports.join(', ')}); ask once per port`);
  const report = answerReach(loaded, { from: positionals[0], to: positionals[1], ...(ports[0] !== undefined ? { port: ports[0] } : {}), options });
  write(report.text, report.json);
  return report.allowed ? EXIT_OK : EXIT_FINDINGS;
}

function reachOptions(value: string): ReachOptions {
  if (!IP_BLOCK_MATCHES_PODS.includes(value as IpBlockMatchesPods)) throw new NetpolInputError(`--ip-block-matches-pods must be unknown, yes or no, not "${value}"`);
  return { ipBlockMatchesPods: value as IpBlockMatchesPods };
}

/** A namespace the manifests say something about: workloads, policies or a Namespace object. */
function requireKnownNamespace(model: NetworkModel, namespace: string): void {
  const known = new Set([...model.workloadsAll().map((workload) => workload.namespace), ...model.policies.map((policy) => policy.namespace), ...model.namespaces.map((item) => item.name)]);
  if (known.has(namespace)) return;
  const guess = closest(namespace, known);
  const listed = [...known].sort();
  throw new NetpolInputError(`the manifests say nothing of namespace "${namespace}"${guess ? `; did you mean "${guess}"?` : listed.length ? ` (they know ${listed.join(', ')})` : ''}`);
}

function explainText(loaded: NetworkLoad): string {
  const { model } = loaded;
  if (model.policies.length === 0) return 'No NetworkPolicy in the manifests: every pod accepts and sends all traffic.\n';
  return model.policies
    .map((policy) => {
      const selected = model.workloadsSelectedBy(policy).map(describeEndpoint);
      return `NetworkPolicy ${policy.namespace}/${policy.name} (${loaded.where(policy.source)})\n  ${explainPolicy(policy)}\n  Selects: ${selected.length > 0 ? selected.join(', ') : 'no workload in the manifests'}\n`;
    })
    .join('');
}

function explainJson(loaded: NetworkLoad): unknown {
  return {
    policies: loaded.model.policies.map((policy) => ({
      namespace: policy.namespace,
      name: policy.name,
      ...loaded.location(policy.source),
      explanation: explainPolicy(policy),
      selects: loaded.model.workloadsSelectedBy(policy).map((workload) => ({ kind: workload.kind, namespace: workload.namespace, name: workload.name, ...loaded.location(workload.source) })),
    })),
  };
}

function load(files: string[] | undefined, io: AccessIo): NetworkLoad {
  const loaded = loadPolicy(files?.length ? files : ['.'], io.readStdin, DEFAULT_CONFIG);
  if (loaded.errors.length > 0) throw new NetpolInputError(loaded.errors.join('; '));
  const location = (source: SourceLocation | undefined) => {
    const index = source && loaded.lines.get(source.file);
    return source && index ? { file: source.file, line: index.positionAt(source.start).line + 1 } : source ? { file: source.file } : {};
  };
  return {
    model: loaded.workspace.network.model(),
    location,
    where: (source) => {
      const place = location(source);
      return place.file ? `${place.file}${place.line ? `:${place.line}` : ''}` : 'unknown';
    },
  };
}
