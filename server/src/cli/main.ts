/**
 * Entry point of the `kubeward` command line. It parses arguments and hands each command to its module.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KUBEWARD_VERSION } from '../version';
import { DEFAULT_CACHE_LOCATION } from './lint-cache';
import { useCopiedEnvironment } from '../fast-environment';
import { EXIT_OK, EXIT_USAGE } from './exit-codes';
import { runLint, type OutputFormat } from './lint';
import { AccessUsageError, runAccess, runCanI, runWhoCan } from './access';
import { BaselineError } from './baseline';
import { CertsUsageError, runCerts } from './certs';
import { DiffUsageError, runDiff } from './diff';
import { GitError } from '../git-revision';
import { NetpolUsageError, runNetpol } from './netpol';
import { buildConfig, UsageError } from './config-file';
import { PodSecurityUsageError, runPodSecurity } from './pod-security';
import { rulesJson, rulesMarkdown, rulesText } from './rules-index';
import { AccessQuestionError } from '../services/access-questions';

const USAGE = `Usage:
  kubeward lint [paths...] [options]   Lint files, directories (recursively) or - for standard input
  kubeward can-i VERB RESOURCE[/SUBRESOURCE] [NAME] --as USER [--as-group G]... [--subresource SUB] [-n NAMESPACE] [-f PATH]... [--explain]
  kubeward who-can VERB RESOURCE[/SUBRESOURCE] [NAME] [--subresource SUB] [-n NAMESPACE] [-f PATH]...
  kubeward access SUBJECT [-f PATH]... [--format text|json]
  kubeward netpol explain|reach|summary ...   NetworkPolicy answers (kubeward netpol --help)
  kubeward pod-security [-n NAMESPACE] [--level LEVEL] [-f PATH]... [--format text|json] [--config FILE]
                                       The Pod Security level each workload meets, and whether its namespace refuses it
  kubeward certs check-expiration [PATH...] [--within 30d] [--fail-within] [--format text|json]
                                       Certificates of PEM files, kubeconfigs and manifests, by expiry
  kubeward certs inspect FILE          What a PEM file holds (keys by type and size only)
  kubeward diff [--base REF] [--head REF] [PATHS...] [--format text|markdown|json|sarif] [--fail-on CONDITION]
                                       What a change grants: access, reachability, findings and Pod Security
                                       between two git revisions (kubeward diff --help)
  kubeward rules [--format text|json|markdown]
  kubeward --version

Lint options:
  --format text|json|sarif      Output format (default: text)
  --disable <rule-id>           Turn a rule off (repeatable)
  --kubernetes-version <1.N>    Target Kubernetes release (default: 1.36)
  --risk-profile <profile>      strict, balanced (default) or quiet: how loudly risky grants are reported
  --config <file>               JSON settings: {"kubernetesVersion": "1.36", "riskProfile": "balanced", "rules": {"<rule-id>": "warning"}}
  --fix                         Apply safe fixes to the files in place
  --jobs <n>|auto               Lint on n threads, or auto: one per core from 64 files (default: 1; --fix uses one)
  --cache                       Keep what each run learns in .kubewardcache and lint only what changed since
  --cache-location <file>       Where to keep the cache (implies --cache)
  --baseline <file>             Report only findings the baseline file does not hold (matched by object and path, not line)
  --write-baseline <file>       Record this run's findings as a baseline

Access commands answer from the RBAC objects in the files named with -f (default: the current directory)
plus Kubernetes' built-in policy. RESOURCE is written as kubectl writes it (pods, deployments.apps, pods/exec,
deploy); a non-resource URL starts with / (kubeward can-i get /healthz --as jane). Service accounts are users
named system:serviceaccount:NAMESPACE:NAME; a SUBJECT is User:NAME, Group:NAME or ServiceAccount:NAMESPACE:NAME.

Exit codes: lint: 0 no error-level finding, 1 at least one; diff: 0, or 1 when a --fail-on condition holds; can-i: 0 yes, 1 no; netpol reach: 0 allowed, 1 denied or depends; pod-security: 0 nothing refused, 1 some workload's pods refused; certs check-expiration: 0 none expired, 1 some expired or not yet valid (or, with --fail-within, expiring within the window); all: 2 usage error.
`;


export async function main(argv: readonly string[], io = defaultIo()): Promise<number> {
  useCopiedEnvironment();
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof NetpolUsageError) {
      io.error(`kubeward: ${error.message}\nRun "${error.help}" for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof GitError) {
      io.error(`kubeward: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof DiffUsageError) {
      io.error(`kubeward: ${error.message}\nRun "kubeward diff --help" for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof AccessUsageError || error instanceof AccessQuestionError || error instanceof PodSecurityUsageError || error instanceof CertsUsageError || error instanceof BaselineError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.error(`kubeward: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function run(argv: readonly string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.write(`${KUBEWARD_VERSION}\n`);
    return EXIT_OK;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.write(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === 'lint') return lint(rest, io);
  if (command === 'rules') return rules(rest, io);
  if (command === 'can-i') return runCanI(rest, io);
  if (command === 'who-can') return runWhoCan(rest, io);
  if (command === 'access') return runAccess(rest, io);
  if (command === 'netpol') return runNetpol(rest, io);
  if (command === 'pod-security') return runPodSecurity(rest, io);
  if (command === 'certs') return runCerts(rest, { ...io, now: () => new Date() });
  if (command === 'diff') return runDiff(rest, { ...io, cwd: process.cwd() });
  throw new UsageError(`unknown command "${command}"`);
}

function lint(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      disable: { type: 'string', multiple: true, default: [] },
      'kubernetes-version': { type: 'string' },
      'risk-profile': { type: 'string' },
      config: { type: 'string' },
      fix: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '1' },
      cache: { type: 'boolean', default: false },
      'cache-location': { type: 'string' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
    },
  });
  const format = values.format as OutputFormat;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (positionals.length === 0) throw new UsageError('lint needs at least one path (use - for standard input)');
  const config = buildConfig(values.config, { kubernetesVersion: values['kubernetes-version'], riskProfile: values['risk-profile'] }, values.disable ?? []);
  const jobs = values.jobs === 'auto' ? 'auto' : Number(values.jobs);
  if (jobs !== 'auto' && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs must be a whole number of threads or auto, not "${values.jobs}"`);
  const cacheLocation = values['cache-location'] ?? (values.cache ? DEFAULT_CACHE_LOCATION : undefined);
  if (cacheLocation && values.fix) throw new UsageError('--cache cannot be combined with --fix, which rewrites the files it reads');
  const baselines = { ...(values.baseline ? { baseline: values.baseline } : {}), ...(values['write-baseline'] ? { writeBaseline: values['write-baseline'] } : {}) };
  return runLint({ paths: positionals, format, config, fix: values.fix ?? false, jobs, ...(cacheLocation ? { cacheLocation } : {}), ...baselines, color: io.color, readStdin: io.readStdin, write: io.write, error: io.error });
}

function rules(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } } });
  const renderers: Record<string, () => string> = { text: rulesText, json: rulesJson, markdown: rulesMarkdown };
  const render = renderers[values.format ?? 'text'];
  if (!render) throw new UsageError(`--format must be text, json or markdown, not "${values.format}"`);
  io.write(render());
  return EXIT_OK;
}

interface Io {
  write(text: string): void;
  error(text: string): void;
  readStdin(): Buffer;
  color: boolean;
}

function defaultIo(): Io {
  return {
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

// Output piped into `head` may close early; that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
