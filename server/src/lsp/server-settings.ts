/**
 * Settings of the language server itself, beside the lint settings of the engine: which files it looks at, the
 * bounds of its workspace scan and how much it logs. They apply to the whole workspace and are re-read when the
 * client says the configuration changed.
 */
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, DEFAULT_LIMITS, resolveConfig, type LintConfig, type SettingDefinition } from '../engine/config';

export const LOG_LEVELS = ['error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const SCHEMA_DIAGNOSTICS_MODES = ['auto', 'always', 'never'] as const;
export type SchemaDiagnosticsMode = (typeof SCHEMA_DIAGNOSTICS_MODES)[number];

export interface ServerSettings {
  include: readonly string[];
  exclude: readonly string[];
  /** The engine's `limits.maxFileSizeKB` (a lint setting), which also bounds what the workspace index reads. */
  maxFileSizeKB: number;
  maxWorkspaceFiles: number;
  logLevel: LogLevel;
  /** Whether plain schema errors are published, or left to the Red Hat YAML extension when it validates Kubernetes. */
  schemaDiagnostics: SchemaDiagnosticsMode;
  /** The lint setting `files.staticAuth`, which also says which files the workspace scan reads besides YAML. */
  staticAuthFiles: LintConfig['staticAuthFiles'];
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = Object.freeze({
  include: Object.freeze(['**/*.yaml', '**/*.yml']),
  exclude: Object.freeze(['**/.git/**', '**/node_modules/**', '**/vendor/**', '**/.terraform/**']),
  maxFileSizeKB: DEFAULT_LIMITS.maxFileSizeKB,
  maxWorkspaceFiles: 20_000,
  logLevel: 'info',
  schemaDiagnostics: 'auto',
  staticAuthFiles: DEFAULT_CONFIG.staticAuthFiles,
});

export const SERVER_SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'files.include',
    schema: { type: 'array', items: { type: 'string' } },
    default: DEFAULT_SERVER_SETTINGS.include,
    description: 'Glob patterns, relative to the workspace folder, of the YAML files Kubeward analyses and indexes.',
    scope: 'window',
  },
  {
    key: 'files.exclude',
    schema: { type: 'array', items: { type: 'string' } },
    default: DEFAULT_SERVER_SETTINGS.exclude,
    description: 'Glob patterns of files and folders Kubeward leaves alone, such as Helm templates that are not plain YAML. Wins over files.include.',
    scope: 'window',
  },
  {
    key: 'limits.maxWorkspaceFiles',
    schema: { type: 'integer', minimum: 0 },
    default: DEFAULT_SERVER_SETTINGS.maxWorkspaceFiles,
    description: 'The most files the workspace index reads at start-up; 0 indexes only the files open in the editor.',
    scope: 'window',
  },
  {
    key: 'logLevel',
    schema: { type: 'string', enum: [...LOG_LEVELS] },
    default: DEFAULT_SERVER_SETTINGS.logLevel,
    description: 'How much the language server writes to the Kubeward output channel. Document contents and credentials are never logged.',
    scope: 'window',
  },
  {
    key: 'schemaDiagnostics',
    schema: { type: 'string', enum: [...SCHEMA_DIAGNOSTICS_MODES] },
    default: DEFAULT_SERVER_SETTINGS.schemaDiagnostics,
    description: 'Plain schema errors (unknown fields, wrong types, values outside an enum, missing required fields): "auto" leaves them to the Red Hat YAML extension where it validates Kubernetes manifests (yaml.schemas) and reports them otherwise; "always" reports them too; "never" leaves them out. Kubernetes-specific findings are always reported.',
    scope: 'window',
  },
  {
    // Read by the VS Code client, which alone talks to clusters.
    key: 'cluster.productionPatterns',
    schema: { type: 'array', items: { type: 'string' } },
    default: ['prod', 'prd', 'live'],
    description: 'Regular expressions (case-insensitive) that mark a kubeconfig context as production when they match its name or server URL: the status bar turns red, and changes need the context name typed.',
    scope: 'window',
  },
  {
    // Read by vscode-languageclient, not by the server: it logs the LSP messages themselves.
    key: 'trace.server',
    schema: { type: 'string', enum: ['off', 'messages', 'verbose'] },
    default: 'off',
    description: 'Traces the messages between VS Code and the Kubeward language server in the Kubeward output channel, for bug reports.',
    scope: 'window',
  },
];

/** Reads the server settings from the `kubeward` section, keeping defaults for anything missing or malformed. */
export function resolveServerSettings(section: unknown): ServerSettings {
  const source = typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  const files = objectAt(source, 'files');
  const limits = objectAt(source, 'limits');
  return {
    include: stringList(files.include) ?? DEFAULT_SERVER_SETTINGS.include,
    exclude: stringList(files.exclude) ?? DEFAULT_SERVER_SETTINGS.exclude,
    maxFileSizeKB: count(limits.maxFileSizeKB, 1) ?? DEFAULT_SERVER_SETTINGS.maxFileSizeKB,
    maxWorkspaceFiles: count(limits.maxWorkspaceFiles, 0) ?? DEFAULT_SERVER_SETTINGS.maxWorkspaceFiles,
    logLevel: LOG_LEVELS.includes(source.logLevel as LogLevel) ? (source.logLevel as LogLevel) : DEFAULT_SERVER_SETTINGS.logLevel,
    schemaDiagnostics: SCHEMA_DIAGNOSTICS_MODES.includes(source.schemaDiagnostics as SchemaDiagnosticsMode)
      ? (source.schemaDiagnostics as SchemaDiagnosticsMode)
      : DEFAULT_SERVER_SETTINGS.schemaDiagnostics,
    // Read as the lint settings read it, so the scan and the linting agree on what each file is.
    staticAuthFiles: resolveConfig({ files }, new Set()).config.staticAuthFiles,
  };
}

/**
 * Decides from the include and exclude globs whether a path (relative to its workspace folder, with forward
 * slashes) is one Kubeward looks at; `excludesDirectory` lets a scan skip whole folders.
 */
export class FileSelection {
  private readonly included: (path: string) => boolean;
  private readonly excluded: (path: string) => boolean;

  constructor(settings: Pick<ServerSettings, 'include' | 'exclude'>) {
    this.included = picomatch([...settings.include], { dot: true });
    this.excluded = picomatch([...settings.exclude], { dot: true });
  }

  includes(relativePath: string): boolean {
    return this.included(relativePath) && !this.excluded(relativePath);
  }

  excludesDirectory(relativePath: string): boolean {
    return this.excluded(relativePath);
  }
}

function objectAt(source: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = source[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function count(value: unknown, minimum: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum ? value : undefined;
}
