/**
 * Tells the language server whether the Red Hat YAML extension is installed and enabled beside Kubeward, so that
 * by default the plain schema errors it reports are not reported twice (kubeward.schemaDiagnostics). The server
 * reads that extension's yaml.schemas itself, per document, as it reads Kubeward's own settings; the client
 * syncs that section so a change of it reaches the server.
 */
import { extensions, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { YamlExtensionNotification, type KubewardInitializationOptions } from '../../server/src/protocol';

const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

/** The settings whose changes may change which schema errors the YAML extension reports. */
export const YAML_SETTINGS = ['yaml.schemas', 'yaml.validate'];

/** What the server is told at start; a disabled extension is not returned by getExtension, so it counts as absent. */
export function initializationOptions(): KubewardInitializationOptions {
  return { yamlExtension: extensions.getExtension(YAML_EXTENSION_ID) !== undefined };
}

/** Reports the extension being installed, enabled, disabled or removed since the server was told `present`. */
export function reportYamlExtension(client: LanguageClient, present: boolean): Disposable {
  return extensions.onDidChange(() => {
    const now = initializationOptions().yamlExtension;
    if (now === present) return;
    present = now === true;
    // A server that is stopping has nothing left to republish.
    client.sendNotification(YamlExtensionNotification.type, { present }).catch(() => undefined);
  });
}
