/**
 * CertificateSigningRequest commands (issue #7): list the cluster's requests, show one decoded with Kubeward's
 * findings, approve or deny it after an explicit confirmation, create a request with a key made and kept locally,
 * create one from an openssl configuration of the workspace, and fetch an issued certificate into a file or a
 * kubeconfig user.
 */
import * as k8s from '@kubernetes/client-node';
import { open, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Uri, window, workspace, type QuickPickItem } from 'vscode';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import { DescribeCsrRequest, OpensslRequestPlanRequest, type OpensslRequestPlan } from '../../../server/src/protocol';
import type { ClusterDeps } from './index';
import { send } from './server-messages';
import type { KeySpec, KeyType, RequestContent } from './pkcs10';
import { ClusterCommandError, type Confirmation } from './session';

const API_VERSION = 'certificates.k8s.io/v1';
const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
const DEFAULT_EXPIRATION_SECONDS = 86400;

/** Usages the built-in signers issue; for any other signer, client auth. */
const SIGNER_USAGES: Record<string, string[]> = {
  [CLIENT_SIGNER]: ['client auth'],
  'kubernetes.io/kube-apiserver-client-kubelet': ['digital signature', 'client auth'],
  'kubernetes.io/kubelet-serving': ['digital signature', 'server auth'],
};

/**
 * @peculiar/x509 and the reflect-metadata polyfill it needs (which changes the global Reflect of the extension
 * host) load only when a command works with a request, not with every cluster command.
 */
const pkcs10 = () => import('./pkcs10');


type CsrState = 'Pending' | 'Approved' | 'Issued' | 'Denied' | 'Failed';

export interface CsrSummary {
  name: string;
  /** Pending, Approved (not yet signed), Issued, Denied or Failed. */
  state: CsrState;
  /** The conditions as the cluster has them: type, reason and message. */
  conditions: { type: string; reason?: string; message?: string }[];
  requester: string;
  signer: string;
  created?: string;
}

function conditionOf(csr: k8s.V1CertificateSigningRequest, type: string): k8s.V1CertificateSigningRequestCondition | undefined {
  return csr.status?.conditions?.find((condition) => condition.type === type && condition.status === 'True');
}

function stateOf(csr: k8s.V1CertificateSigningRequest): CsrState {
  if (conditionOf(csr, 'Denied')) return 'Denied';
  if (conditionOf(csr, 'Failed')) return 'Failed';
  if (conditionOf(csr, 'Approved')) return csr.status?.certificate ? 'Issued' : 'Approved';
  return 'Pending';
}

function summary(csr: k8s.V1CertificateSigningRequest): CsrSummary {
  const created = csr.metadata?.creationTimestamp;
  return {
    name: csr.metadata?.name ?? '',
    state: stateOf(csr),
    conditions: (csr.status?.conditions ?? []).map(({ type, reason, message }) => ({ type, ...(reason ? { reason } : {}), ...(message ? { message } : {}) })),
    requester: csr.spec.username ?? '',
    signer: csr.spec.signerName,
    ...(created ? { created: new Date(created).toISOString() } : {}),
  };
}

