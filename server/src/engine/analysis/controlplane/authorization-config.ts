/**
 * An AuthorizationConfiguration (apiserver.config.k8s.io v1, v1beta1 or v1alpha1, kube-apiserver's
 * --authorization-config) read as kube-apiserver reads it (k8s.io/apiserver pkg/apis/apiserver/load and
 * validation, k8s.io/kubernetes pkg/kubeapiserver/authorizer, v1.36): strict decoding, then validation, then the
 * names kube-apiserver expects for its built-in authorizers. Authorizers are asked in order; the first that allows
 * or denies decides, and one with no opinion passes the request on. What each answers is described for hovers.
 */
import type { PathSegment } from '../../model/nodes';
import { dnsSubdomainProblems } from '../../validation/formats';
import { goDurationNanoseconds } from '../../validation/go-duration';
import { list, record, text, type Data } from '../../validation/data';
import { celProblems } from './cel';
import { decodeProblems, type DecodeProblem, type Shape } from './go-shape';
import { MASTERS_GROUP } from '../../reference/system-identities';

/** kube-apiserver allows this group everything, ahead of the configured authorizers. */

export const AUTHORIZER_TYPES = ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'] as const;
export const AUTHORIZATION_CONFIG_VERSIONS = ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1beta1', 'apiserver.config.k8s.io/v1alpha1'];

const WEBHOOK: Shape = {
  object: {
    authorizedTTL: 'duration',
    cacheAuthorizedRequests: 'bool',
    unauthorizedTTL: 'duration',
    cacheUnauthorizedRequests: 'bool',
    timeout: 'duration',
    subjectAccessReviewVersion: 'string',
    matchConditionSubjectAccessReviewVersion: 'string',
    failurePolicy: 'string',
    connectionInfo: { object: { type: 'string', kubeConfigFile: 'string' } },
    matchConditions: { list: { object: { expression: 'string' } } },
  },
};

const SHAPE: Shape = { object: { apiVersion: 'string', kind: 'string', authorizers: { list: { object: { type: 'string', name: 'string', webhook: WEBHOOK } } } } };

export interface Authorizer {
  type: string;
  name: string;
  /** For a webhook: what a failed or timed-out call answers. */
  failurePolicy?: string;
}

export interface AuthorizationReading {
  problems: DecodeProblem[];
  authorizers: Authorizer[];
}

const SECOND = 1_000_000_000n;

export function readAuthorizationConfiguration(object: Data): AuthorizationReading {
  // Its decoder is strict: an unknown or repeated field stops kube-apiserver.
  const problems = decodeProblems(object, SHAPE, { strict: true });
  if (problems.some((problem) => problem.kind === 'refused')) return { problems, authorizers: [] };
  const authorizers = (list(object.authorizers) ?? []).map((item): Authorizer => {
    const entry = record(item) ?? {};
    const webhook = record(entry.webhook);
    return { type: text(entry.type) ?? '', name: text(entry.name) ?? '', ...(webhook ? { failurePolicy: text(webhook.failurePolicy) ?? '' } : {}) };
  });
  problems.push(...validate(object, authorizers), ...celProblems(object.authorizers, ['expression'], ['authorizers']));
  return { problems, authorizers };
}

function validate(object: Data, authorizers: Authorizer[]): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  const refuse = (path: PathSegment[], message: string) => problems.push({ path, kind: 'refused', message });
  if (authorizers.length === 0) refuse(['authorizers'], 'needs at least one authorizer');
  const types = new Set<string>();
  const names = new Set<string>();
  const entries = list(object.authorizers) ?? [];
  authorizers.forEach((authorizer, index) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['authorizers', index, ...rest];
    if (!authorizer.type) return refuse(at('type'), 'is required');
    if (!(AUTHORIZER_TYPES as readonly string[]).includes(authorizer.type)) return refuse(at('type'), `must be one of ${AUTHORIZER_TYPES.join(', ')}`);
    if (types.has(authorizer.type) && authorizer.type !== 'Webhook') return refuse(at('type'), `repeats ${authorizer.type}; only Webhook may appear more than once`);
    types.add(authorizer.type);
    if (!authorizer.name) refuse(at('name'), 'is required');
    else if (names.has(authorizer.name)) refuse(at('name'), `repeats the name "${authorizer.name}"`);
    else {
      const problem = dnsSubdomainProblems(authorizer.name)[0];
      if (problem) refuse(at('name'), problem);
    }
    names.add(authorizer.name);
    const webhook = record(record(entries[index])?.webhook);
    if (authorizer.type === 'Webhook') {
      if (!webhook) return refuse(at('webhook'), 'is required for a Webhook authorizer');
      webhookProblems(webhook, at('webhook')).forEach((problem) => problems.push(problem));
    } else if (record(entries[index])?.webhook !== undefined && record(entries[index])?.webhook !== null) {
      refuse(at('webhook'), 'may only be set for a Webhook authorizer');
    }
  });
  if (problems.length > 0) return problems;
  // After validation, kube-apiserver expects each built-in authorizer under its mode's name in lower case.
  authorizers.forEach((authorizer, index) => {
    if (authorizer.type !== 'Webhook' && authorizer.name !== authorizer.type.toLowerCase()) refuse(['authorizers', index, 'name'], `must be "${authorizer.type.toLowerCase()}" for the ${authorizer.type} authorizer`);
  });
  return problems;
}

