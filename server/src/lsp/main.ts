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
  startServer(createConnection(ProposedFeatures.all), KUBEWARD_VERSION);
}
