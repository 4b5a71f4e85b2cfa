/**
 * Decides whether a document's apiVersion and kind name a type the API server serves, was removed from it, or
 * are probably misspelt. Documents of unknown API groups (custom resources) are left alone: only a group or kind
 * that is close to a built-in one counts as a typo.
 */
import {
  apiVersionOf,
  apiVersionsServing,
  allServedKinds,
  compareReleases,
  isKnownGroup,
  knownGroups,
  lifecycleOf,
  retiredKinds,
  preferredVersion,
  servedGroupVersion,
  servedKinds,
  splitApiVersion,
  type LifecycleEntry,
} from '../reference/api-catalog';
import { closest } from './spelling';

export type TypeVerdict =
  | { status: 'served' }
  | { status: 'custom' }
  | { status: 'removed'; entry: LifecycleEntry & { removed: string }; replacementApiVersion?: string }
  | { status: 'unknown-api-version'; suggestion?: string; kindServedElsewhere: boolean }
  | { status: 'unknown-kind'; suggestion?: string; suggestionApiVersion?: string };

/**
 * Groups under Kubernetes' domains that kube-apiserver does not serve itself: component configuration files,
 * aggregated APIs of common add-ons, custom resources of Kubernetes subprojects (a CRD may only use a group under
 * k8s.io with API review approval, so these are few and known), and groups served in the past.
 */
const NON_SERVED_KUBERNETES_GROUPS = new Set([
  'kubelet.config.k8s.io',
  'kubeadm.k8s.io',
  'apiserver.config.k8s.io',
  'apiserver.k8s.io',
  'audit.k8s.io',
  'kubescheduler.config.k8s.io',
  'kubeproxy.config.k8s.io',
  'kubecontrollermanager.config.k8s.io',
  'credentialprovider.kubelet.k8s.io',
  'client.authentication.k8s.io',
  'eventratelimit.admission.k8s.io',
  'pod-security.admission.config.k8s.io',
  'imagepolicy.k8s.io',
  'metrics.k8s.io',
  'custom.metrics.k8s.io',
  'external.metrics.k8s.io',
  'kustomize.config.k8s.io',
  'config.kubernetes.io',
  'snapshot.storage.k8s.io',
  'groupsnapshot.storage.k8s.io',
  'populator.storage.k8s.io',
  'objectstorage.k8s.io',
  'csi.storage.k8s.io',
  'gateway.networking.k8s.io',
  'policy.networking.k8s.io',
  'inference.networking.k8s.io',
  'autoscaling.k8s.io',
  'poc.autoscaling.k8s.io',
  'migration.k8s.io',
  'app.k8s.io',
  'about.k8s.io',
  'cluster.k8s.io',
  'externaldns.k8s.io',
  'kops.k8s.io',
  'topology.node.k8s.io',
  'samplecontroller.k8s.io',
  'metacontroller.k8s.io',
  'clusterregistry.k8s.io',
  'aadpodidentity.k8s.io',
  'volumesnapshot.external-storage.k8s.io',
  'scheduling.incubator.k8s.io',
  'settings.k8s.io',
  'auditregistration.k8s.io',
]);

/** Whether a group belongs to Kubernetes or one of its subprojects although kube-apiserver does not serve it. */
export function isNonServedKubernetesGroup(group: string): boolean {
  return NON_SERVED_KUBERNETES_GROUPS.has(group) || group.endsWith('x-k8s.io') || group.endsWith('.sigs.k8s.io');
}

export function classifyType(apiVersion: string, kind: string, targetRelease: string): TypeVerdict {
  const entry = lifecycleOf(apiVersion, kind);
  if (entry?.removed && compareReleases(entry.removed, targetRelease) <= 0) {
    return { status: 'removed', entry: { ...entry, removed: entry.removed }, replacementApiVersion: liveReplacement(entry, targetRelease) };
  }
  if (servedGroupVersion(apiVersion)) return classifyKindInServedVersion(apiVersion, kind);
  if (entry) return { status: 'served' };

  const { group } = splitApiVersion(apiVersion);
  if (isNonServedKubernetesGroup(group)) return { status: 'custom' };
  const kindVersions = apiVersionsServing(kind);
  if (isKnownGroup(group) || group === 'core') {
    const inGroup = kindVersions.find((candidate) => splitApiVersion(candidate).group === (group === 'core' ? '' : group));
    // A kind that no served version knows any more (PodSecurityPolicy) has no apiVersion worth suggesting.
    const groupVersion = group === 'core' ? 'v1' : preferredVersion(group) && apiVersionOf(group, preferredVersion(group)!);
    const suggestion = inGroup ?? kindVersions[0] ?? (lifecycleKnowsKind(kind) ? undefined : groupVersion);
    return { status: 'unknown-api-version', suggestion, kindServedElsewhere: false };
  }
  const typoGroup = closestGroup(group);
  if (typoGroup !== undefined) {
    const inGroup = kindVersions.find((candidate) => splitApiVersion(candidate).group === typoGroup);
    const preferred = preferredVersion(typoGroup);
    return {
      status: 'unknown-api-version',
      suggestion: inGroup ?? (preferred ? apiVersionOf(typoGroup, preferred) : undefined),
      kindServedElsewhere: false,
    };
  }
  return { status: 'custom' };
}

function classifyKindInServedVersion(apiVersion: string, kind: string): TypeVerdict {
  const kinds = servedKinds(apiVersion);
  if (kinds.has(kind) || (kind.endsWith('List') && kinds.has(kind.slice(0, -4)))) return { status: 'served' };
  const sameVersion = closest(kind, kinds);
  if (sameVersion) return { status: 'unknown-kind', suggestion: sameVersion, suggestionApiVersion: apiVersion };
  const elsewhere = apiVersionsServing(kind);
  if (elsewhere.length > 0) return { status: 'unknown-api-version', suggestion: elsewhere[0], kindServedElsewhere: true };
  const anyKind = closest(kind, allServedKinds());
  if (anyKind) return { status: 'unknown-kind', suggestion: anyKind, suggestionApiVersion: apiVersionsServing(anyKind)[0] };
  return { status: 'unknown-kind' };
}

/** A built-in group the given one is a likely typo of, including a dropped `.io` or `.k8s.io` suffix. */
export function closestGroup(group: string): string | undefined {
  if (group === '') return undefined;
  for (const suffix of ['.io', '.k8s.io']) {
    if (isKnownGroup(group + suffix)) return group + suffix;
  }
  return closest(group, knownGroups().filter((candidate) => candidate !== ''));
}

function lifecycleKnowsKind(kind: string): boolean {
  return retiredKinds().has(kind);
}

/** Follows replacements that were themselves removed (extensions/v1beta1 → policy/v1beta1 → nothing). */
function liveReplacement(entry: LifecycleEntry, targetRelease: string): string | undefined {
  let replacement = entry.replacement;
  for (let hops = 0; replacement && hops < 5; hops++) {
    const { apiVersion, kind } = splitReplacement(replacement);
    const next = lifecycleOf(apiVersion, kind);
    if (!next?.removed || compareReleases(next.removed, targetRelease) > 0) return apiVersion;
    replacement = next.replacement;
  }
  return undefined;
}

function splitReplacement(replacement: string): { apiVersion: string; kind: string } {
  const slash = replacement.lastIndexOf('/');
  return { apiVersion: replacement.slice(0, slash), kind: replacement.slice(slash + 1) };
}
