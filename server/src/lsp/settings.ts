/**
 * Settings pulled from the client with workspace/configuration (or taken from didChangeConfiguration for clients
 * that cannot answer it): lint settings per resource, cached by URI, and the server's own settings for the whole
 * workspace. Both are dropped when the client says the configuration changed. Nothing is kept in globals.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_CONFIG, resolveConfig, type LintConfig, type NetworkPolicySettings } from '../engine/config';
import { RULE_IDS } from '../engine/rules/index';
import type { Logger } from './logger';
import { resolveServerSettings, type ServerSettings } from './server-settings';
import { resolveEditorFeatureSettings, type EditorFeatureSettings } from './editor-settings';

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<LintConfig>>();
  /** Inlay hint and document link settings, per URI like the lint settings. */
  private readonly editorByUri = new Map<string, Promise<EditorFeatureSettings>>();
  private server: Promise<ServerSettings> | undefined;
  /** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  private pushed: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
    private readonly log: Logger,
  ) {}

  get(uri: string): Promise<LintConfig> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** Which inlay hints and document links the editor features give for a document. */
  editorFeatures(uri: string): Promise<EditorFeatureSettings> {
    let settings = this.editorByUri.get(uri);
    if (!settings) {
      settings = this.section(uri).then(resolveEditorFeatureSettings);
      this.editorByUri.set(uri, settings);
    }
    return settings;
  }

  /** The NetworkPolicy settings of the whole workspace, for answers that span its folders (a namespace's reach). */
  networkPolicy(): Promise<NetworkPolicySettings> {
    return this.section(undefined).then((section) => resolveConfig(section, RULE_IDS).config.networkPolicy);
  }

  /** The server's own settings (files, limits, log level), which do not vary by folder. */
  serverSettings(): Promise<ServerSettings> {
    this.server ??= this.section(undefined).then(resolveServerSettings);
    return this.server;
  }

  changed(pushedSettings: unknown): void {
    this.pushed = pushedSettings;
    this.byUri.clear();
    this.editorByUri.clear();
    this.server = undefined;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.editorByUri.delete(uri);
  }

  private async section(scopeUri: string | undefined): Promise<unknown> {
    if (!this.canPull()) return this.pushed;
    try {
      return await this.connection.workspace.getConfiguration({ ...(scopeUri ? { scopeUri } : {}), section: 'kubeward' });
    } catch {
      return this.pushed;
    }
  }

  private async load(uri: string): Promise<LintConfig> {
    const raw = await this.section(uri);
    if (raw === undefined || raw === null) return DEFAULT_CONFIG;
    const { config, problems } = resolveConfig(raw, RULE_IDS);
    for (const problem of problems) this.log.warning(`Kubeward settings: ${problem}`);
    return config;
  }
}
