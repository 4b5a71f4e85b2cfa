/**
 * The one configuration type shared by the CLI and the language server, its defaults and the settings
 * definitions from which the editor's contributed configuration is generated.
 */
import { canonicalRuleId } from './rule-aliases';
import { STATIC_AUTH_KINDS, type StaticAuthKind } from './reference/static-auth-flags';

export type Severity = 'error' | 'warning' | 'information';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'off'];

/**
 * How loudly risky-but-valid findings (rules with `meta.risk`) are reported: 'strict' raises their explanations to
 * warnings, 'quiet' lowers their warnings to information. Mistakes keep their severity under every profile.
 */
export type RiskProfile = 'strict' | 'balanced' | 'quiet';

export const RISK_PROFILES: readonly RiskProfile[] = ['strict', 'balanced', 'quiet'];

/**
 * Bounds on what one file may cost the analysis. Beyond them Kubeward stops and says so (yaml/analysis-limit)
 * instead of truncating silently or hanging the editor.
 */
export interface AnalysisLimits {
  maxFileSizeKB: number;
  maxDocumentsPerFile: number;
  maxNestingDepth: number;
  maxAliasExpansions: number;
  maxScalarLength: number;
  documentTimeBudgetMs: number;
}

/**
 * Whether NetworkPolicy ipBlocks match pod addresses: the API leaves it to the network plugin (Calico and Antrea
 * match them, Cilium does not); `unknown` makes answers that turn on it say so.
 */
export type IpBlockMatchesPods = 'unknown' | 'yes' | 'no';

export const IP_BLOCK_MATCHES_PODS: readonly IpBlockMatchesPods[] = ['unknown', 'yes', 'no'];

export interface NetworkPolicySettings {
  ipBlockMatchesPods: IpBlockMatchesPods;
}

/** The Pod Security levels, least to most strict. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

export interface PodSecuritySettings {
  /** The level a namespace without labels gets when the workspace holds no PodSecurityConfiguration. */
  defaults: PodSecurityLevel;
  /** A level every pod is checked against as well, wherever it runs; violations are warnings. */
  targetLevel?: 'baseline' | 'restricted';
}

export interface LintConfig {
  /** The Kubernetes release the manifests are meant for, as "1.36". */
  kubernetesVersion: string;
  /** Severity overrides by rule id; 'off' disables a rule. They win over the risk profile. */
  rules: Readonly<Record<string, SeveritySetting>>;
  riskProfile: RiskProfile;
  limits: Readonly<AnalysisLimits>;
  networkPolicy: Readonly<NetworkPolicySettings>;
  podSecurity: Readonly<PodSecuritySettings>;
  /**
   * Glob patterns (relative to the workspace folder or the current directory) of kube-apiserver's static token,
   * password and ABAC policy files, which are CSV and JSON lines rather than YAML; a file named by a flag of the
   * workspace's kube-apiserver is recognised without them.
   */
  staticAuthFiles: Readonly<Record<StaticAuthKind, readonly string[]>>;
  /** How many days before a certificate expires pki/expiration starts to warn. */
  pkiExpirationWarningDays: number;
}

/** The most alias copies a document may expand to; the setting can only lower it. */
export const ALIAS_EXPANSION_CEILING = 1000;

export const DEFAULT_LIMITS: Readonly<AnalysisLimits> = Object.freeze({
  maxFileSizeKB: 2048,
  maxDocumentsPerFile: 10_000,
  maxNestingDepth: 64,
  maxAliasExpansions: ALIAS_EXPANSION_CEILING,
  maxScalarLength: 1_048_576,
  documentTimeBudgetMs: 2000,
});

export const DEFAULT_CONFIG: LintConfig = Object.freeze({
  kubernetesVersion: '1.36',
  rules: Object.freeze({}),
  riskProfile: 'balanced',
  limits: DEFAULT_LIMITS,
  networkPolicy: Object.freeze({ ipBlockMatchesPods: 'unknown' }),
  podSecurity: Object.freeze({ defaults: 'privileged' }),
  staticAuthFiles: Object.freeze({
    tokenFile: Object.freeze(['**/known_tokens.csv', '**/*token*.csv']),
    basicAuthFile: Object.freeze(['**/basic_auth.csv', '**/*basic-auth*.csv', '**/*basic_auth*.csv', '**/*password*.csv']),
    abacPolicyFile: Object.freeze(['**/*abac*.jsonl', '**/*abac*.json']),
  }),
  pkiExpirationWarningDays: 30,
});

