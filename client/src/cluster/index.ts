/**
 * Entry point of dist/cluster.js: runs a cluster command with the one session of this window.
 */
import * as k8s from '@kubernetes/client-node';
import { window, type LogOutputChannel } from 'vscode';
import type { ReportDocuments } from '../reports';
import type { ServerController } from '../server-controller';
import type { ClusterCommand } from './command-ids';
import { approveCsr, createCsr, createCsrFromOpensslConfig, denyCsr, fetchCertificate, listCsrs, showCsr } from './csr-commands';
import { decodeSecret, diffWithCluster, disposeObjectCommands, validateAgainstCluster } from './object-commands';
import { canI, forgetClusterRbac, subjectAccess, useClusterRbac, whoCan } from './rbac-commands';
import { ClusterCommandError, ClusterSession } from './session';

export interface ClusterDeps {
  session: ClusterSession;
  server: ServerController;
  reports: ReportDocuments;
  output: LogOutputChannel;
}

let session: ClusterSession | undefined;

async function selectContext(deps: ClusterDeps, name?: string): Promise<string | undefined> {
  const chosen = name ?? (await window.showQuickPick(deps.session.contexts(), { placeHolder: `Context for Kubeward (now ${deps.session.context})` }));
  if (chosen) deps.session.useContext(chosen);
  return chosen;
}

async function selectNamespace(deps: ClusterDeps, name?: string): Promise<string | undefined> {
  let chosen = name;
  if (!chosen) {
    const list = await deps.session.withProgress('Listing namespaces', () => deps.session.api(k8s.CoreV1Api).listNamespace());
    chosen = await window.showQuickPick(list.items.map((item) => item.metadata?.name ?? '').filter(Boolean), { placeHolder: `Namespace (now ${deps.session.namespace})` });
  }
  if (chosen) deps.session.useNamespace(chosen);
  return chosen;
}

const HANDLERS: Record<ClusterCommand, (deps: ClusterDeps, ...args: any[]) => Promise<unknown>> = {
  'kubeward.cluster.selectContext': selectContext,
  'kubeward.cluster.selectNamespace': selectNamespace,
  'kubeward.cluster.canI': canI,
  'kubeward.cluster.whoCan': whoCan,
  'kubeward.cluster.subjectAccess': subjectAccess,
  'kubeward.cluster.useRbacInHovers': useClusterRbac,
  'kubeward.cluster.forgetRbac': forgetClusterRbac,
  'kubeward.cluster.listCsrs': listCsrs,
  'kubeward.cluster.showCsr': showCsr,
  'kubeward.cluster.approveCsr': approveCsr,
  'kubeward.cluster.denyCsr': denyCsr,
  'kubeward.cluster.createCsr': createCsr,
  'kubeward.cluster.createCsrFromOpensslConfig': createCsrFromOpensslConfig,
  'kubeward.cluster.fetchCertificate': fetchCertificate,
  'kubeward.cluster.validate': validateAgainstCluster,
  'kubeward.cluster.diff': diffWithCluster,
  'kubeward.cluster.decodeSecret': decodeSecret,
};

/**
 * Runs one command. Failures are shown to the user and logged without request bodies or credentials; the
 * promise still rejects, so callers (and tests) see them.
 */
export async function runClusterCommand(command: ClusterCommand, shared: Omit<ClusterDeps, 'session'>, ...args: unknown[]): Promise<unknown> {
  session ??= new ClusterSession();
  const deps = { ...shared, session };
  try {
    return await HANDLERS[command](deps, ...args);
  } catch (error) {
    const message = error instanceof ClusterCommandError ? error.message : `${command} failed: ${describeError(error)}`;
    deps.output.error(message);
    void window.showErrorMessage(message);
    throw error;
  }
}

/** The status line of an API error (the API server's message), never the request. */
function describeError(error: unknown): string {
  if (error instanceof k8s.ApiException) {
    const body = typeof error.body === 'string' ? error.body : JSON.stringify(error.body);
    try {
      return `${error.code}: ${(JSON.parse(body) as { message?: string }).message ?? body}`;
    } catch {
      return `${error.code}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

export function disposeCluster(): void {
  session?.dispose();
  disposeObjectCommands();
  session = undefined;
}

export function clusterStatusText(): string | undefined {
  return session?.statusText();
}