function age(created: string | undefined, now = Date.now()): string {
  if (!created) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(created)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

function certificatesApi(deps: ClusterDeps): k8s.CertificatesV1Api {
  return deps.session.api(k8s.CertificatesV1Api);
}

async function listAll(deps: ClusterDeps): Promise<k8s.V1CertificateSigningRequest[]> {
  const list = await certificatesApi(deps).listCertificateSigningRequest();
  // Pending first (they are the ones waiting for someone), newest first within each group.
  return list.items.sort((a, b) => {
    const pending = Number(stateOf(b) === 'Pending') - Number(stateOf(a) === 'Pending');
    return pending || Number(new Date(b.metadata?.creationTimestamp ?? 0)) - Number(new Date(a.metadata?.creationTimestamp ?? 0));
  });
}

async function readCsr(deps: ClusterDeps, name: string): Promise<k8s.V1CertificateSigningRequest> {
  try {
    return await certificatesApi(deps).readCertificateSigningRequest({ name });
  } catch (error) {
    if (error instanceof k8s.ApiException && error.code === 404) throw new ClusterCommandError(`No CertificateSigningRequest "${name}" in context ${deps.session.context}.`);
    throw error;
  }
}

interface CsrPick extends QuickPickItem {
  csr: k8s.V1CertificateSigningRequest;
}

/** A quick pick of the cluster's requests, optionally only those `filter` accepts; undefined when dismissed. */
async function pickCsr(deps: ClusterDeps, placeHolder: string, filter: (csr: k8s.V1CertificateSigningRequest) => boolean = () => true): Promise<k8s.V1CertificateSigningRequest | undefined> {
  const items = (await deps.session.withProgress('Listing certificate signing requests', () => listAll(deps))).filter(filter);
  if (items.length === 0) {
    void window.showInformationMessage(`No matching CertificateSigningRequests in context ${deps.session.context}.`);
    return undefined;
  }
  const picks: CsrPick[] = items.map((csr) => {
    const info = summary(csr);
    return {
      label: `${info.state === 'Pending' ? '$(clock)' : info.state === 'Denied' || info.state === 'Failed' ? '$(error)' : '$(pass)'} ${info.name}`,
      description: [info.requester && `by ${info.requester}`, info.signer, age(info.created)].filter(Boolean).join(' · '),
      detail: info.state + (info.conditions.length > 0 ? `: ${info.conditions.map((condition) => [condition.reason, condition.message].filter(Boolean).join(' – ')).join('; ')}` : ''),
      csr,
    };
  });
  return (await window.showQuickPick(picks, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.csr;
}

export async function listCsrs(deps: ClusterDeps, args: { list?: boolean } = {}): Promise<CsrSummary[] | unknown> {
  if (args.list) return (await deps.session.withProgress('Listing certificate signing requests', () => listAll(deps))).map(summary);
  const csr = await pickCsr(deps, `Certificate signing requests in ${deps.session.context} (pending first)`);
  if (!csr) return undefined;
  const name = csr.metadata?.name ?? '';
  const state = stateOf(csr);
  const actions = [
    { label: '$(file-text) Show decoded request', run: () => showCsr(deps, { name }) },
    ...(state === 'Pending'
      ? [
          { label: '$(check) Approve…', run: () => approveCsr(deps, { name }) },
          { label: '$(close) Deny…', run: () => denyCsr(deps, { name }) },
        ]
      : []),
    ...(state === 'Issued' ? [{ label: '$(cloud-download) Fetch issued certificate…', run: () => fetchCertificate(deps, { name }) }] : []),
  ];
  const action = await window.showQuickPick(actions, { placeHolder: `${name}: ${state}` });
  return action?.run();
}

/** The report on a request of the cluster (by name), the CSR manifest under the cursor, or one picked from the cluster. */
export async function showCsr(deps: ClusterDeps, args: { name?: string } = {}): Promise<Uri | undefined> {
  const client = await deps.server.ensureStarted();
  if (!args.name) {
    const editor = window.activeTextEditor;
    if (editor && editor.document.languageId === 'yaml') {
      const { text } = await send(client, DescribeCsrRequest.type, { yaml: editor.document.getText(), offset: editor.document.offsetAt(editor.selection.active) });
      if (text) return deps.reports.showText(`CSR ${path.basename(editor.document.uri.path)}`, text);
    }
  }
  const csr = args.name ? await deps.session.withProgress('Reading the certificate signing request', () => readCsr(deps, args.name!)) : await pickCsr(deps, 'Certificate signing request to show');
  if (!csr) return undefined;
  const { managedFields: _managedFields, ...metadata } = csr.metadata ?? {};
  const object = { ...csr, apiVersion: API_VERSION, kind: 'CertificateSigningRequest', metadata };
  const { text } = await send(client, DescribeCsrRequest.type, { yaml: JSON.stringify(object), live: true });
  if (!text) throw new ClusterCommandError(`Kubeward could not read CertificateSigningRequest "${metadata.name}".`);
  return deps.reports.showText(`CSR ${metadata.name} (${deps.session.context})`, `${text}\nRead from context ${deps.session.context}.\n`);
}

export interface DecisionArgs {
  name?: string;
  reason?: string;
  confirm?: Confirmation;
}

async function decide(deps: ClusterDeps, type: 'Approved' | 'Denied', args: DecisionArgs): Promise<k8s.V1CertificateSigningRequestCondition | undefined> {
  const verb = type === 'Approved' ? 'Approve' : 'Deny';
  const csr = args.name
    ? await deps.session.withProgress('Reading the certificate signing request', () => readCsr(deps, args.name!))
    : await pickCsr(deps, `Certificate signing request to ${verb.toLowerCase()}`, (candidate) => stateOf(candidate) === 'Pending');
  if (!csr) return undefined;
  const name = csr.metadata?.name ?? '';
  const state = stateOf(csr);
  if (state !== 'Pending') throw new ClusterCommandError(`CertificateSigningRequest "${name}" is already ${state.toLowerCase()}; it cannot be ${type.toLowerCase()}.`);
  const subject = (await pkcs10()).requestSubject(Buffer.from(csr.spec.request, 'base64').toString('utf8')) ?? 'an unreadable request';
  const asked = `${verb} certificate signing request "${name}" for ${subject} (signer ${csr.spec.signerName}, requested by ${csr.spec.username ?? 'unknown'})`;
  if (!(await deps.session.confirm(asked, args.confirm))) return undefined;
  const reason = type === 'Approved' ? 'KubewardApprove' : 'KubewardDeny';
  const condition: k8s.V1CertificateSigningRequestCondition = {
    type,
    status: 'True',
    reason,
    message: args.reason ?? `${type} with Kubeward in context ${deps.session.context}.`,
    lastUpdateTime: new Date(),
  };
  const body: k8s.V1CertificateSigningRequest = { ...csr, status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] } };
  const updated = await deps.session.withProgress(`${verb === 'Approve' ? 'Approving' : 'Denying'} ${name}`, () =>
    certificatesApi(deps).replaceCertificateSigningRequestApproval({ name, body }),
  );
  void window.showInformationMessage(`CertificateSigningRequest ${name} ${type.toLowerCase()} in context ${deps.session.context}.`);
  return updated.status?.conditions?.find((candidate) => candidate.type === type) ?? condition;
}

export function approveCsr(deps: ClusterDeps, args: DecisionArgs = {}): Promise<k8s.V1CertificateSigningRequestCondition | undefined> {
  return decide(deps, 'Approved', args);
}

export function denyCsr(deps: ClusterDeps, args: DecisionArgs = {}): Promise<k8s.V1CertificateSigningRequestCondition | undefined> {
  return decide(deps, 'Denied', args);
}

export interface CreateCsrArgs {
  commonName?: string;
  organizations?: string[];
  signerName?: string;
  expirationSeconds?: number;
  keyPath?: string;
  keyType?: KeyType;
}

/** A metadata.name from the common name: lower-case DNS label characters, with a suffix against clashes. */
function csrName(commonName: string): string {
  const base = commonName.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 200) || 'csr';
  return `${base}-${Date.now().toString(36)}`;
}

