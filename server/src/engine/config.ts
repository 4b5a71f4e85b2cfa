/**
 * The one configuration type shared by the CLI and the language server, its defaults and the settings
 * definitions from which the editor's contributed configuration is generated.
 */

export type Severity = 'error' | 'warning' | 'information';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'off'];

export interface LintConfig {
  /** The Kubernetes release the manifests are meant for, as "1.36". */
  kubernetesVersion: string;
  /** Severity overrides by rule id; 'off' disables a rule. */
  rules: Readonly<Record<string, SeveritySetting>>;
}

export const DEFAULT_CONFIG: LintConfig = Object.freeze({ kubernetesVersion: '1.36', rules: Object.freeze({}) });

/** Describes one user-facing setting; `scripts/gen-package-config.mjs` turns these into package.json. */
export interface SettingDefinition {
  key: keyof LintConfig;
  type: 'string' | 'object';
  default: unknown;
  description: string;
  pattern?: string;
}

export const SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'kubernetesVersion',
    type: 'string',
    default: DEFAULT_CONFIG.kubernetesVersion,
    pattern: '^1\\.\\d+$',
    description: 'The Kubernetes release the manifests target, such as "1.36". API versions removed by this release are reported.',
  },
  {
    key: 'rules',
    type: 'object',
    default: {},
    description: 'Severity by rule id ("error", "warning", "information" or "off"), for example {"k8s/unknown-field": "warning"}.',
  },
];

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
    for (const [id, severity] of Object.entries(source.rules as Record<string, unknown>)) {
      if (!knownRuleIds.has(id)) problems.push(`Unknown rule "${id}" in settings.`);
      else if (!SEVERITY_SETTINGS.includes(severity as SeveritySetting)) {
        problems.push(`Severity "${String(severity)}" for ${id} is not one of ${SEVERITY_SETTINGS.join(', ')}.`);
      } else rules[id] = severity as SeveritySetting;
    }
  }
  return { config: { kubernetesVersion, rules }, problems };
}

/** A stable key for caching results per configuration. */
export function configKey(config: LintConfig): string {
  return JSON.stringify([config.kubernetesVersion, Object.entries(config.rules).sort()]);
}
