/**
 * Commands that hold the open manifest up against the cluster: a server-side dry run of its objects with the API
 * server's complaints shown on the very fields they are about, a diff of an object with its live version, and a
 * Secret of the cluster decoded into a read-only document.
 */
import * as k8s from '@kubernetes/client-node';
import {
  Diagnostic,
  DiagnosticSeverity,
  Position,
  Range,
  Uri,
  commands,
  languages,
  window,
  workspace,
  type DiagnosticCollection,
  type Disposable,
  type TextDocument,
} from 'vscode';
import { stringify } from 'yaml';
import { FieldRangesRequest, ManifestObjectsRequest, type ManifestObject } from '../../../server/src/protocol';
import type { ClusterDeps } from './index';
import { send } from './server-messages';
import { ClusterCommandError } from './session';

const FIELD_MANAGER = 'kubeward';
export const CLUSTER_DIAGNOSTIC_SOURCE = 'kubernetes (dry run)';


interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

function isKubeObject(data: unknown): data is KubeObject {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { apiVersion, kind } = data as Record<string, unknown>;
  return typeof apiVersion === 'string' && typeof kind === 'string';
}

/**
 * The generic object client, with requests that send and return the objects exactly as written: the library's own
 * methods pass known kinds through its typed models, which drop every field they do not know, and an unknown field
 * is precisely what a dry run has to catch.
 */
class ObjectApi extends k8s.KubernetesObjectApi {
  useNamespace(namespace: string): this {
    this.defaultNamespace = namespace;
    return this;
  }

  /** The object's URL path; throws when the cluster does not serve its kind or its name is missing. */
  private pathOf(object: KubeObject): Promise<string> {
    return this.specUriPath({ apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata?.name, namespace: object.metadata?.namespace } }, 'patch');
  }

  /** Server-side apply as a dry run: nothing is stored, the object goes through validation and admission. */
  async applyDryRun(object: KubeObject): Promise<unknown> {
    const context = this.configuration.baseServer.makeRequestContext(await this.pathOf(object), k8s.HttpMethod.PATCH);
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('Content-Type', k8s.PatchStrategy.ServerSideApply);
    context.setQueryParam('dryRun', 'All');
    context.setQueryParam('fieldManager', FIELD_MANAGER);
    // Nothing is taken over in a dry run; without force, fields another manager set to other values would conflict.
    context.setQueryParam('force', 'true');
    // Server-side apply refuses unknown fields whatever fieldValidation says (kube-apiserver 1.36 answers 500 "field
    // not declared in schema", checked against the test cluster); Strict says so explicitly, for duplicates too.
    context.setQueryParam('fieldValidation', 'Strict');
    context.setBody(JSON.stringify(object));
    return this.requestPromise(context);
  }

  /** The live object, or undefined when it does not exist. */
  async readLive(object: KubeObject): Promise<KubeObject | undefined> {
    const context = this.configuration.baseServer.makeRequestContext(await this.pathOf(object), k8s.HttpMethod.GET);
    context.setHeaderParam('Accept', 'application/json');
    try {
      return (await this.requestPromise(context)) as KubeObject;
    } catch (error) {
      if (error instanceof k8s.ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  protected override async processResponse<T extends k8s.KubernetesObject>(response: k8s.ResponseContext): Promise<T> {
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return JSON.parse(text) as T;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    throw new k8s.ApiException(response.httpStatusCode, 'Unsuccessful HTTP Request', body, response.headers);
  }
}

function objectApi(deps: ClusterDeps): ObjectApi {
  return deps.session.api(ObjectApi).useNamespace(deps.session.namespace);
}

/** The manifest a command works on: the one given (from a menu or a test), else the active editor's. */
async function targetDocument(args: unknown, what: string): Promise<TextDocument> {
  const uri = args instanceof Uri ? args : (args as { uri?: Uri } | undefined)?.uri;
  if (uri) return workspace.openTextDocument(uri);
  const document = window.activeTextEditor?.document;
  if (!document) throw new ClusterCommandError(`Open a YAML manifest to ${what}.`);
  return document;
}

async function manifestObjects(deps: ClusterDeps, text: string): Promise<ManifestObject[]> {
  const client = await deps.server.ensureStarted();
  return (await send(client, ManifestObjectsRequest.type, { text })).objects;
}

function toRange(range: ManifestObject['range']): Range {
  return new Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function describe(object: KubeObject): string {
  const name = object.metadata?.name ?? '(no name)';
  return `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${name}`;
}

// --- Validate -------------------------------------------------------------------------------------------------

let diagnostics: DiagnosticCollection | undefined;
let listeners: Disposable[] = [];

function clusterDiagnostics(): DiagnosticCollection {
  if (!diagnostics) {
    diagnostics = languages.createDiagnosticCollection('kubeward-cluster');
    // The cluster's answer was about the text it saw; once the text changes, it may no longer hold.
    listeners = [
      workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) diagnostics?.delete(event.document.uri);
      }),
      workspace.onDidCloseTextDocument((document) => diagnostics?.delete(document.uri)),
    ];
  }
  return diagnostics;
}

