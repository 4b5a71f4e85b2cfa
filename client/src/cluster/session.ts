/**
 * The connection to a cluster, opened only when the user runs a cluster command: the kubeconfig (KUBECONFIG or
 * ~/.kube/config), the context and namespace Kubeward uses (switchable without touching the kubeconfig), the
 * status bar item that shows them, and the safety checks every command goes through.
 */
import * as k8s from '@kubernetes/client-node';
import { ProgressLocation, StatusBarAlignment, ThemeColor, window, workspace, type Disposable, type StatusBarItem } from 'vscode';

/** Asks the user to confirm a change to the cluster; tests pass their own through the command arguments. */
export type Confirmation = (prompt: { message: string; context: string; production: boolean }) => Thenable<boolean>;

export class ClusterCommandError extends Error {}

export class ClusterSession implements Disposable {
  private config: k8s.KubeConfig | undefined;
  private contextName: string | undefined;
  private namespaceName: string | undefined;
  private statusBar: StatusBarItem | undefined;

  /** The kubeconfig, read on first use; nothing is read or contacted before a cluster command runs. */
  kubeConfig(): k8s.KubeConfig {
    if (!this.config) {
      const config = new k8s.KubeConfig();
      config.loadFromDefault();
      if (config.getContexts().length === 0) throw new ClusterCommandError('No kubeconfig context found (KUBECONFIG or ~/.kube/config).');
      this.config = config;
      this.contextName = config.getCurrentContext();
    }
    return this.config;
  }

  get context(): string {
    this.kubeConfig();
    return this.contextName ?? '';
  }

  get namespace(): string {
    const config = this.kubeConfig();
    return this.namespaceName ?? config.getContextObject(this.context)?.namespace ?? 'default';
  }

  useContext(name: string): void {
    if (!this.kubeConfig().getContextObject(name)) throw new ClusterCommandError(`No context "${name}" in the kubeconfig.`);
    this.contextName = name;
    this.namespaceName = undefined;
    this.showStatus();
  }

  useNamespace(name: string): void {
    this.namespaceName = name;
    this.showStatus();
  }

  contexts(): string[] {
    return this.kubeConfig().getContexts().map((context) => context.name);
  }

  server(): string {
    const config = this.kubeConfig();
    const cluster = config.getCluster(config.getContextObject(this.context)?.cluster ?? '');
    return cluster?.server ?? '';
  }

  /** Whether the context's name or server matches one of the `kubeward.cluster.productionPatterns`. */
  isProduction(): boolean {
    const patterns = workspace.getConfiguration('kubeward').get<string[]>('cluster.productionPatterns', []);
    return patterns.some((pattern) => {
      try {
        const expression = new RegExp(pattern, 'i');
        return expression.test(this.context) || expression.test(this.server());
      } catch {
        return false;
      }
    });
  }

  /**
   * An API client for the selected context. Credential plugins (exec, auth-provider) run local commands, so they
   * are refused in an untrusted workspace.
   */
  api<T extends k8s.ApiType>(type: new (config: k8s.Configuration) => T): T {
    const config = this.kubeConfig();
    const user = config.getUser(config.getContextObject(this.context)?.user ?? '');
    if (!workspace.isTrusted && (user?.exec || user?.authProvider)) {
      throw new ClusterCommandError(`The user of context "${this.context}" gets its credentials by running a command; trust this workspace to allow it.`);
    }
    const scoped = new k8s.KubeConfig();
    scoped.loadFromString(config.exportConfig());
    scoped.setCurrentContext(this.context);
    this.showStatus();
    return scoped.makeApiClient(type);
  }

  /** Asks before a change; against a production context the user must type the context's name. */
  async confirm(action: string, confirmation?: Confirmation): Promise<boolean> {
    const production = this.isProduction();
    const message = `${action} in context "${this.context}"${production ? ' (PRODUCTION)' : ''}?`;
    if (confirmation) return confirmation({ message, context: this.context, production });
    if (production) {
      const typed = await window.showInputBox({
        title: message,
        prompt: `This context looks like production. Type its name, ${this.context}, to go ahead.`,
        validateInput: (value) => (value === this.context ? undefined : `Type ${this.context} exactly.`),
      });
      return typed === this.context;
    }
    return (await window.showWarningMessage(message, { modal: true }, 'Continue')) === 'Continue';
  }

  /** Runs a cluster call with a cancellable progress notification; a cancelled call's result is dropped. */
  async withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
    return window.withProgress({ location: ProgressLocation.Notification, title: `${title} (${this.context})`, cancellable: true }, (_, token) =>
      new Promise<T>((resolve, reject) => {
        const cancelled = token.onCancellationRequested(() => reject(new ClusterCommandError(`${title}: cancelled.`)));
        task().then(resolve, reject).finally(() => cancelled.dispose());
      }),
    );
  }

  dispose(): void {
    this.statusBar?.dispose();
  }

  private showStatus(): void {
    this.statusBar ??= window.createStatusBarItem('kubeward.cluster', StatusBarAlignment.Left, 10);
    const production = this.isProduction();
    this.statusBar.name = 'Kubeward cluster';
    this.statusBar.text = `${production ? '$(warning) PRODUCTION ' : '$(server-environment) '}${this.context} · ${this.namespace}`;
    this.statusBar.tooltip = `Kubeward cluster commands use context ${this.context} (${this.server()}), namespace ${this.namespace}. Click to switch.`;
    this.statusBar.backgroundColor = production ? new ThemeColor('statusBarItem.errorBackground') : undefined;
    this.statusBar.command = 'kubeward.cluster.selectContext';
    this.statusBar.show();
  }

  /** For tests and the status bar: what is shown right now. */
  statusText(): string | undefined {
    return this.statusBar?.text;
  }
}
