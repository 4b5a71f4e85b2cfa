/**
 * kube-apiserver's validation of a new object, run once per document on its decoded data: the errors the API
 * server would answer a create with, each located and assigned to the rule that reports it. Only documents that
 * decode are validated; type errors and unknown fields come from the schema (analysis/schema-issues.ts).
 */
import { isMap, isScalar, type Node } from 'yaml';
import { perDocument } from '../analysis/per-document';
import { locate } from '../edits';
import type { ManifestDocument } from '../model/document';
import { validateCronJob, validateJob } from './batch';
import { validateCertificateSigningRequest } from './certificates';
import { validateNamespace, validateSecret, validateServiceAccount } from './core';
import { record, type Data } from './data';
import { FieldErrors, type FieldError, type ValidationRuleId } from './errors';
import { validateNetworkPolicy } from './networking';
import { validatePod } from './pod';
import { validateAppsWorkload, validatePodTemplate, validateReplicationController } from './workloads';
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding } from './rbac';

type Validator = (object: Data, errors: FieldErrors) => void;

/** Validators by apiVersion/kind: the versions the target release serves. */
const VALIDATORS: Readonly<Record<string, Validator>> = {
  'rbac.authorization.k8s.io/v1/Role': validateRole,
  'rbac.authorization.k8s.io/v1/ClusterRole': validateClusterRole,
  'rbac.authorization.k8s.io/v1/RoleBinding': validateRoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': validateClusterRoleBinding,
  'networking.k8s.io/v1/NetworkPolicy': validateNetworkPolicy,
  'certificates.k8s.io/v1/CertificateSigningRequest': validateCertificateSigningRequest,
  'v1/ServiceAccount': validateServiceAccount,
  'v1/Secret': validateSecret,
  'v1/Namespace': validateNamespace,
  'v1/Pod': validatePod,
  'v1/PodTemplate': validatePodTemplate,
  'v1/ReplicationController': validateReplicationController,
  'apps/v1/Deployment': validateAppsWorkload('Deployment'),
  'apps/v1/ReplicaSet': validateAppsWorkload('ReplicaSet'),
  'apps/v1/DaemonSet': validateAppsWorkload('DaemonSet'),
  'apps/v1/StatefulSet': validateAppsWorkload('StatefulSet'),
  'batch/v1/Job': validateJob,
  'batch/v1/CronJob': validateCronJob,
};

export const validationErrors: (document: ManifestDocument) => readonly FieldError[] = perDocument((document) => {
  const validator = document.typeKey ? VALIDATORS[document.typeKey] : undefined;
  if (!validator || document.category !== 'kubernetes' || !document.decodable) return [];
  const { data, problem } = document.data();
  const object = record(data);
  if (problem || !object) return [];
  const errors = new FieldErrors();
  validator(object, errors);
  return errors.errors;
});

/** What a rule says of the validation errors it reports: one finding per node, naming the field, with every problem. */
export interface ValidationFinding {
  at: Node;
  /** The field as the API server names it (that of the node's first error). */
  field: string;
  /** The problems, joined. */
  detail: string;
  /** The value written at the node, when it is a scalar. */
  value?: unknown;
}

export function validationFindings(document: ManifestDocument, rule: ValidationRuleId): ValidationFinding[] {
  const byNode = new Map<Node, ValidationFinding>();
  for (const error of validationErrors(document)) {
    if (error.rule !== rule || error.implied) continue;
    const at = errorTarget(document, error);
    if (!at) continue;
    const found = byNode.get(at);
    if (found) {
      if (!found.detail.includes(error.detail)) found.detail = `${found.detail}; it ${error.detail}`;
    } else byNode.set(at, { at, field: fieldName(error), detail: error.detail, ...(isScalar(at) ? { value: at.value } : {}) });
  }
  return [...byNode.values()];
}

export type { FieldError };

/**
 * Where a finding for a validation error goes: the key or value the error is about, or, when that is not written
 * (a required field left out, a peer written as `- podSelector:`), the nearest written key above it.
 */
function errorTarget(document: ManifestDocument, error: FieldError): Node | undefined {
  const target = locate(document.root, error.at);
  if (target.exact) {
    if (error.onKey && target.key) return target.key;
    const value = target.value;
    // A whole mapping is pointed at through its first key, which is where its line starts.
    if (isMap(value) && value.items.length > 0 && isScalar(value.items[0].key)) return value.items[0].key;
    if (value && !(isScalar(value) && value.value === null && target.key)) return value;
    return target.key ?? value;
  }
  return target.key ?? target.value;
}

/** Fields whose keys are data, which the API server writes in brackets. */
const MAP_FIELDS = new Set(['data', 'stringData', 'annotations', 'labels', 'matchLabels']);

/** A readable path, as the API server writes it: `spec.ingress[0].from[0]`, `data[tls.crt]`. */
function fieldName(error: FieldError): string {
  return error.path.reduce<string>((name, segment, index) => {
    if (typeof segment === 'number') return `${name}[${segment}]`;
    const parent = error.path[index - 1];
    // Keys of maps whose keys are data (labels, Secret data) are written in brackets, as the API server writes them.
    if (typeof parent === 'string' && MAP_FIELDS.has(parent) && index > 0) return `${name}[${segment}]`;
    return name ? `${name}.${segment}` : segment;
  }, '');
}
