/**
 * The VS Code extension: a Kubeward output channel, the commands, and the bundled language server started once a
 * Kubernetes YAML file is open. Activation itself does no analysis, so it costs VS Code's start-up nothing.
 */
import { window, type ExtensionContext } from 'vscode';
import { registerCommands } from './commands';
import { ReportDocuments } from './reports';
import { ServerController } from './server-controller';

let server: ServerController | undefined;

export function activate(context: ExtensionContext): void {
  const output = window.createOutputChannel('Kubeward', { log: true });
  const reports = new ReportDocuments();
  server = new ServerController(context, output);
  context.subscriptions.push(output, reports, ...registerCommands(server, reports, output));
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