/** Writes a private key readable by its owner only; the mode is set before any key material is written. */
async function writePrivateKey(file: string, pem: string): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(pem);
  } finally {
    await handle.close();
  }
}

/** Asks where to keep a new private key, next to `near` by default; undefined when dismissed. */
async function askKeyFile(title: string, near: string): Promise<string | undefined> {
  const file = await window.showSaveDialog({ title, defaultUri: Uri.file(near), filters: { 'Private key (PEM)': ['key', 'pem'] } });
  return file?.fsPath;
}

/**
 * Makes the key, saves it readable by its owner only, and opens the CSR manifest for the request in a new
 * untitled YAML document with `header` above it.
 */
async function writeRequest(content: RequestContent, key: KeySpec, keyFile: string, spec: { name: string; signerName: string; expirationSeconds: number; usages: readonly string[] }, header: (keyLabel: string) => string[]): Promise<{ keyPath: string; documentUri: string }> {
  const { createCertificateRequest } = await pkcs10();
  const { requestPem, privateKeyPem, keyLabel } = await createCertificateRequest(content, key);
  await writePrivateKey(keyFile, privateKeyPem);
  const manifest = {
    apiVersion: API_VERSION,
    kind: 'CertificateSigningRequest',
    metadata: { name: csrName(spec.name) },
    spec: { request: Buffer.from(requestPem).toString('base64'), signerName: spec.signerName, expirationSeconds: spec.expirationSeconds, usages: [...spec.usages] },
  };
  const document = await workspace.openTextDocument({ language: 'yaml', content: `${header(keyLabel).join('\n')}\n${stringify(manifest, { lineWidth: 0 })}` });
  await window.showTextDocument(document);
  return { keyPath: keyFile, documentUri: document.uri.toString() };
}

