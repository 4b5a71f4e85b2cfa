/**
 * The VS Code extension: a Kubeward output channel, the commands, and the bundled language server started once a
 * Kubernetes YAML file is open. Activation itself does no analysis and opens no connection, so it costs VS Code's
 * start-up nothing; the cluster commands load their code on first use.
 */
import { commands, window, type ExtensionContext } from 'vscode';
import { CLUSTER_COMMANDS } from './cluster/command-ids';
import { registerCommands } from './commands';
import { ReportDocuments } from './reports';
import { ServerController } from './server-controller';

type ClusterModule = typeof import('./cluster/index');

let server: ServerController | undefined;
let cluster: ClusterModule | undefined;

/** What the extension offers other code (and its tests) in the same extension host. */
export interface KubewardApi {
  /** The cluster status bar text, once a cluster command has run. */
  clusterStatus(): string | undefined;
  /** The folder the server keeps its workspace index in between sessions (the extension's storage for the workspace). */
  indexCacheFolder(): string | undefined;
}

export function activate(context: ExtensionContext): KubewardApi {
  const output = window.createOutputChannel('Kubeward', { log: true });
  const reports = new ReportDocuments();
  server = new ServerController(context, output);
  const shared = { server, reports, output };
  const loadCluster = (): ClusterModule => {
    // A separate bundle, required by path so that esbuild leaves it out of this one.
    cluster ??= require(context.asAbsolutePath('dist/cluster.js')) as ClusterModule;
    return cluster;
  };
  context.subscriptions.push(
    output,
    reports,
    ...registerCommands(server, reports, output),
    ...CLUSTER_COMMANDS.map((id) => commands.registerCommand(id, (...args: unknown[]) => loadCluster().runClusterCommand(id, shared, ...args))),
  );
  return { clusterStatus: () => cluster?.clusterStatusText(), indexCacheFolder: () => context.storageUri?.fsPath };
}

export async function deactivate(): Promise<void> {
  cluster?.disposeCluster();
  await server?.stop();
  server = undefined;
}
