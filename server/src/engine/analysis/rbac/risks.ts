/**
 * The dangerous capabilities Kubeward knows, as capability queries: one source for the risk rules (which report
 * them at the written items), and for the summaries in hovers, code lenses and `kubeward access` (which rank
 * and count them). The selection follows the Kubernetes "RBAC good practices" page.
 */
import { RBAC_GROUP } from '../../model/views/rbac';
import { ruleGrants, type CapabilityQuery } from './capabilities';
import type { PolicyRuleData } from '../../reference/policy-data';

const ROLES = ['roles', 'clusterroles'];

export const SECRETS_READ: CapabilityQuery = { verbs: ['get', 'list', 'watch'], groups: [''], resources: ['secrets'] };

export const NODE_PROXY: CapabilityQuery = { verbs: ['get', 'create', 'update', 'patch', 'delete'], groups: [''], resources: ['nodes/proxy'] };
export const POD_EXEC: CapabilityQuery = { verbs: ['create', 'get'], groups: [''], resources: ['pods/exec', 'pods/attach'] };
export const EPHEMERAL_CONTAINERS: CapabilityQuery = { verbs: ['update', 'patch'], groups: [''], resources: ['pods/ephemeralcontainers'] };
export const PORT_FORWARD: CapabilityQuery = { verbs: ['create', 'get'], groups: [''], resources: ['pods/portforward'] };

export const ESCALATE: CapabilityQuery = { verbs: ['escalate'], groups: [RBAC_GROUP], resources: ROLES };
export const BIND: CapabilityQuery = { verbs: ['bind'], groups: [RBAC_GROUP], resources: ROLES };
export const WRITE_RBAC: CapabilityQuery = { verbs: ['create', 'update', 'patch'], groups: [RBAC_GROUP], resources: [...ROLES, 'rolebindings', 'clusterrolebindings'] };
const IMPERSONATE: CapabilityQuery = { verbs: ['impersonate'], groups: [''], resources: ['users', 'groups', 'serviceaccounts'] };

/**
 * Creating any of these starts pods. Changing them does too, except for Jobs: a Job's pod template cannot be
 * changed once it exists, so update and patch on jobs do not reach the pods.
 */
export const WORKLOAD_CREATION: readonly CapabilityQuery[] = [
  { verbs: ['create'], groups: [''], resources: ['pods'] },
  { verbs: ['create', 'update', 'patch'], groups: [''], resources: ['replicationcontrollers'] },
  { verbs: ['create', 'update', 'patch'], groups: ['apps'], resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'] },
  { verbs: ['create'], groups: ['batch'], resources: ['jobs'] },
  { verbs: ['create', 'update', 'patch'], groups: ['batch'], resources: ['cronjobs'] },
];

export const CREATE_TOKEN: CapabilityQuery = { verbs: ['create'], groups: [''], resources: ['serviceaccounts/token'] };

export const CSR_GROUP = 'certificates.k8s.io';
export const UPDATE_APPROVAL: CapabilityQuery = { verbs: ['update'], groups: [CSR_GROUP], resources: ['certificatesigningrequests/approval'] };
export const APPROVE: CapabilityQuery = { verbs: ['approve'], groups: [CSR_GROUP], resources: ['signers'] };

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const ADMISSION_WRITE = ['create', 'update', 'patch', 'delete'];
export const ADMISSION_RESOURCES = [
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
];

export interface Risk {
  /** The rule that reports this risk where it is written. */
  ruleId: string;
  /** A few words for summaries, such as "reads Secrets". */
  label: string;
  queries: readonly CapabilityQuery[];
}

/** Most severe first, which is also the order summaries list them in. */
export const RISKS: readonly Risk[] = [
  { ruleId: 'rbac/privilege-escalation', label: 'escalates privileges', queries: [ESCALATE, BIND, IMPERSONATE, WRITE_RBAC] },
  { ruleId: 'rbac/exec-access', label: 'runs commands in pods or on nodes', queries: [NODE_PROXY, POD_EXEC, EPHEMERAL_CONTAINERS, PORT_FORWARD] },
  { ruleId: 'rbac/csr-approval', label: 'approves certificates', queries: [APPROVE] },
  { ruleId: 'rbac/webhook-config', label: 'controls admission', queries: [{ verbs: ADMISSION_WRITE, groups: [ADMISSION_GROUP], resources: ADMISSION_RESOURCES }] },
  { ruleId: 'rbac/token-creation', label: 'creates service account tokens', queries: [CREATE_TOKEN] },
  { ruleId: 'rbac/secrets-access', label: 'reads Secrets', queries: [SECRETS_READ] },
  { ruleId: 'rbac/workload-creation', label: 'creates workloads', queries: WORKLOAD_CREATION },
];

function grantsQuery(rule: PolicyRuleData, query: CapabilityQuery): boolean {
  return query.verbs.some((verb) => query.groups.some((group) => query.resources.some((resource) => ruleGrants(rule, verb, group, resource))));
}

/** Rules are immutable data shared by hovers, code lenses and reports, which ask about the same rules often. */
const risksByRule = new WeakMap<PolicyRuleData, Risk[]>();

/** The risks a rule carries, most severe first. */
export function risksOf(rule: PolicyRuleData): Risk[] {
  let risks = risksByRule.get(rule);
  if (!risks) {
    risks = rule.nonResourceURLs.length > 0 ? [] : RISKS.filter((risk) => risk.queries.some((query) => grantsQuery(rule, query)));
    risksByRule.set(rule, risks);
  }
  return risks;
}
