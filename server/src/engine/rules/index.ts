/**
 * The rule registry, in alphabetical order of id. `test/meta.test.ts` checks it against the rule files.
 */
import { canonicalRuleId, RULE_ALIASES } from '../rule-aliases';
import type { Rule } from './define-rule';
import authAbacPolicy from './auth/abac-policy';
import authStaticTokenFile from './auth/static-token-file';
import controlplaneAuditPolicy from './controlplane/audit-policy';
import controlplaneAuthenticationConfig from './controlplane/authentication-config';
import controlplaneAuthorizationConfig from './controlplane/authorization-config';
import controlplaneEncryptionConfig from './controlplane/encryption-config';
import controlplaneInsecureFlag from './controlplane/insecure-flag';
import controlplaneKubeadmConfig from './controlplane/kubeadm-config';
import csrExpiration from './csr/expiration';
import csrInvalidSignerName from './csr/invalid-signer-name';
import csrInvalidRequest from './csr/invalid-request';
import csrPrivilegedSubject from './csr/privileged-subject';
import csrSignerUsageMismatch from './csr/signer-usage-mismatch';
import csrUnknownUsage from './csr/unknown-usage';
import csrUserSetGroups from './csr/user-set-groups';
import csrWeakKey from './csr/weak-key';
import k8sInvalidLabel from './k8s/invalid-label';
import k8sInvalidName from './k8s/invalid-name';
import k8sInvalidValue from './k8s/invalid-value';
import k8sMissingField from './k8s/missing-field';
import k8sRemovedApiVersion from './k8s/removed-api-version';
import k8sStatusIgnored from './k8s/status-ignored';
import k8sUnknownApiVersion from './k8s/unknown-api-version';
import k8sUnknownField from './k8s/unknown-field';
import k8sUnknownKind from './k8s/unknown-kind';
import kubeconfigCertificateProblem from './kubeconfig/certificate-problem';
import kubeconfigDanglingReference from './kubeconfig/dangling-reference';
import kubeconfigExecPlugin from './kubeconfig/exec-plugin';
import kubeconfigInsecureTransport from './kubeconfig/insecure-transport';
import kubeconfigInvalidServerUrl from './kubeconfig/invalid-server-url';
import kubeconfigMissingFile from './kubeconfig/missing-file';
import kubeconfigNoCredentials from './kubeconfig/no-credentials';
import kubeconfigPlaintextCredential from './kubeconfig/plaintext-credential';
import netpolAllowAll from './netpol/allow-all';
import netpolAndOrPeer from './netpol/and-or-peer';
import netpolInvalidCidr from './netpol/invalid-cidr';
import netpolInvalidPeer from './netpol/invalid-peer';
import netpolInvalidPort from './netpol/invalid-port';
import netpolMisindentedSelector from './netpol/misindented-selector';
import netpolPolicyTypesMismatch from './netpol/policy-types-mismatch';
import netpolRulesMisplaced from './netpol/rules-misplaced';
import netpolSelectsNothing from './netpol/selects-nothing';
import netpolUnknownNamedPort from './netpol/unknown-named-port';
import pkiApiserverSan from './pki/apiserver-san';
import pkiChain from './pki/chain';
import pkiComponentIdentity from './pki/component-identity';
import pkiExpiration from './pki/expiration';
import pkiOpensslConfig from './pki/openssl-config';
import podCapabilitiesAtPodLevel from './pod/capabilities-at-pod-level';
import podDangerousCapability from './pod/dangerous-capability';
import podHostNamespaces from './pod/host-namespaces';
import podImagePullSecret from './pod/image-pull-secret';
import podPodSecurity from './pod/pod-security';
import podPrivileged from './pod/privileged';
import podRunAsRoot from './pod/run-as-root';
import podServiceAccountToken from './pod/service-account-token';
import rbacAnonymousBinding from './rbac/anonymous-binding';
import rbacClusterAdminBinding from './rbac/cluster-admin-binding';
import rbacClusterScopedInRole from './rbac/cluster-scoped-in-role';
import rbacCsrApproval from './rbac/csr-approval';
import rbacExecAccess from './rbac/exec-access';
import rbacNonResourceUrlInRole from './rbac/non-resource-url-in-role';
import rbacPrivilegeEscalation from './rbac/privilege-escalation';
import rbacResourceNamesIneffective from './rbac/resource-names-ineffective';
import rbacResourceWrongGroup from './rbac/resource-wrong-group';
import rbacRoleRefInvalid from './rbac/role-ref-invalid';
import rbacRoleRefNotFound from './rbac/role-ref-not-found';
import rbacSecretsAccess from './rbac/secrets-access';
import rbacSubjectInvalid from './rbac/subject-invalid';
import rbacTokenCreation from './rbac/token-creation';
import rbacUnknownApiGroup from './rbac/unknown-api-group';
import rbacUnknownResource from './rbac/unknown-resource';
import rbacUnknownVerb from './rbac/unknown-verb';
import rbacVerbNotSupported from './rbac/verb-not-supported';
import rbacWebhookConfig from './rbac/webhook-config';
import rbacWildcard from './rbac/wildcard';
import rbacWorkloadCreation from './rbac/workload-creation';
import yamlAnalysisLimit from './yaml/analysis-limit';
import yamlSyntax from './yaml/syntax';
import yamlTabIndent from './yaml/tab-indent';

