/**
 * Messages from the cluster bundle to the language server. dist/cluster.js carries its own copy of the JSON-RPC
 * library, whose message type objects the client in extension.js would not recognise, so messages go by method name.
 */
import type { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { LanguageClient } from 'vscode-languageclient/node';

export function send<P, R>(client: LanguageClient, type: RequestType<P, R, void>, params: P): Promise<R> {
  return client.sendRequest(type.method, params) as Promise<R>;
}

export function notify<P>(client: LanguageClient, type: NotificationType<P>, params: P): Promise<void> {
  return client.sendNotification(type.method, params);
}
