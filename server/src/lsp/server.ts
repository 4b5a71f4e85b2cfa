/**
 * Wires the language server: one session per connection, and each feature area's handlers registered against
 * it (`handlers/`). Handlers convert positions and shapes; the analysis lives in the engine and the services.
 */
import type { Connection } from 'vscode-languageserver';
import { registerAccess } from './handlers/access';
import { registerCodeActions } from './handlers/code-actions';
import { registerCompletion } from './handlers/completion';
import { registerCsr } from './handlers/csr';
import { registerEditorFeatures } from './handlers/editor-features';
import { registerHover } from './handlers/hover';
import { registerIndexing } from './handlers/indexing';
import { registerInitialize } from './handlers/initialize';
import { registerManifest } from './handlers/manifest';
import { registerNetpol } from './handlers/netpol';
import { registerRbacNavigation } from './handlers/rbac-navigation';
import { registerRevisions } from './handlers/revisions';
import { registerSymbols } from './handlers/symbols';
import { registerValidation } from './handlers/validation';
import { ServerSession, type HandlerModule } from './session';

/** Every feature area; validation comes first so that a workspace change re-checks documents before other features refresh. */
const HANDLER_MODULES: readonly HandlerModule[] = [
  registerValidation,
  registerIndexing,
  registerHover,
  registerCodeActions,
  registerSymbols,
  registerRbacNavigation,
  registerCompletion,
  registerEditorFeatures,
  registerAccess,
  registerNetpol,
  registerCsr,
  registerManifest,
  registerRevisions,
];

export function startServer(connection: Connection, serverVersion: string): void {
  const session = new ServerSession(connection);
  registerInitialize(session, serverVersion);
  for (const register of HANDLER_MODULES) register(session);
  session.documents.listen(connection);
  connection.listen();
}