export async function createCsr(_deps: ClusterDeps, args: CreateCsrArgs = {}): Promise<{ keyPath: string; documentUri: string } | undefined> {
  const interactive = args.commonName === undefined;
  const commonName = args.commonName ?? (await window.showInputBox({ title: 'User name (CN)', prompt: 'The Kubernetes user the certificate will authenticate as, such as jane' }));
  if (!commonName) return undefined;
  let organizations = args.organizations;
  if (!organizations && interactive) {
    const typed = await window.showInputBox({ title: 'Groups (O)', prompt: 'The Kubernetes groups, separated by commas; empty for none' });
    if (typed === undefined) return undefined;
    organizations = typed.split(',').map((group) => group.trim()).filter(Boolean);
  }
  organizations ??= [];
  const { isKeyType, keyTypeLabel, userSubject } = await pkcs10();
  if (args.keyType !== undefined && !isKeyType(args.keyType)) throw new ClusterCommandError(`Unknown key type "${String(args.keyType)}": use ecdsa-p256 or rsa-2048.`);
  const keyType: KeyType = args.keyType ?? 'ecdsa-p256';
  const signerName = args.signerName ?? CLIENT_SIGNER;
  const expirationSeconds = args.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const keyFile = args.keyPath ?? (await askKeyFile(`Save the private key for ${commonName} (${keyTypeLabel(keyType)}; readable by you only)`, path.join(workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir(), `${commonName.replace(/[^A-Za-z0-9._-]+/g, '-')}.key`)));
  if (!keyFile) return undefined;
  const spec = { name: commonName, signerName, expirationSeconds, usages: SIGNER_USAGES[signerName] ?? ['client auth'] };
  return writeRequest({ subject: userSubject(commonName, organizations) }, keyType, keyFile, spec, (keyLabel) => [
    `# Certificate signing request for user ${commonName}${organizations.length > 0 ? ` in groups ${organizations.join(', ')}` : ''}.`,
    `# Its ${keyLabel} private key is in ${keyFile}; it is not in this document and was never sent anywhere.`,
    APPLY_HINT,
  ]);
}

const APPLY_HINT = '# Apply it with kubectl apply -f, then approve it (Kubeward: Certificate Signing Requests…).';

export interface CsrFromConfigArgs {
  /** The openssl configuration; without it, the active editor's or one picked from the workspace. */
  configPath?: string;
  keyPath?: string;
  /** The signer; without it, the built-in signer that issues such a certificate, or one the user types. */
  signerName?: string;
  expirationSeconds?: number;
}

const OPENSSL_CONFIG_GLOB = '**/{*.cnf,openssl*.conf}';

async function pickOpensslConfig(): Promise<Uri | undefined> {
  const active = window.activeTextEditor?.document.uri;
  if (active && /(\.cnf|(^|\/)openssl[^/]*\.conf)$/i.test(active.path)) return active;
  const found = await workspace.findFiles(OPENSSL_CONFIG_GLOB, '**/node_modules/**', 200);
  if (found.length === 0) throw new ClusterCommandError('The workspace has no openssl configuration (*.cnf, openssl*.conf).');
  const picked = await window.showQuickPick(
    found.map((uri) => ({ label: workspace.asRelativePath(uri), uri })),
    { placeHolder: 'openssl configuration that describes the request' },
  );
  return picked?.uri;
}

/** The names a request carries, in words for the manifest's header. */
function namesInWords(plan: OpensslRequestPlan): string {
  if (plan.names.length === 0) return 'no subject alternative names';
  const label = { dns: 'DNS', ip: 'IP', email: 'email', url: 'URI' } as const;
  return plan.names.map((name) => `${label[name.type]}:${name.value}`).join(', ');
}

/**
 * A request as `openssl req -new -config FILE` would write it (the subject, subject alternative names, key usages),
 * with a new key made here rather than by openssl, and the CSR manifest for it: usages from the config's key usages,
 * the built-in signer that issues such a certificate when there is one.
 */
