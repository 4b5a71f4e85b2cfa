/**
 * Custom requests between the Kubeward client and server, defined once and imported by both sides.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** An access question read into its parts: a verb on a resource (as the RBAC authorizer sees it) or on a URL. */
export type AccessTarget =
  | { kind: 'resource'; verb: string; apiGroup: string; resource: string; subresource?: string; name?: string; namespace?: string }
  | { kind: 'nonResource'; verb: string; path: string };

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

/** A place in a document: the questions asked about what is under the editor's cursor. */
export interface PositionParams {
  uri: string;
  /** An LSP position (0-based line, UTF-16 character). */
  position: { line: number; character: number };
}

export interface CertificateDetailsResult {
  /** A read-only description like `openssl x509 -text`; empty when there is no credential value at the position. */
  text: string;
}

/** Client → server: the certificates, requests and keys (type and size only) in the credential value at a position. */
export namespace CertificateDetailsRequest {
  export const method = 'kubeward/certificateDetails';
  export const type = new RequestType<PositionParams, CertificateDetailsResult, void>(method);
}

export interface EffectiveAccessResult {
  /** Everything the subject can do, as Markdown; empty when there is no binding subject at the position. */
  markdown: string;
}

/** Client → server: the full effective access of the binding subject at a position. */
export namespace EffectiveAccessRequest {
  export const method = 'kubeward/effectiveAccess';
  export const type = new RequestType<PositionParams, EffectiveAccessResult, void>(method);
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

export interface ClusterRbacParams {
  /** The kubeconfig context the objects were read from. */
  context: string;
  /** The cluster's Roles, ClusterRoles and bindings as a multi-document YAML (or JSON) stream; empty to forget them. */
  yaml: string;
  /** Whether hovers, code lenses and cross-file rules should count them beside the workspace's manifests. */
  showInWorkspace: boolean;
}

/** Client → server: the RBAC objects of a live cluster, read by the client on the user's request. */
export namespace ClusterRbacNotification {
  export const method = 'kubeward/clusterRbac';
  export const type = new NotificationType<ClusterRbacParams>(method);
}

/** Which RBAC objects an access question is answered from. */
export type AccessSource = 'workspace' | 'cluster';

export interface AccessQuestion {
  verb: string;
  /** A resource as kubectl names it (`pods`, `deployments.apps`, `pods/exec`) or a non-resource URL (`/healthz`). */
  resource: string;
  name?: string;
  namespace?: string;
  source: AccessSource;
}

export interface CanIParams extends AccessQuestion {
  user: string;
  groups: string[];
}

export interface CanIResult {
  allowed: boolean;
  grants: string[];
  /** The question as the authorizer reads it, for asking the same of a cluster; absent when it could not be read. */
  target?: AccessTarget;
  /** The question in kubectl's words, or the reason it could not be read. */
  description: string;
  error?: string;
}

/** Client → server: whether a user may make a request, by the workspace's manifests or a cluster's RBAC objects. */
export namespace CanIRequest {
  export const method = 'kubeward/canI';
  export const type = new RequestType<CanIParams, CanIResult, void>(method);
}

/** Client → server: every subject that may make a request, as Markdown. */
export namespace WhoCanRequest {
  export const method = 'kubeward/whoCan';
  export const type = new RequestType<AccessQuestion, { markdown: string }, void>(method);
}

export interface SubjectAccessParams {
  /** `User:jane`, `Group:devs`, `ServiceAccount:shop:ci`. */
  subject: string;
  source: AccessSource;
}

/** Client → server: everything a subject can do, risks first, as Markdown. */
export namespace SubjectAccessRequest {
  export const method = 'kubeward/subjectAccess';
  export const type = new RequestType<SubjectAccessParams, { markdown: string }, void>(method);
}

export interface DescribeCsrParams {
  /** A YAML (or JSON) stream holding a certificates.k8s.io/v1 CertificateSigningRequest. */
  yaml: string;
  /** An offset in `yaml` inside the CSR to describe (a cursor); without it, the first CSR. */
  offset?: number;
  /** The object was read from a cluster: the requester fields were recorded by the API server. */
  live?: boolean;
}

/** Client → server: a plain-text report on a CSR (decoded request, signer, usages, lifetime, requester, findings); empty when there is none. */
export namespace DescribeCsrRequest {
  export const method = 'kubeward/describeCsr';
  export const type = new RequestType<DescribeCsrParams, { text: string }, void>(method);
}

/** The request an openssl configuration describes; see services/openssl-request-plan. */
export interface OpensslRequestPlan {
  /** Why no request is made from the file; the other fields are then empty. */
  refusal?: string;
  /** The subject in order, each attribute by OID. */
  subject: { oid: string; attribute: string; value: string }[];
  names: { type: 'dns' | 'ip' | 'email' | 'url'; value: string }[];
  /** keyUsage as @peculiar/x509 KeyUsageFlags names. */
  keyUsage?: { flags: string[]; critical: boolean };
  extendedKeyUsage?: { oids: string[]; critical: boolean };
  rsaBits: number;
  /** certificates.k8s.io/v1 usages for the config's key usages (empty when it sets none). */
  usages: string[];
  /** The built-in signer that issues this certificate, when the subject and usages fit one. */
  signerName?: string;
  /** What the configuration asks for that the request leaves out, in words. */
  notes: string[];
}

export interface OpensslRequestPlanParams {
  /** The text of an openssl configuration (openssl.cnf). */
  text: string;
}

/** Client → server: the certificate request an openssl configuration describes, for the client to make with a local key. */
export namespace OpensslRequestPlanRequest {
  export const method = 'kubeward/opensslRequestPlan';
  export const type = new RequestType<OpensslRequestPlanParams, OpensslRequestPlan, void>(method);
}

export interface ManifestObjectsParams {
  /** The text of a YAML stream (sent by the client, so any editor document works, saved or not). */
  text: string;
}

export interface ManifestObject {
  /** The position of the YAML document in the stream; FieldRangesRequest takes it back. */
  index: number;
  /** Where the document is in the text (LSP positions). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** The document's data as Kubernetes decodes it; absent for empty documents and when `problem` is set. */
  data?: unknown;
  /** Why the document cannot be read (a YAML error), when it cannot. */
  problem?: string;
}

/** Client → server: the YAML documents of a stream with their data, as the engine reads them. */
export namespace ManifestObjectsRequest {
  export const method = 'kubeward/manifestObjects';
  export const type = new RequestType<ManifestObjectsParams, { objects: ManifestObject[] }, void>(method);
}

export interface FieldRangesParams {
  text: string;
  /** A ManifestObject index. */
  index: number;
  /**
   * Field paths as the API server writes them: `spec.template.spec.containers[0].image`, `metadata.labels[app]`,
   * or server-side apply's `.spec.ports[port=80,protocol="TCP"].name`. An empty path means the document itself.
   */
  paths: string[];
}

export interface FieldRange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** False when the path is not written in the document and the range is the nearest ancestor or the `kind` line. */
  exact: boolean;
}

