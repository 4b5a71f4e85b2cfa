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

export interface CertificateDetailsParams {
  uri: string;
  /** An LSP position (0-based line, UTF-16 character) on a credential value. */
  position: { line: number; character: number };
}

export interface CertificateDetailsResult {
  /** A read-only description like `openssl x509 -text`; empty when there is no credential value at the position. */
  text: string;
}

/** Client → server: the certificates, requests and keys (type and size only) in the credential value at a position. */
export namespace CertificateDetailsRequest {
  export const method = 'kubeward/certificateDetails';
  export const type = new RequestType<CertificateDetailsParams, CertificateDetailsResult, void>(method);
}