export async function createCsrFromOpensslConfig(deps: ClusterDeps, args: CsrFromConfigArgs = {}): Promise<{ keyPath: string; documentUri: string } | undefined> {
  const config = args.configPath ? Uri.file(args.configPath) : await pickOpensslConfig();
  if (!config) return undefined;
  const configName = path.basename(config.fsPath);
  // The document, not the file on disk: unsaved edits count, as they do for diagnostics.
  const text = (await workspace.openTextDocument(config)).getText();
  const plan = await send(await deps.server.ensureStarted(), OpensslRequestPlanRequest.type, { text });
  if (plan.refusal) throw new ClusterCommandError(`No request can be made from ${configName}: ${plan.refusal}`);
  const commonName = plan.subject.filter((attribute) => attribute.attribute === 'CN' || attribute.attribute === 'commonName').at(-1)?.value;
  if (plan.subject.length === 0) throw new ClusterCommandError(`${configName} gives the request no subject: set prompt = no and the attributes in its distinguished_name section, or _default answers.`);
  const signerName =
    args.signerName ??
    plan.signerName ??
    (await window.showInputBox({
      title: 'Signer name',
      prompt: `No built-in Kubernetes signer issues this certificate (${plan.usages.join(', ') || 'no usages'}); the signer that will sign it, such as example.com/serving`,
    }));
  if (!signerName) return undefined;
  const base = configName.replace(/\.[^.]+$/, '');
  const keyFile = args.keyPath ?? (await askKeyFile(`Save the private key for ${configName} (RSA ${plan.rsaBits}; readable by you only)`, path.join(path.dirname(config.fsPath), `${base}.key`)));
  if (!keyFile) return undefined;
  const usages = plan.usages.length > 0 ? plan.usages : (SIGNER_USAGES[signerName] ?? ['client auth']);
  const spec = { name: commonName ?? base, signerName, expirationSeconds: args.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS, usages };
  const subject = plan.subject.map((attribute) => `${attribute.attribute}=${attribute.value}`).join(', ');
  return writeRequest(plan, { rsaBits: plan.rsaBits }, keyFile, spec, (keyLabel) => [
    `# Certificate signing request made from ${workspace.asRelativePath(config)}: ${subject}; ${namesInWords(plan)}.`,
    ...(plan.usages.length === 0 ? [`# The configuration sets no key usage; the usages are those signer ${signerName} issues.`] : []),
    ...plan.notes.map((note) => `# Note: ${note}.`),
    `# Its ${keyLabel} private key is in ${keyFile}; it is not in this document and was never sent anywhere.`,
    APPLY_HINT,
  ]);
}

export type FetchTarget = { file: string } | { kubeconfig: string; user: string };

export interface FetchArgs {
  name?: string;
  target?: FetchTarget;
  /** Asked before a kubeconfig file is changed; tests pass their own. */
  confirm?: Confirmation;
}

/** Why there is no certificate to fetch, in words. */
function notIssued(csr: k8s.V1CertificateSigningRequest, context: string): string {
  const name = csr.metadata?.name ?? '';
  const explain = (condition: k8s.V1CertificateSigningRequestCondition | undefined) =>
    [condition?.reason, condition?.message].filter(Boolean).join(': ') || 'no reason given';
  switch (stateOf(csr)) {
    case 'Denied':
      return `CertificateSigningRequest "${name}" was denied (${explain(conditionOf(csr, 'Denied'))}); there is no certificate. Create a new request.`;
    case 'Failed':
      return `Signing of CertificateSigningRequest "${name}" failed (${explain(conditionOf(csr, 'Failed'))}); there is no certificate.`;
    case 'Approved':
      return `CertificateSigningRequest "${name}" is approved but signer ${csr.spec.signerName} has not issued the certificate yet; try again in a moment.`;
    default:
      return `CertificateSigningRequest "${name}" is still pending: approve it first (Kubeward: Certificate Signing Requests…, in context ${context}).`;
  }
}

