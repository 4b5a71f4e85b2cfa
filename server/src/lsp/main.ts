/**
 * Entry point of `kubeward-language-server`. The transport (--stdio, --node-ipc, --socket=N) comes from the
 * command line, as vscode-languageserver reads it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { KUBEWARD_VERSION } from '../version';
import { useCopiedEnvironment } from '../fast-environment';

if (process.argv.includes('--version')) {
  process.stdout.write(`${KUBEWARD_VERSION}\n`);
} else {
  useCopiedEnvironment();
  // Last line of defence: an unexpected rejection is logged to stderr (the client's output channel) instead of
  // ending the process; handlers already catch and report their own failures.
  process.on('unhandledRejection', (reason) => process.stderr.write(`Kubeward: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`));
  startServer(createConnection(ProposedFeatures.all), KUBEWARD_VERSION);
}
