/**
 * Per-resource settings: pulled from the client with workspace/configuration, cached by URI, and dropped when
 * the client says the configuration changed. Nothing is kept in globals.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_CONFIG, resolveConfig, type LintConfig } from '../engine/config';
import { RULE_IDS } from '../engine/rules/index';

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<LintConfig>>();
  /** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  private pushed: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<LintConfig> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  changed(pushedSettings: unknown): void {
    this.pushed = pushedSettings;
    this.byUri.clear();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private async load(uri: string): Promise<LintConfig> {
    let raw: unknown = this.pushed;
    if (this.canPull()) {
      try {
        raw = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubeward' });
      } catch {
        raw = this.pushed;
      }
    }
    if (raw === undefined || raw === null) return DEFAULT_CONFIG;
    const { config, problems } = resolveConfig(raw, RULE_IDS);
    for (const problem of problems) this.connection.console.warn(`Kubeward settings: ${problem}`);
    return config;
  }
}
