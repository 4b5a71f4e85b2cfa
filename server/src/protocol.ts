/**
 * Custom requests between the Kubeward client and server, defined once and imported by both sides.
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface NetworkReachabilityParams {
  namespace: string;
}

export interface NetworkReachabilityResult {
  markdown: string;
}

/** Client → server: the reachability summary of a namespace, as Markdown to show in a preview. */
export namespace NetworkReachabilityRequest {
  export const method = 'kubeward/networkReachability';
  export const type = new RequestType<NetworkReachabilityParams, NetworkReachabilityResult, void>(method);
}
