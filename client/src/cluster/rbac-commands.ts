/**
 * Access commands against a live cluster: can-i (the cluster's own SubjectAccessReview beside what the workspace's
 * manifests grant), who-can and a subject's effective access from the cluster's RBAC objects through Kubeward's
 * engine, and bringing those objects into the workspace index for hovers.
 */
import * as k8s from '@kubernetes/client-node';
import { window, type Uri } from 'vscode';
import { CanIRequest, ClusterRbacNotification, SubjectAccessRequest, WhoCanRequest, type AccessQuestion, type CanIResult, type ClusterRbacParams } from '../../../server/src/protocol';
import type { ClusterDeps } from './index';
import { notify, send } from './server-messages';


async function sendClusterRbac(deps: ClusterDeps, params: ClusterRbacParams): Promise<void> {
  const client = await deps.server.ensureStarted();
  await notify(client, ClusterRbacNotification.type, params);
}

export interface CanIArgs {
  verb?: string;
  resource?: string;
  name?: string;
  namespace?: string;
  /** Ask for another identity with a SubjectAccessReview; without it, for oneself with a SelfSubjectAccessReview. */
  as?: { user: string; groups?: string[] };
}

/** The questions the commands ask interactively when called without arguments (from the palette). */
async function askQuestion(deps: ClusterDeps, args: CanIArgs): Promise<Omit<AccessQuestion, 'source'> | undefined> {
  const verb = args.verb ?? (await window.showInputBox({ title: 'Verb', value: 'get', prompt: 'get, list, create, delete, impersonate …' }));
  if (!verb) return undefined;
  const resource = args.resource ?? (await window.showInputBox({ title: 'Resource', prompt: 'As kubectl names it: pods, deployments.apps, pods/exec, or a URL such as /healthz' }));
  if (!resource) return undefined;
  // Called with a question (from code or a test), it is complete as given; from the palette, ask for the namespace.
  const interactive = args.verb === undefined || args.resource === undefined;
  const namespace = args.namespace ?? (interactive && !resource.startsWith('/') ? await window.showInputBox({ title: 'Namespace (empty for cluster-wide)', value: deps.session.namespace }) : undefined);
  return { verb, resource, ...(args.name ? { name: args.name } : {}), ...(namespace ? { namespace } : {}) };
}

function reviewSpec(answer: CanIResult): Pick<k8s.V1SubjectAccessReviewSpec, 'resourceAttributes' | 'nonResourceAttributes'> {
  const target = answer.target!;
  if (target.kind === 'nonResource') return { nonResourceAttributes: { verb: target.verb, path: target.path } };
  const { verb, apiGroup, resource, subresource, name, namespace } = target;
  return { resourceAttributes: { verb, group: apiGroup, resource, subresource, name, namespace } };
}