const LIMIT_DESCRIPTIONS: Record<keyof AnalysisLimits, { minimum: number; maximum?: number; description: string }> = {
  maxFileSizeKB: { minimum: 1, description: 'Files larger than this (in KiB) are neither analysed nor indexed; the file gets one yaml/analysis-limit finding instead.' },
  maxDocumentsPerFile: { minimum: 1, description: 'YAML documents of a file beyond this many are not analysed.' },
  maxNestingDepth: { minimum: 4, description: 'A document nested deeper than this (maps and lists) is not analysed.' },
  maxAliasExpansions: { minimum: 1, maximum: ALIAS_EXPANSION_CEILING, description: 'A document whose aliases expand to more copies than this (an "alias bomb") is not analysed.' },
  maxScalarLength: { minimum: 1024, description: 'A document holding a scalar longer than this many characters is not analysed.' },
  documentTimeBudgetMs: { minimum: 0, description: 'Rules that have not run when one document\'s analysis reaches this many milliseconds are skipped for it, and the document says so.' },
};

/**
 * Describes one user-facing setting: the generator turns these into package.json's contributed configuration
 * and, for lint settings, the schema of `kubeward lint --config`.
 */
export interface SettingDefinition {
  /** The key below `kubeward.`, dotted for grouped settings such as `files.include`. */
  key: string;
  /** The JSON Schema of the value, without description and default. */
  schema: Record<string, unknown>;
  default: unknown;
  description: string;
  /** 'resource' settings may differ per folder; 'window' settings apply to the whole workspace. */
  scope: 'resource' | 'window';
}

export const LINT_SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'kubernetesVersion',
    schema: { type: 'string', pattern: '^1\\.\\d+$' },
    default: DEFAULT_CONFIG.kubernetesVersion,
    description: 'The Kubernetes release the manifests target, such as "1.36". API versions removed by this release are reported.',
    scope: 'resource',
  },
  {
    key: 'rules',
    schema: { type: 'object' },
    default: {},
    description: 'Severity by rule id ("error", "warning", "information" or "off"), for example {"k8s/unknown-field": "warning"}. Wins over the risk profile.',
    scope: 'resource',
  },
  {
    key: 'riskProfile',
    schema: { type: 'string', enum: [...RISK_PROFILES] },
    default: DEFAULT_CONFIG.riskProfile,
    description:
      'How loudly risky but valid grants and settings are reported: "strict" shows their explanations as warnings, "balanced" uses each rule\'s default, "quiet" shows their warnings as information. Mistakes are never affected.',
    scope: 'resource',
  },
  {
    key: 'networkPolicy.ipBlockMatchesPods',
    schema: { type: 'string', enum: [...IP_BLOCK_MATCHES_PODS] },
    default: DEFAULT_CONFIG.networkPolicy.ipBlockMatchesPods,
    description:
      'Whether your network plugin matches NetworkPolicy ipBlocks against pod addresses ("yes" for Calico and Antrea, "no" for Cilium). With "unknown", reachability answers that turn on it say "depends".',
    scope: 'resource',
  },
  {
    key: 'podSecurity.defaults',
    schema: { type: 'string', enum: [...POD_SECURITY_LEVELS] },
    default: DEFAULT_CONFIG.podSecurity.defaults,
    description:
      'The Pod Security level of namespaces without pod-security.kubernetes.io labels, when the workspace holds no PodSecurityConfiguration (Kubernetes itself defaults to "privileged").',
    scope: 'resource',
  },
  {
    key: 'podSecurity.targetLevel',
    schema: { type: 'string', enum: ['', 'baseline', 'restricted'] },
    default: '',
    description: 'A Pod Security level to check every pod against, wherever it runs; what would fail it is a warning. Empty: only the levels of the namespaces.',
    scope: 'resource',
  },
  {
    key: 'pki.expirationWarningDays',
    schema: { type: 'integer', minimum: 0 },
    default: DEFAULT_CONFIG.pkiExpirationWarningDays,
    description: 'How many days before a certificate in a PEM file expires pki/expiration warns about it (0: only expired certificates are reported).',
    scope: 'resource',
  },
  {
    key: 'files.staticAuth',
    schema: {
      type: 'object',
      properties: Object.fromEntries(STATIC_AUTH_KINDS.map((kind) => [kind, { type: 'array', items: { type: 'string' } }])),
      additionalProperties: false,
    },
    default: DEFAULT_CONFIG.staticAuthFiles,
    description:
      'Glob patterns of kube-apiserver\'s static credential files: tokenFile (--token-auth-file CSV), basicAuthFile (the removed --basic-auth-file CSV) and abacPolicyFile (--authorization-policy-file JSON lines). A file that a kube-apiserver flag in the workspace names is recognised without a pattern.',
    scope: 'resource',
  },
];