/** Client → server: where fields of one document of a stream are written, one range per path. */
export namespace FieldRangesRequest {
  export const method = 'kubeward/fieldRanges';
  export const type = new RequestType<FieldRangesParams, { ranges: FieldRange[] }, void>(method);
}

/** What the VS Code client tells the server at start (`initializationOptions`) about the editor around it. */
export interface KubewardInitializationOptions {
  /** Whether the Red Hat YAML extension (redhat.vscode-yaml) is installed and enabled beside Kubeward. */
  yamlExtension?: boolean;
  /**
   * Whether the server offers Kubeward's snippets as completion items (the default). VS Code says no: it reads
   * them from the extension's own snippet file, which works before any server has started.
   */
  snippets?: boolean;
  /**
   * A folder where the server may keep its workspace index between sessions (VS Code: the extension's storage for
   * the workspace); without it, the index is built from the files every time.
   */
  cacheFolder?: string;
}

export interface YamlExtensionParams {
  /** Whether the Red Hat YAML extension is installed and enabled. */
  present: boolean;
}

/**
 * Client → server: the Red Hat YAML extension was installed, enabled, disabled or removed. With it present, the
 * server reads its `yaml` settings to decide whether plain schema errors are already reported (kubeward.schemaDiagnostics).
 */
export namespace YamlExtensionNotification {
  export const method = 'kubeward/yamlExtension';
  export const type = new NotificationType<YamlExtensionParams>(method);
}

export interface CompareRevisionsParams {
  /** A branch, tag or commit of the git repository of the workspace folder. */
  base: string;
  /** The workspace folder (a file URI); the first one when absent. */
  folder?: string;
}

export interface CompareRevisionsResult {
  /** What the workspace as edited grants compared with `base`: access and reachability, as Markdown. */
  markdown: string;
  /** The commit `base` named. */
  commit: string;
}

/**
 * Client → server: compare the workspace with a git revision. The server reads the revision with the `git`
 * executable, so the client asks only in trusted workspaces; the comparison is kept for the code lenses of
 * changed bindings and roles until the next one.
 */
export namespace CompareRevisionsRequest {
  export const method = 'kubeward/compareRevisions';
  export const type = new RequestType<CompareRevisionsParams, CompareRevisionsResult, void>(method);
}