async function askTarget(name: string): Promise<FetchTarget | undefined> {
  const choice = await window.showQuickPick(
    [
      { label: '$(file) Save as a PEM file…', target: 'file' as const },
      { label: '$(key) Set client-certificate-data of a kubeconfig user…', target: 'kubeconfig' as const },
    ],
    { placeHolder: `Where to put the certificate of ${name}` },
  );
  if (!choice) return undefined;
  if (choice.target === 'file') {
    const file = await window.showSaveDialog({ defaultUri: Uri.file(path.join(workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir(), `${name}.crt`)), filters: { 'Certificate (PEM)': ['crt', 'pem'] } });
    return file && { file: file.fsPath };
  }
  const defaultKubeconfig = (process.env.KUBECONFIG ?? '').split(path.delimiter).find(Boolean) ?? path.join(os.homedir(), '.kube', 'config');
  const [kubeconfig] = (await window.showOpenDialog({ title: 'Kubeconfig file to change', defaultUri: Uri.file(defaultKubeconfig), canSelectMany: false })) ?? [];
  if (!kubeconfig) return undefined;
  const users = kubeconfigUsers(await readFile(kubeconfig.fsPath, 'utf8'));
  const user = await window.showQuickPick(users, { placeHolder: `User in ${kubeconfig.fsPath} that gets the certificate` });
  return user ? { kubeconfig: kubeconfig.fsPath, user } : undefined;
}

function kubeconfigUsers(text: string): string[] {
  const users = parseDocument(text).get('users');
  return isSeq(users) ? users.items.flatMap((item) => (isMap(item) && typeof item.get('name') === 'string' ? [item.get('name') as string] : [])) : [];
}

/**
 * Sets `client-certificate-data` of a kubeconfig user, keeping the rest of the file (comments included); a
 * `client-certificate` file path would conflict with it and is removed.
 */
function withClientCertificate(text: string, user: string, certificateBase64: string): { text: string; removedPath?: string } {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ClusterCommandError(`The kubeconfig is not valid YAML: ${document.errors[0].message}`);
  const users = document.get('users');
  const entry = isSeq(users) ? users.items.find((item) => isMap(item) && item.get('name') === user) : undefined;
  if (!isMap(entry)) throw new ClusterCommandError(`The kubeconfig has no user "${user}" (it has ${kubeconfigUsers(text).join(', ') || 'none'}).`);
  if (!isMap(entry.get('user', true))) entry.set('user', document.createNode({}));
  const removedPath = entry.getIn(['user', 'client-certificate']);
  if (removedPath !== undefined) entry.deleteIn(['user', 'client-certificate']);
  entry.setIn(['user', 'client-certificate-data'], certificateBase64);
  return { text: document.toString(), ...(typeof removedPath === 'string' ? { removedPath } : {}) };
}

export async function fetchCertificate(deps: ClusterDeps, args: FetchArgs = {}): Promise<{ written: string; user?: string } | undefined> {
  const csr = args.name
    ? await deps.session.withProgress('Reading the certificate signing request', () => readCsr(deps, args.name!))
    : await pickCsr(deps, 'Certificate signing request whose certificate to fetch', (candidate) => stateOf(candidate) === 'Issued');
  if (!csr) return undefined;
  const name = csr.metadata?.name ?? '';
  const certificate = csr.status?.certificate;
  if (stateOf(csr) !== 'Issued' || !certificate) throw new ClusterCommandError(notIssued(csr, deps.session.context));
  const target = args.target ?? (await askTarget(name));
  if (!target) return undefined;
  const pem = Buffer.from(certificate, 'base64').toString('utf8');
  if ('file' in target) {
    await writeFile(target.file, pem.endsWith('\n') ? pem : `${pem}\n`);
    void window.showInformationMessage(`Certificate of ${name} saved to ${target.file}.`);
    return { written: target.file };
  }
  const { text, removedPath } = withClientCertificate(await readFile(target.kubeconfig, 'utf8'), target.user, certificate);
  const message = `Set client-certificate-data of user "${target.user}" in ${target.kubeconfig} to the certificate of ${name}${removedPath ? ` (replacing client-certificate ${removedPath})` : ''}? The user's client key must be the key the request was made with.`;
  const production = deps.session.isProduction();
  const confirmed = args.confirm
    ? await args.confirm({ message, context: deps.session.context, production })
    : (await window.showWarningMessage(message, { modal: true }, 'Change kubeconfig')) === 'Change kubeconfig';
  if (!confirmed) return undefined;
  await writeFile(target.kubeconfig, text);
  void window.showInformationMessage(`User "${target.user}" in ${target.kubeconfig} now uses the certificate of ${name}.`);
  return { written: target.kubeconfig, user: target.user };
}
