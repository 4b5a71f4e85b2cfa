/**
 * Older versions of a few kinds that hold the same fields, with the same defaults and meaning, as the version
 * served today. A document written in one is read, checked and explained as the current version, so that moving
 * it is the only change k8s/removed-api-version asks for and nothing else in it goes unchecked. Versions whose
 * fields or defaults differ are left out: RBAC v1alpha1 (subjects had apiVersion, not apiGroup), extensions/v1beta1
 * and apps/v1beta1 workloads (the selector was defaulted from the template), Ingress before networking.k8s.io/v1
 * (its backend fields changed), PodDisruptionBudget in policy/v1beta1 (an empty selector selected nothing).
 */
const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'RoleList', 'ClusterRoleList', 'RoleBindingList', 'ClusterRoleBindingList'];
const APPS_KINDS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];

const CURRENT_VERSIONS: ReadonlyMap<string, string> = new Map([
  ...RBAC_KINDS.map((kind) => [`rbac.authorization.k8s.io/v1beta1/${kind}`, 'rbac.authorization.k8s.io/v1'] as const),
  ...APPS_KINDS.map((kind) => [`apps/v1beta2/${kind}`, 'apps/v1'] as const),
  ['extensions/v1beta1/NetworkPolicy', 'networking.k8s.io/v1'],
  ['certificates.k8s.io/v1beta1/CertificateSigningRequest', 'certificates.k8s.io/v1'],
  ['batch/v1beta1/CronJob', 'batch/v1'],
]);

/** The apiVersion a document of `kind` written in `apiVersion` is read as: the current one for a same-shape older one. */
export function currentApiVersion(apiVersion: string, kind: string): string {
  return CURRENT_VERSIONS.get(`${apiVersion}/${kind}`) ?? apiVersion;
}

/**
 * Required fields of the current version that the older one filled in itself, so that leaving them out was fine
 * there: a v1beta1 CertificateSigningRequest got its signerName from the request. k8s/removed-api-version's fix
 * writes them; they are not reported missing as well.
 */
const FILLED_IN: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([['certificates.k8s.io/v1beta1/CertificateSigningRequest', [['spec', 'signerName']]]]);

export function filledInByOlderVersion(apiVersion: string, kind: string, path: readonly (string | number)[]): boolean {
  return (FILLED_IN.get(`${apiVersion}/${kind}`) ?? []).some((filled) => filled.length === path.length && filled.every((segment, index) => segment === path[index]));
}