/** Who the current context authenticates as, from a SelfSubjectReview. */
async function currentUser(deps: ClusterDeps): Promise<{ user: string; groups: string[] }> {
  const review = await deps.session.api(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
  return { user: review.status?.userInfo?.username ?? '', groups: review.status?.userInfo?.groups ?? [] };
}

export async function canI(deps: ClusterDeps, args: CanIArgs = {}): Promise<Uri | undefined> {
  const question = await askQuestion(deps, args);
  if (!question) return undefined;
  const client = await deps.server.ensureStarted();
  return deps.session.withProgress('Checking access', async () => {
    const identity = args.as ? { user: args.as.user, groups: args.as.groups ?? [] } : await currentUser(deps);
    const fromWorkspace = await send(client, CanIRequest.type, { ...question, ...identity, source: 'workspace' });
    if (fromWorkspace.error) throw new Error(fromWorkspace.error);
    const spec = reviewSpec(fromWorkspace);
    const authorization = deps.session.api(k8s.AuthorizationV1Api);
    const review = args.as
      ? await authorization.createSubjectAccessReview({ body: { spec: { ...spec, user: identity.user, groups: identity.groups } } })
      : await authorization.createSelfSubjectAccessReview({ body: { spec } });
    const cluster = { allowed: review.status?.allowed === true, reason: review.status?.reason || review.status?.evaluationError || '' };
    const yesNo = (allowed: boolean) => (allowed ? '**yes**' : '**no**');
    const lines = [
      `# Can ${identity.user || identity.groups.join(', ')} ${fromWorkspace.description}?`,
      '',
      `| | answer | because |`,
      `| --- | --- | --- |`,
      `| Cluster ${deps.session.context} (${args.as ? 'SubjectAccessReview' : 'SelfSubjectAccessReview'}) | ${yesNo(cluster.allowed)} | ${cluster.reason || (cluster.allowed ? 'allowed' : 'no rule allows it')} |`,
      `| The workspace's manifests and the built-in policy | ${yesNo(fromWorkspace.allowed)} | ${fromWorkspace.grants.join('<br>') || 'no binding grants it'} |`,
      '',
      `Groups asked about: ${identity.groups.join(', ') || 'none'}.`,
    ];
    if (cluster.allowed !== fromWorkspace.allowed) {
      lines.push(
        '',
        cluster.allowed
          ? '**Why they differ:** the cluster grants it through objects that are not in the workspace (applied from elsewhere, or changed in the cluster), or through an authorizer other than RBAC.'
          : '**Why they differ:** the manifests grant it, but the cluster does not have those objects as written: they are not applied yet, were changed, or live in another cluster.',
      );
    }
    return deps.reports.showMarkdown(`Can I (${deps.session.context})`, lines.join('\n') + '\n');
  });
}

/** Reads every Role, ClusterRole and binding of the cluster and hands them to the language server. */
export async function loadClusterRbac(deps: ClusterDeps, showInWorkspace: boolean): Promise<number> {
  const rbac = deps.session.api(k8s.RbacAuthorizationV1Api);
  const [clusterRoles, clusterBindings, roles, bindings] = await Promise.all([
    rbac.listClusterRole(),
    rbac.listClusterRoleBinding(),
    rbac.listRoleForAllNamespaces(),
    rbac.listRoleBindingForAllNamespaces(),
  ]);
  // List items come without apiVersion and kind; the engine needs both to recognise them.
  const typed = (kind: string, items: object[]) => items.map((item) => JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, ...item }));
  const documents = [
    ...typed('ClusterRole', clusterRoles.items),
    ...typed('ClusterRoleBinding', clusterBindings.items),
    ...typed('Role', roles.items),
    ...typed('RoleBinding', bindings.items),
  ];
  await sendClusterRbac(deps, { context: deps.session.context, yaml: documents.join('\n---\n'), showInWorkspace });
  return documents.length;
}

export async function whoCan(deps: ClusterDeps, args: Omit<CanIArgs, 'as'> = {}): Promise<Uri | undefined> {
  const question = await askQuestion(deps, args);
  if (!question) return undefined;
  const client = await deps.server.ensureStarted();
  return deps.session.withProgress('Reading RBAC objects', async () => {
    await loadClusterRbac(deps, false);
    const { markdown } = await send(client, WhoCanRequest.type, { ...question, source: 'cluster' });
    return deps.reports.showMarkdown(`Who can (${deps.session.context})`, `${markdown}\nFrom the live RBAC objects of context ${deps.session.context}.\n`);
  });
}

export async function subjectAccess(deps: ClusterDeps, args: { subject?: string } = {}): Promise<Uri | undefined> {
  const subject = args.subject ?? (await window.showInputBox({ title: 'Subject', prompt: 'User:jane, Group:devs or ServiceAccount:NAMESPACE:NAME' }));
  if (!subject) return undefined;
  const client = await deps.server.ensureStarted();
  return deps.session.withProgress('Reading RBAC objects', async () => {
    await loadClusterRbac(deps, false);
    const { markdown } = await send(client, SubjectAccessRequest.type, { subject, source: 'cluster' });
    return deps.reports.showMarkdown(`Effective access (${deps.session.context})`, `${markdown}\nFrom the live RBAC objects of context ${deps.session.context}.\n`);
  });
}

export async function useClusterRbac(deps: ClusterDeps): Promise<number> {
  const count = await deps.session.withProgress('Reading RBAC objects', () => loadClusterRbac(deps, true));
  void window.showInformationMessage(`Hovers and who-can now include the ${count} RBAC objects of context ${deps.session.context} (run the command again to refresh).`);
  return count;
}

export async function forgetClusterRbac(deps: ClusterDeps): Promise<void> {
  await sendClusterRbac(deps, { context: deps.session.context, yaml: '', showInWorkspace: false });
}
