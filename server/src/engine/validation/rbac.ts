/**
 * RBAC objects as kube-apiserver validates them (pkg/apis/rbac/validation, v1.36): names are URL path segments,
 * every rule needs verbs and either resources with API groups or non-resource URLs (never both, and never in a
 * Role), bindings need a roleRef to a role of the RBAC group and subjects of a known kind, with defaults applied
 * first as the API server applies them (an empty roleRef or User/Group apiGroup means the RBAC group).
 */
import type { PathSegment } from '../model/nodes';
import { child, isSet, list, misspelt, record, text, type Data } from './data';
import type { FieldErrors } from './errors';
import { dnsSubdomainProblems, pathSegmentProblems } from './formats';
import { validateLabelSelector } from './label-selector';
import { validateObjectMeta } from './object-meta';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RULE_FIELDS = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];

export function validateRole(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: pathSegmentProblems }, errors);
  validateRules(object, true, errors);
}

export function validateClusterRole(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: pathSegmentProblems }, errors);
  validateRules(object, false, errors);
  const aggregation = record(object.aggregationRule);
  if (!aggregation) return;
  const selectors = list(aggregation.clusterRoleSelectors);
  if (selectors === undefined) return;
  const path: PathSegment[] = ['aggregationRule', 'clusterRoleSelectors'];
  if (selectors.length === 0) errors.add('k8s/missing-field', 'required', path, 'must hold at least one selector when aggregationRule is set', { path: isSet(aggregation.clusterRoleSelectors) ? path : ['aggregationRule'] });
  selectors.forEach((selector, index) => validateLabelSelector(selector, child(path, index), errors));
}

function validateRules(object: Data, namespaced: boolean, errors: FieldErrors): void {
  (list(object.rules) ?? []).forEach((item, index) => {
    const rule = record(item);
    if (rule) validatePolicyRule(rule, namespaced, ['rules', index], errors);
  });
}

function validatePolicyRule(rule: Data, namespaced: boolean, path: PathSegment[], errors: FieldErrors): void {
  const [verbs, apiGroups, resources, resourceNames, urls] = RULE_FIELDS.map((field) => list(rule[field]));
  if (!verbs || !apiGroups || !resources || !resourceNames || !urls) return;
  // An absent field is k8s/missing-field's finding from the schema; an empty list passes the schema but not validation.
  const missing = (field: string, detail: string) => {
    if (!misspelt(rule, field, RULE_FIELDS)) errors.add('k8s/missing-field', 'required', child(path, field), detail, { path: isSet(rule[field]) ? child(path, field) : path });
  };
  if (verbs.length === 0 && isSet(rule.verbs)) missing('verbs', 'must list at least one verb');
  if (urls.length > 0) {
    if (namespaced) errors.add('rbac/non-resource-url-in-role', 'invalid', child(path, 'nonResourceURLs'), 'cannot be used in a Role: non-resource URLs are not namespaced (use a ClusterRole)');
    if (apiGroups.length > 0 || resources.length > 0 || resourceNames.length > 0) {
      errors.add('rbac/non-resource-url-in-role', 'invalid', child(path, 'nonResourceURLs'), 'cannot share a rule with apiGroups, resources or resourceNames: write them as two rules');
    }
    return;
  }
  if (apiGroups.length === 0) missing('apiGroups', 'must list at least one API group in a rule about resources ("" is the core group)');
  if (resources.length === 0) missing('resources', 'must list at least one resource in a rule about resources');
}

export function validateRoleBinding(object: Data, errors: FieldErrors): void {
  validateBinding(object, true, errors);
}

export function validateClusterRoleBinding(object: Data, errors: FieldErrors): void {
  validateBinding(object, false, errors);
}

function validateBinding(object: Data, namespaced: boolean, errors: FieldErrors): void {
  validateObjectMeta(object, { name: pathSegmentProblems }, errors);
  const roleRef = record(object.roleRef);
  if (roleRef) validateRoleRef(roleRef, namespaced, errors);
  (list(object.subjects) ?? []).forEach((item, index) => {
    const subject = record(item);
    if (subject) validateSubject(subject, namespaced, ['subjects', index], errors);
  });
}

function validateRoleRef(roleRef: Data, namespaced: boolean, errors: FieldErrors): void {
  const apiGroup = text(roleRef.apiGroup);
  const kind = text(roleRef.kind);
  const name = text(roleRef.name);
  if (apiGroup !== undefined && apiGroup !== '' && apiGroup !== RBAC_GROUP) {
    errors.add('rbac/role-ref-invalid', 'notSupported', ['roleRef', 'apiGroup'], `must be "${RBAC_GROUP}"`);
  }
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (kind !== undefined && isSet(roleRef.kind) && !kinds.includes(kind)) errors.add('rbac/role-ref-invalid', 'notSupported', ['roleRef', 'kind'], `must be ${kinds.join(' or ')}`);
  if (name === '' && isSet(roleRef.name)) errors.required(['roleRef', 'name'], 'must name a role');
  else if (name) for (const problem of pathSegmentProblems(name)) errors.add('k8s/invalid-name', 'invalid', ['roleRef', 'name'], problem);
}

function validateSubject(subject: Data, namespaced: boolean, path: PathSegment[], errors: FieldErrors): void {
  const name = text(subject.name);
  const kind = text(subject.kind);
  const apiGroup = text(subject.apiGroup);
  const namespace = text(subject.namespace);
  if (name === undefined || kind === undefined || apiGroup === undefined || namespace === undefined) return;
  if (name === '' && isSet(subject.name)) errors.required(child(path, 'name'), 'must name the subject');
  if (kind === 'ServiceAccount') {
    if (name) for (const problem of dnsSubdomainProblems(name)) errors.add('k8s/invalid-name', 'invalid', child(path, 'name'), `is not a ServiceAccount name: it ${problem}`);
    if (apiGroup !== '') errors.add('rbac/subject-invalid', 'notSupported', child(path, 'apiGroup'), 'must be "" for a ServiceAccount');
    if (!namespaced && namespace === '') errors.add('rbac/subject-invalid', 'required', child(path, 'namespace'), 'is required for a ServiceAccount in a ClusterRoleBinding', { path });
  } else if (kind === 'User' || kind === 'Group') {
    if (apiGroup !== '' && apiGroup !== RBAC_GROUP) errors.add('rbac/subject-invalid', 'notSupported', child(path, 'apiGroup'), `must be "${RBAC_GROUP}" for a ${kind}`);
  } else if (isSet(subject.kind)) {
    errors.add('rbac/subject-invalid', 'notSupported', child(path, 'kind'), 'must be ServiceAccount, User or Group');
  }
}