export const RULES: readonly Rule[] = [
  authAbacPolicy,
  authStaticTokenFile,
  controlplaneAuditPolicy,
  controlplaneAuthenticationConfig,
  controlplaneAuthorizationConfig,
  controlplaneEncryptionConfig,
  controlplaneInsecureFlag,
  controlplaneKubeadmConfig,
  csrExpiration,
  csrInvalidRequest,
  csrInvalidSignerName,
  csrPrivilegedSubject,
  csrSignerUsageMismatch,
  csrUnknownUsage,
  csrUserSetGroups,
  csrWeakKey,
  k8sInvalidLabel,
  k8sInvalidName,
  k8sInvalidValue,
  k8sMissingField,
  k8sRemovedApiVersion,
  k8sStatusIgnored,
  k8sUnknownApiVersion,
  k8sUnknownField,
  k8sUnknownKind,
  kubeconfigCertificateProblem,
  kubeconfigDanglingReference,
  kubeconfigExecPlugin,
  kubeconfigInsecureTransport,
  kubeconfigInvalidServerUrl,
  kubeconfigMissingFile,
  kubeconfigNoCredentials,
  kubeconfigPlaintextCredential,
  netpolAllowAll,
  netpolAndOrPeer,
  netpolInvalidCidr,
  netpolInvalidPeer,
  netpolInvalidPort,
  netpolMisindentedSelector,
  netpolPolicyTypesMismatch,
  netpolRulesMisplaced,
  netpolSelectsNothing,
  netpolUnknownNamedPort,
  pkiApiserverSan,
  pkiChain,
  pkiComponentIdentity,
  pkiExpiration,
  pkiOpensslConfig,
  podCapabilitiesAtPodLevel,
  podDangerousCapability,
  podHostNamespaces,
  podImagePullSecret,
  podPodSecurity,
  podPrivileged,
  podRunAsRoot,
  podServiceAccountToken,
  rbacAnonymousBinding,
  rbacClusterAdminBinding,
  rbacClusterScopedInRole,
  rbacCsrApproval,
  rbacExecAccess,
  rbacNonResourceUrlInRole,
  rbacPrivilegeEscalation,
  rbacResourceNamesIneffective,
  rbacResourceWrongGroup,
  rbacRoleRefInvalid,
  rbacRoleRefNotFound,
  rbacSecretsAccess,
  rbacSubjectInvalid,
  rbacTokenCreation,
  rbacUnknownApiGroup,
  rbacUnknownResource,
  rbacUnknownVerb,
  rbacVerbNotSupported,
  rbacWebhookConfig,
  rbacWildcard,
  rbacWorkloadCreation,
  yamlAnalysisLimit,
  yamlSyntax,
  yamlTabIndent,
] as Rule[];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

/** Ids a user may write: every rule's, and the former ids that still name one. */
export const ACCEPTED_RULE_IDS: ReadonlySet<string> = new Set([...RULE_IDS, ...Object.keys(RULE_ALIASES)]);

/** The rule with this id, or the rule a former id now names. */
export function ruleById(id: string): Rule | undefined {
  const current = canonicalRuleId(id);
  return RULES.find((rule) => rule.id === current);
}