function webhookProblems(webhook: Data, path: PathSegment[]): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  const refuse = (field: PathSegment[], message: string) => problems.push({ path: [...path, ...field], kind: 'refused', message });
  const duration = (field: string) => goDurationNanoseconds(text(webhook[field]) || '0') ?? 0n;
  const timeout = duration('timeout');
  if (timeout === 0n) refuse(['timeout'], 'is required');
  else if (timeout < 0n || timeout > 30n * SECOND) refuse(['timeout'], 'must be more than 0s and at most 30s');
  // A zero TTL is defaulted (5m authorized, 30s unauthorized); only a negative one is refused.
  if (duration('authorizedTTL') < 0n) refuse(['authorizedTTL'], 'must be more than 0s');
  if (duration('unauthorizedTTL') < 0n) refuse(['unauthorizedTTL'], 'must be more than 0s');
  const version = text(webhook.subjectAccessReviewVersion) ?? '';
  if (!version) refuse(['subjectAccessReviewVersion'], 'is required');
  else if (version !== 'v1' && version !== 'v1beta1') refuse(['subjectAccessReviewVersion'], 'must be v1 or v1beta1');
  const conditions = list(webhook.matchConditions) ?? [];
  const conditionVersion = text(webhook.matchConditionSubjectAccessReviewVersion) ?? '';
  if (!conditionVersion && conditions.length > 0) refuse(['matchConditionSubjectAccessReviewVersion'], 'is required when matchConditions are set');
  else if (conditionVersion && conditionVersion !== 'v1') refuse(['matchConditionSubjectAccessReviewVersion'], 'must be v1');
  const policy = text(webhook.failurePolicy) ?? '';
  if (!policy) refuse(['failurePolicy'], 'is required');
  else if (policy !== 'NoOpinion' && policy !== 'Deny') refuse(['failurePolicy'], 'must be NoOpinion or Deny');
  const connection = record(webhook.connectionInfo) ?? {};
  const connectionType = text(connection.type) ?? '';
  const kubeConfigFile = connection.kubeConfigFile;
  if (!connectionType) refuse(['connectionInfo', 'type'], 'is required');
  else if (connectionType === 'InClusterConfig') {
    if (kubeConfigFile !== undefined && kubeConfigFile !== null) refuse(['connectionInfo', 'kubeConfigFile'], 'may only be set when type is KubeConfigFile');
  } else if (connectionType === 'KubeConfigFile') {
    const file = text(kubeConfigFile) ?? '';
    if (!file) refuse(['connectionInfo', 'kubeConfigFile'], 'is required when type is KubeConfigFile');
    else if (!file.startsWith('/')) refuse(['connectionInfo', 'kubeConfigFile'], 'must be an absolute path');
  } else refuse(['connectionInfo', 'type'], 'must be InClusterConfig or KubeConfigFile');
  if (conditions.length > 64) refuse(['matchConditions'], 'may hold at most 64 conditions');
  else {
    const seen = new Set<string>();
    conditions.forEach((condition, index) => {
      const expression = text(record(condition)?.expression) ?? '';
      if (!expression.trim()) refuse(['matchConditions', index, 'expression'], 'is required');
      else if (seen.has(expression)) refuse(['matchConditions', index, 'expression'], 'repeats an earlier condition');
      seen.add(expression);
    });
  }
  return problems;
}

/** What an authorizer answers, in words, for hovers. */
export function describeAuthorizer(authorizer: Authorizer): string {
  switch (authorizer.type) {
    case 'AlwaysAllow': return 'allows every request it is asked about; the authorizers after it are never asked';
    case 'AlwaysDeny': return 'allows nothing, but answers "no opinion" rather than "deny": the authorizers after it are still asked';
    case 'RBAC': return 'allows what a Role or ClusterRole bound to the user or a group grants, and has no opinion otherwise';
    case 'Node': return 'allows kubelets (users system:node:<name> in group system:nodes) what their node needs, and has no opinion about anyone else';
    case 'ABAC': return 'allows what a line of the --authorization-policy-file grants, and has no opinion otherwise';
    case 'Webhook': return `asks a remote service, which may allow, deny or have no opinion; when the call fails or times out the answer is ${authorizer.failurePolicy === 'Deny' ? 'deny' : 'no opinion, so the next authorizer decides'}`;
    default: return 'is not an authorizer kube-apiserver knows';
  }
}

export type AuthorizerAnswer = 'allow' | 'deny' | 'no-opinion';

/**
 * The decision of kube-apiserver for one request, given the requester's groups and what each configured authorizer
 * answers: members of system:masters are allowed before any configured authorizer is asked; otherwise the first
 * authorizer that allows or denies decides, and when none does the request is denied.
 */
export function chainDecision(authorizers: readonly Authorizer[], groups: readonly string[], answerOf: (authorizer: Authorizer) => AuthorizerAnswer): { allowed: boolean; by?: number } {
  if (groups.includes(MASTERS_GROUP)) return { allowed: true };
  for (const [index, authorizer] of authorizers.entries()) {
    const answer = answerOf(authorizer);
    if (answer !== 'no-opinion') return { allowed: answer === 'allow', by: index };
  }
  return { allowed: false };
}
