/**
 * `apiVersion` and `kind` at the top of a document, kept consistent with each other: a written kind narrows the
 * apiVersions to those serving it, a written apiVersion narrows the kinds. Only versions the target Kubernetes
 * release serves (enabled by default, not yet removed, already introduced) are offered.
 */
import { CompletionItemKind } from 'vscode-languageserver';
import { classifyType } from '../../engine/analysis/api-types';
import { apiVersionsServing, compareReleases, lifecycleOf, servedGroupVersion, servedKinds } from '../../engine/reference/api-catalog';
import apiLifecycle from '../../engine/reference/api-lifecycle.json';
import { pathIs } from './context';
import { valueProposals, type CompletionProvider, type ValueChoice } from './items';

/** The kinds Kubeward checks in depth, in the order they are offered, with what each is for. */
const COVERED_KINDS: readonly { kind: string; detail: string }[] = [
  { kind: 'Role', detail: 'RBAC permissions within one namespace' },
  { kind: 'ClusterRole', detail: 'RBAC permissions cluster-wide, or a reusable set for RoleBindings' },
  { kind: 'RoleBinding', detail: 'Grants a Role or ClusterRole to subjects within one namespace' },
  { kind: 'ClusterRoleBinding', detail: 'Grants a ClusterRole to subjects in every namespace' },
  { kind: 'ServiceAccount', detail: 'An identity for pods and automation' },
  { kind: 'NetworkPolicy', detail: 'Which traffic may reach or leave the selected pods' },
  { kind: 'CertificateSigningRequest', detail: 'Asks a signer to issue a certificate' },
  { kind: 'Secret', detail: 'Credentials and other sensitive data' },
  { kind: 'Namespace', detail: 'A named scope for namespaced objects' },
  { kind: 'Pod', detail: 'One or more containers scheduled together' },
  { kind: 'Deployment', detail: 'Replicated, rolling-updated pods' },
  { kind: 'StatefulSet', detail: 'Pods with stable names and storage' },
  { kind: 'DaemonSet', detail: 'One pod on every (selected) node' },
  { kind: 'Job', detail: 'Pods that run to completion' },
  { kind: 'CronJob', detail: 'Jobs on a schedule' },
  { kind: 'ReplicaSet', detail: 'A fixed number of identical pods (usually owned by a Deployment)' },
  { kind: 'ReplicationController', detail: 'The older form of ReplicaSet' },
  { kind: 'PodTemplate', detail: 'A stored pod template' },
  { kind: 'Config', detail: 'A kubeconfig file: clusters, users and contexts for kubectl' },
];

const COVERED_DETAIL = new Map(COVERED_KINDS.map(({ kind, detail }) => [kind, detail]));

/** The apiVersions serving `kind` in the target release, most preferred first. */
function apiVersionsFor(kind: string, target: string): string[] {
  const candidates = [...apiVersionsServing(kind)];
  // Versions removed after the target release are still served by it, though the reference catalogue lacks them.
  for (const entry of apiLifecycle.entries as { apiVersion: string; kind: string }[]) {
    if (entry.kind === kind && !candidates.includes(entry.apiVersion)) candidates.push(entry.apiVersion);
  }
  return candidates.filter((apiVersion) => {
    if (servedGroupVersion(apiVersion)?.enabledByDefault === false) return false;
    const introduced = lifecycleOf(apiVersion, kind)?.introduced;
    if (introduced && compareReleases(introduced, target) > 0) return false;
    return classifyType(apiVersion, kind, target).status === 'served';
  });
}

export const apiVersionCompletion: CompletionProvider = (request) => {
  const { cursor, config } = request;
  if (cursor.slot !== 'value') return undefined;
  const target = config.kubernetesVersion;
  if (pathIs(cursor.path, 'apiVersion')) {
    const forKind = request.kind ? apiVersionsFor(request.kind, target) : [];
    if (forKind.length > 0) {
      return valueProposals(request, forKind.map((apiVersion) => ({ value: apiVersion, detail: `serves ${request.kind}`, kind: CompletionItemKind.Module })));
    }
    const byApiVersion = new Map<string, string[]>();
    for (const { kind } of COVERED_KINDS) {
      for (const apiVersion of apiVersionsFor(kind, target)) byApiVersion.set(apiVersion, [...(byApiVersion.get(apiVersion) ?? []), kind]);
    }
    const choices = [...byApiVersion].map(([apiVersion, kinds]): ValueChoice => ({ value: apiVersion, detail: kinds.join(', '), kind: CompletionItemKind.Module }));
    return valueProposals(request, choices);
  }
  if (pathIs(cursor.path, 'kind')) {
    const served = request.apiVersion ? [...servedKinds(request.apiVersion)].filter((kind) => kind !== 'List' && apiVersionsFor(kind, target).includes(request.apiVersion!)) : [];
    const covered = COVERED_KINDS.map(({ kind }) => kind);
    const kinds =
      served.length > 0
        ? [...covered.filter((kind) => served.includes(kind)), ...served.filter((kind) => !COVERED_DETAIL.has(kind)).sort()]
        : covered.filter((kind) => apiVersionsFor(kind, target).length > 0);
    return valueProposals(
      request,
      kinds.map((kind) => ({ value: kind, detail: COVERED_DETAIL.get(kind) ?? `served by ${request.apiVersion}`, kind: CompletionItemKind.Class })),
    );
  }
  return undefined;
};