export function disposeObjectCommands(): void {
  for (const listener of listeners) listener.dispose();
  listeners = [];
  diagnostics?.dispose();
  diagnostics = undefined;
}

/** One complaint of the API server: the field it names (empty when none) and what it says. */
export interface Complaint {
  path: string;
  message: string;
}

const UNKNOWN_FIELD_PATTERNS = [/unknown field "([^"]+)"/g, /(\.[^\s:,]+): field not declared in schema/g, /duplicate field "([^"]+)"/g];

/** The complaints in an API server's Status, with the field each is about where the Status says. */
export function complaintsOf(status: Partial<k8s.V1Status> | undefined, fallback: string): Complaint[] {
  const message = status?.message ?? fallback;
  const causes = status?.details?.causes ?? [];
  const complaints = causes
    .filter((cause) => cause.field || cause.message)
    .flatMap((cause): Complaint[] =>
      cause.field ? [{ path: cause.field, message: `${cause.field}: ${cause.message ?? cause.reason ?? 'rejected'}` }] : fromMessage(cause.message ?? ''),
    );
  if (complaints.length > 0) return complaints;
  if (status?.reason === 'NotFound' && status.details?.kind === 'namespaces') return [{ path: 'metadata.namespace', message }];
  return fromMessage(message);
}

/** Strict field validation and server-side apply name the field only in the message. */
function fromMessage(message: string): Complaint[] {
  const found: Complaint[] = [];
  for (const pattern of UNKNOWN_FIELD_PATTERNS) {
    for (const match of message.matchAll(pattern)) {
      const path = match[1];
      found.push({ path, message: /field not declared/.test(match[0]) ? `${path.replace(/^\./, '')}: unknown field (not declared in the schema)` : match[0] });
    }
  }
  return found.length > 0 ? found : [{ path: '', message }];
}

function statusOf(error: k8s.ApiException<unknown>): Partial<k8s.V1Status> | undefined {
  const body = typeof error.body === 'string' ? safeParse(error.body) : error.body;
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status' ? (body as Partial<k8s.V1Status>) : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ValidationSummary {
  accepted: number;
  rejected: number;
}

export async function validateAgainstCluster(deps: ClusterDeps, args?: unknown): Promise<ValidationSummary> {
  const document = await targetDocument(args, 'validate');
  const version = document.version;
  const text = document.getText();
  const client = await deps.server.ensureStarted();
  const objects = await manifestObjects(deps, text);
  const api = objectApi(deps);
  const found: Diagnostic[] = [];
  let accepted = 0;
  let rejected = 0;

  const report = async (index: number, complaints: Complaint[]) => {
    const { ranges } = await send(client, FieldRangesRequest.type, { text, index, paths: complaints.map((complaint) => complaint.path) });
    complaints.forEach((complaint, i) => {
      const range = ranges[i] ? toRange(ranges[i].range) : new Range(0, 0, 0, 0);
      const diagnostic = new Diagnostic(range, complaint.message, DiagnosticSeverity.Error);
      diagnostic.source = CLUSTER_DIAGNOSTIC_SOURCE;
      found.push(diagnostic);
    });
  };

  await deps.session.withProgress('Validating against the cluster (dry run)', async () => {
    for (const object of objects) {
      if (object.problem) {
        rejected++;
        await report(object.index, [{ path: '', message: `Not sent to the cluster: the YAML cannot be read (${object.problem}).` }]);
        continue;
      }
      if (object.data === undefined || object.data === null) continue;
      if (!isKubeObject(object.data)) {
        rejected++;
        await report(object.index, [{ path: '', message: 'Not sent to the cluster: a Kubernetes object needs apiVersion and kind.' }]);
        continue;
      }
      try {
        await api.applyDryRun(object.data);
        accepted++;
      } catch (error) {
        if (error instanceof k8s.ApiException) {
          rejected++;
          await report(object.index, complaintsOf(statusOf(error), `${error.code}: the API server rejected ${describe(object.data)}.`));
        } else if (error instanceof Error && /^Unrecognized API version and kind/.test(error.message)) {
          rejected++;
          await report(object.index, [{ path: 'kind', message: `The cluster does not serve ${object.data.apiVersion} ${object.data.kind} (is its CustomResourceDefinition installed?).` }]);
        } else if (error instanceof Error && /^Required spec property name/.test(error.message)) {
          rejected++;
          await report(object.index, [{ path: 'metadata.name', message: 'Not sent to the cluster: metadata.name is required (generateName cannot be applied).' }]);
        } else {
          throw error;
        }
      }
    }
  });

  const name = workspace.asRelativePath(document.uri);
  if (document.version !== version) {
    void window.showWarningMessage(`${name} changed while it was being validated; run the dry run again.`);
    return { accepted, rejected };
  }
  clusterDiagnostics().set(document.uri, found);
  const total = accepted + rejected;
  if (rejected === 0) {
    void window.showInformationMessage(
      total === 0 ? `${name} holds no Kubernetes object to validate.` : `Context ${deps.session.context} accepts ${total === 1 ? 'the object' : `all ${total} objects`} of ${name} (server-side dry run).`,
    );
  } else {
    void window.showErrorMessage(`Context ${deps.session.context} rejects ${rejected} of ${total} object${total === 1 ? '' : 's'} of ${name} (server-side dry run); see the Problems panel.`);
  }
  return { accepted, rejected };
}

// --- Diff -----------------------------------------------------------------------------------------------------

const NOISE_METADATA = ['managedFields', 'uid', 'resourceVersion', 'creationTimestamp', 'generation', 'selfLink'];
const NOISE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** The live object without what the cluster adds for its own bookkeeping. */
export function withoutNoise(live: KubeObject): KubeObject {
  const { status: _status, ...rest } = live;
  const metadata = { ...(live.metadata ?? {}) };
  for (const key of NOISE_METADATA) delete metadata[key];
  const annotations = { ...((metadata.annotations as Record<string, string> | undefined) ?? {}) };
  for (const key of NOISE_ANNOTATIONS) delete annotations[key];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...rest, metadata };
}

