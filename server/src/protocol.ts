/**
 * Custom requests between the Kubeward client and server, defined once and imported by both sides.
 */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';

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

export interface EffectiveAccessParams {
  uri: string;
  /** An LSP position on a subject of a RoleBinding or ClusterRoleBinding. */
  position: { line: number; character: number };
}

export interface EffectiveAccessResult {
  /** Everything the subject can do, as Markdown; empty when there is no binding subject at the position. */
  markdown: string;
}

/** Client → server: the full effective access of the binding subject at a position. */
export namespace EffectiveAccessRequest {
  export const method = 'kubeward/effectiveAccess';
  export const type = new RequestType<EffectiveAccessParams, EffectiveAccessResult, void>(method);
}

export interface WorkloadNamespacesResult {
  /** The namespaces that hold at least one workload in the workspace, sorted. */
  namespaces: string[];
}

/** Client → server: the namespaces a reachability summary can be asked for. */
export namespace WorkloadNamespacesRequest {
  export const method = 'kubeward/workloadNamespaces';
  export const type = new RequestType0<WorkloadNamespacesResult, void>(method);
}