export const LIMIT_SETTINGS: readonly SettingDefinition[] = Object.entries(LIMIT_DESCRIPTIONS).map(([key, { minimum, maximum, description }]) => ({
  key: `limits.${key}`,
  schema: { type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}) },
  default: DEFAULT_LIMITS[key as keyof AnalysisLimits],
  description,
  scope: 'resource',
}));

/** The severity of a finding of a risk rule under a profile. */
export function severityUnderProfile(severity: Severity, profile: RiskProfile): Severity {
  if (profile === 'strict' && severity === 'information') return 'warning';
  if (profile === 'quiet' && severity === 'warning') return 'information';
  return severity;
}

/**
 * Builds a LintConfig from untrusted input (editor settings or a config file), keeping what is valid and
 * describing what was ignored.
 */
export function resolveConfig(input: unknown, knownRuleIds: ReadonlySet<string>): { config: LintConfig; problems: string[] } {
  const problems: string[] = [];
  const source = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  let kubernetesVersion = DEFAULT_CONFIG.kubernetesVersion;
  if (source.kubernetesVersion !== undefined) {
    const value = String(source.kubernetesVersion);
    if (/^1\.\d+$/.test(value)) kubernetesVersion = value;
    else problems.push(`kubernetesVersion "${value}" is not a release such as "1.36"; using ${kubernetesVersion}.`);
  }
  const rules: Record<string, SeveritySetting> = {};
  if (typeof source.rules === 'object' && source.rules !== null) {
    for (const [written, severity] of Object.entries(source.rules as Record<string, unknown>)) {
      const id = canonicalRuleId(written);
      if (!knownRuleIds.has(id)) problems.push(`Unknown rule "${written}" in settings.`);
      else if (!SEVERITY_SETTINGS.includes(severity as SeveritySetting)) {
        problems.push(`Severity "${String(severity)}" for ${written} is not one of ${SEVERITY_SETTINGS.join(', ')}.`);
      } else rules[id] = severity as SeveritySetting;
    }
  }
  const limits: AnalysisLimits = { ...DEFAULT_LIMITS };
  const givenLimits = typeof source.limits === 'object' && source.limits !== null ? (source.limits as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(givenLimits)) {
    const bounds = LIMIT_DESCRIPTIONS[key as keyof AnalysisLimits];
    // maxWorkspaceFiles belongs to the language server's own settings; it shares the section.
    if (!bounds) {
      if (key !== 'maxWorkspaceFiles') problems.push(`Unknown limit "${key}" in settings.`);
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.minimum || (bounds.maximum !== undefined && value > bounds.maximum)) {
      problems.push(`limits.${key} must be a whole number from ${bounds.minimum}${bounds.maximum ? ` to ${bounds.maximum}` : ''}; using ${limits[key as keyof AnalysisLimits]}.`);
    } else limits[key as keyof AnalysisLimits] = value;
  }
  let riskProfile = DEFAULT_CONFIG.riskProfile;
  if (source.riskProfile !== undefined) {
    if (RISK_PROFILES.includes(source.riskProfile as RiskProfile)) riskProfile = source.riskProfile as RiskProfile;
    else problems.push(`riskProfile "${String(source.riskProfile)}" is not one of ${RISK_PROFILES.join(', ')}; using ${riskProfile}.`);
  }
  const networkPolicy = { ...DEFAULT_CONFIG.networkPolicy };
  const givenNetworkPolicy = typeof source.networkPolicy === 'object' && source.networkPolicy !== null ? (source.networkPolicy as Record<string, unknown>) : {};
  if (givenNetworkPolicy.ipBlockMatchesPods !== undefined) {
    const value = givenNetworkPolicy.ipBlockMatchesPods;
    if (IP_BLOCK_MATCHES_PODS.includes(value as IpBlockMatchesPods)) networkPolicy.ipBlockMatchesPods = value as IpBlockMatchesPods;
    else problems.push(`networkPolicy.ipBlockMatchesPods "${String(value)}" is not one of ${IP_BLOCK_MATCHES_PODS.join(', ')}; using ${networkPolicy.ipBlockMatchesPods}.`);
  }
  const podSecurity: PodSecuritySettings = { ...DEFAULT_CONFIG.podSecurity };
  const givenPodSecurity = typeof source.podSecurity === 'object' && source.podSecurity !== null ? (source.podSecurity as Record<string, unknown>) : {};
  if (givenPodSecurity.defaults !== undefined) {
    if (POD_SECURITY_LEVELS.includes(givenPodSecurity.defaults as PodSecurityLevel)) podSecurity.defaults = givenPodSecurity.defaults as PodSecurityLevel;
    else problems.push(`podSecurity.defaults "${String(givenPodSecurity.defaults)}" is not one of ${POD_SECURITY_LEVELS.join(', ')}; using ${podSecurity.defaults}.`);
  }
  const target = givenPodSecurity.targetLevel;
  if (target === 'baseline' || target === 'restricted') podSecurity.targetLevel = target;
  else if (target !== undefined && target !== '' && target !== null) problems.push(`podSecurity.targetLevel "${String(target)}" is not baseline or restricted; it is ignored.`);
  const staticAuthFiles = { ...DEFAULT_CONFIG.staticAuthFiles };
  const givenFiles = typeof source.files === 'object' && source.files !== null ? (source.files as Record<string, unknown>).staticAuth : undefined;
  if (typeof givenFiles === 'object' && givenFiles !== null) {
    for (const [kind, globs] of Object.entries(givenFiles as Record<string, unknown>)) {
      if (!(STATIC_AUTH_KINDS as readonly string[]).includes(kind)) problems.push(`files.staticAuth.${kind} is not one of ${STATIC_AUTH_KINDS.join(', ')}; it is ignored.`);
      else if (!Array.isArray(globs) || !globs.every((glob) => typeof glob === 'string')) problems.push(`files.staticAuth.${kind} must be a list of glob patterns; using the default.`);
      else staticAuthFiles[kind as StaticAuthKind] = globs;
    }
  }
  let pkiExpirationWarningDays = DEFAULT_CONFIG.pkiExpirationWarningDays;
  const givenPki = typeof source.pki === 'object' && source.pki !== null ? (source.pki as Record<string, unknown>) : {};
  if (givenPki.expirationWarningDays !== undefined) {
    const days = givenPki.expirationWarningDays;
    if (typeof days === 'number' && Number.isInteger(days) && days >= 0) pkiExpirationWarningDays = days;
    else problems.push(`pki.expirationWarningDays must be a whole number of days, 0 or more; using ${pkiExpirationWarningDays}.`);
  }
  return { config: { kubernetesVersion, rules, riskProfile, limits, networkPolicy, podSecurity, staticAuthFiles, pkiExpirationWarningDays }, problems };
}

/** A stable key for caching results per configuration. */
export function configKey(config: LintConfig): string {
  return JSON.stringify([config.kubernetesVersion, config.riskProfile, config.limits, config.networkPolicy, config.podSecurity, config.staticAuthFiles, config.pkiExpirationWarningDays, Object.entries(config.rules).sort()]);
}