/** The live data with its keys in the order the manifest writes them (the rest after), so the diff lines up. */
function orderLike(live: unknown, local: unknown): unknown {
  if (Array.isArray(live)) return live.map((item, index) => orderLike(item, Array.isArray(local) ? local[index] : undefined));
  if (typeof live !== 'object' || live === null) return live;
  const source = live as Record<string, unknown>;
  const template = typeof local === 'object' && local !== null && !Array.isArray(local) ? (local as Record<string, unknown>) : {};
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(template)) if (key in source) ordered[key] = orderLike(source[key], template[key]);
  for (const key of Object.keys(source)) if (!(key in ordered)) ordered[key] = orderLike(source[key], undefined);
  return ordered;
}


export async function diffWithCluster(deps: ClusterDeps, args?: unknown): Promise<Uri | undefined> {
  const document = await targetDocument(args, 'compare');
  const given = (args as { position?: Position } | undefined)?.position;
  const editor = window.visibleTextEditors.find((candidate) => candidate.document === document);
  const cursor = given ?? editor?.selection.active;
  const objects = (await manifestObjects(deps, document.getText())).filter((object) => isKubeObject(object.data));
  if (objects.length === 0) throw new ClusterCommandError(`${workspace.asRelativePath(document.uri)} holds no Kubernetes object to compare.`);
  // Documents follow each other, so the cursor is in the last one that starts before it.
  const chosen = objects.length === 1 ? objects[0] : cursor && objects.filter((object) => toRange(object.range).start.isBeforeOrEqual(cursor)).pop();
  if (!chosen) throw new ClusterCommandError('Put the cursor in the object to compare with the cluster.');
  const local = chosen.data as KubeObject;

  const live = await deps.session.withProgress(`Reading ${describe(local)}`, () => objectApi(deps).readLive(local));
  const namespace = local.metadata?.namespace ?? deps.session.namespace;
  if (!live) {
    void window.showWarningMessage(`${local.kind} ${local.metadata?.name ?? ''} does not exist in context ${deps.session.context} (namespace ${namespace}): nothing to compare with.`);
    return undefined;
  }
  const yaml = stringify(orderLike(withoutNoise(live), local), { lineWidth: 0 });
  const name = local.metadata?.name ?? 'object';
  const left = deps.reports.add(`${local.kind} ${name} (live in ${deps.session.context}).yaml`, yaml);
  // The manifest itself when it holds just this object, so the diff can be edited; otherwise this object's text.
  const right = objects.length === 1 ? document.uri : deps.reports.add(`${local.kind} ${name} (${workspace.asRelativePath(document.uri)}).yaml`, document.getText(toRange(chosen.range)));
  await commands.executeCommand('vscode.diff', left, right, `${local.kind} ${name}: live in ${deps.session.context} ↔ ${workspace.asRelativePath(document.uri)}`);
  return left;
}

// --- Decode Secret --------------------------------------------------------------------------------------------

/** Text when the bytes are UTF-8 without control characters (line breaks and tabs allowed), else undefined. */
function printable(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text) ? undefined : text;
}

export async function decodeSecret(deps: ClusterDeps, args: { namespace?: string; name?: string } = {}): Promise<Uri | undefined> {
  const core = deps.session.api(k8s.CoreV1Api);
  const namespace = args.namespace ?? deps.session.namespace;
  let name = args.name;
  if (!name) {
    const list = await deps.session.withProgress(`Listing Secrets in ${namespace}`, () => core.listNamespacedSecret({ namespace }));
    const picked = await window.showQuickPick(
      list.items.map((secret) => ({ label: secret.metadata?.name ?? '', description: secret.type, detail: `${Object.keys(secret.data ?? {}).length} keys` })),
      { placeHolder: `Secret in namespace ${namespace} to decode (Kubeward: Select Cluster Namespace for another)` },
    );
    name = picked?.label;
  }
  if (!name) return undefined;
  const secretName = name;
  const secret = await deps.session.withProgress(`Reading Secret ${namespace}/${secretName}`, () => core.readNamespacedSecret({ name: secretName, namespace }));
  const decoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    const bytes = Buffer.from(value, 'base64');
    decoded[key] = printable(bytes) ?? `<${bytes.length} bytes, binary>`;
  }
  const keys = Object.keys(decoded).length;
  const header = [
    `# Secret ${namespace}/${secretName} (type ${secret.type ?? 'Opaque'}) in context ${deps.session.context}: ${keys} key${keys === 1 ? '' : 's'}, decoded.`,
    '# Read-only and kept in memory only: close this tab to discard it.',
    '',
  ].join('\n');
  return deps.reports.showText(`Secret ${namespace}-${secretName}`, header + (keys === 0 ? '# (no data)\n' : stringify(decoded, { lineWidth: 0 })));
}
