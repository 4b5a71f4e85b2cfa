/**
 * The workload kinds that carry a pod template, as kube-apiserver validates them (pkg/apis/apps/validation and
 * the ReplicationController and PodTemplate parts of pkg/apis/core/validation, v1.36), after their defaults:
 * replicas 1, a RollingUpdate strategy with 25% (Deployment) or 1 and 0 (DaemonSet) for what is left out, a
 * progress deadline of 600 seconds, an OrderedReady StatefulSet, a ReplicationController selector taken from its
 * template's labels. A controller's selector must select its own template, and its pods must restart Always.
 */
import { selectorMatches } from '../analysis/label-selector';
import type { PathSegment } from '../model/nodes';
import { child, isSet, list, record, stringEntries, text, type Data } from './data';
import type { FieldErrors } from './errors';
import { dnsLabelProblems, dnsSubdomainProblems } from './formats';
import { readSelector } from './label-selector';
import { validateAnnotationsAt, validateLabels, validateObjectMeta } from './object-meta';
import { validatePodSpec } from './pod';

type Kind = 'Deployment' | 'ReplicaSet' | 'DaemonSet' | 'StatefulSet';

/** Deployment, ReplicaSet, DaemonSet and StatefulSet: a label selector, a template, and each kind's own settings. */
export function validateAppsWorkload(kind: Kind): (object: Data, errors: FieldErrors) => void {
  return (object, errors) => {
    // A StatefulSet's name becomes its pods' hostnames, so it is a DNS label; the others are DNS subdomains.
    validateObjectMeta(object, { name: kind === 'StatefulSet' ? dnsLabelProblems : dnsSubdomainProblems }, errors);
    const spec = record(object.spec) ?? {};
    for (const field of ['replicas', 'minReadySeconds']) nonNegative(spec, field, ['spec'], errors);
    // Only Deployments and DaemonSets have their revisionHistoryLimit checked; a StatefulSet's is stored as written.
    if (kind === 'Deployment' || kind === 'DaemonSet') nonNegative(spec, 'revisionHistoryLimit', ['spec'], errors);
    const template = record(spec.template) ?? {};
    validateSelectedTemplate(spec, template, errors);
    // A StatefulSet's pods get their hostname and subdomain from the set, so what the template says there is not judged.
    const podSpec = kind === 'StatefulSet' ? { ...(record(template.spec) ?? {}), hostname: undefined, subdomain: undefined } : record(template.spec) ?? {};
    // Where the schema requires the template, a missing one is reported there and not again through its containers.
    const templateRequired = kind !== 'ReplicaSet';
    validateTemplate(template, podSpec, ['spec', 'template'], errors, kind === 'StatefulSet' ? claimTemplateNames(spec) : [], record(spec.template) !== undefined || !templateRequired);
    requireRestartAlways(podSpec, ['spec', 'template', 'spec'], errors);
    if (kind === 'Deployment') validateDeploymentStrategy(spec, errors);
    if (kind === 'DaemonSet') validateDaemonSetStrategy(spec, errors);
    if (kind === 'StatefulSet') validateStatefulSetSettings(spec, errors);
  };
}

export function validateReplicationController(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems, generateName: 'generated' }, errors);
  const spec = record(object.spec) ?? {};
  nonNegative(spec, 'replicas', ['spec'], errors);
  nonNegative(spec, 'minReadySeconds', ['spec'], errors);
  const template = record(spec.template);
  const templateLabels = Object.fromEntries(stringEntries(record(template?.metadata)?.labels));
  // An empty selector is filled in with the template's labels.
  const written = Object.fromEntries(stringEntries(spec.selector));
  const selector = Object.keys(written).length > 0 ? written : template && record(template.metadata)?.labels ? templateLabels : {};
  if (Object.keys(selector).length === 0) errors.required(['spec', 'selector'], "must select the controller's pods (or the template must have labels)");
  validateLabels(spec.selector, ['spec', 'selector'], errors);
  if (!template) {
    errors.required(['spec', 'template'], 'must hold the pod template');
    return;
  }
  if (Object.keys(selector).length > 0 && !selectorMatches({ matchLabels: selector }, templateLabels)) {
    errors.add('k8s/invalid-label', 'invalid', ['spec', 'template', 'metadata', 'labels'], "are not selected by spec.selector, so the controller would not own its own pods", { path: labelsAnchor(template, ['spec', 'template']) });
  }
  const podSpec = record(template.spec) ?? {};
  validateTemplate(template, podSpec, ['spec', 'template'], errors, []);
  requireRestartAlways(podSpec, ['spec', 'template', 'spec'], errors);
}

export function validatePodTemplate(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
  const template = record(object.template) ?? {};
  validateTemplate(template, record(template.spec) ?? {}, ['template'], errors, []);
}

/** A pod template: its labels and annotations, and its pod spec as a template (not a Pod) is checked. */
export function validateTemplate(template: Data, podSpec: Data, path: PathSegment[], errors: FieldErrors, extraVolumes: readonly string[], templateWritten = true): void {
  const metadata = record(template.metadata) ?? {};
  // The API server names the template's labels and annotations without "metadata" in the path.
  validateLabels(metadata.labels, child(path, 'labels'), errors, [], child(path, 'metadata', 'labels'));
  validateAnnotationsAt(metadata.annotations, child(path, 'annotations'), errors, child(path, 'metadata', 'annotations'));
  validatePodSpec(podSpec, child(path, 'spec'), { isPod: false, extraVolumes, written: record(template.spec) ? 'written' : templateWritten ? 'absent' : 'owner missing' }, errors);
  if ((list(podSpec.ephemeralContainers) ?? []).length > 0) errors.add('k8s/invalid-value', 'forbidden', child(path, 'spec', 'ephemeralContainers'), 'cannot be part of a pod template');
}

/** The selector of an apps workload: required, not empty, valid, and selecting the template's labels. */
function validateSelectedTemplate(spec: Data, template: Data, errors: FieldErrors): void {
  const selector = record(spec.selector);
  if (!selector) {
    // An absent or null selector is k8s/missing-field's schema finding; without one the template is not selected either.
    errors.implied('k8s/invalid-label', ['spec', 'template', 'metadata', 'labels'], 'are not selected by spec.selector');
    return;
  }
  const read = readSelector(selector, ['spec', 'selector'], errors);
  if (stringEntries(selector.matchLabels).length === 0 && (list(selector.matchExpressions) ?? []).length === 0) {
    errors.add('k8s/invalid-label', 'invalid', ['spec', 'selector'], 'is empty, which a controller may not have: it would claim every pod of the namespace');
    return;
  }
  // A selector the API server cannot read is not matched against the template.
  if (!read) return;
  const templateLabels = Object.fromEntries(stringEntries(record(template.metadata)?.labels));
  if (!selectorMatches(read, templateLabels)) {
    errors.add('k8s/invalid-label', 'invalid', ['spec', 'template', 'metadata', 'labels'], "are not selected by spec.selector, so the controller would not own its own pods", { path: labelsAnchor(template, ['spec', 'template']) });
  }
}

/** Where to point at a template's labels: the labels, else the template's metadata, else the template. */
function labelsAnchor(template: Data, path: PathSegment[]): PathSegment[] {
  const metadata = record(template.metadata);
  if (metadata && isSet(metadata.labels)) return child(path, 'metadata', 'labels');
  return metadata ? child(path, 'metadata') : path;
}

/** Controllers keep their pods running: restartPolicy must be Always (which it is by default), and no deadline. */
function requireRestartAlways(podSpec: Data, path: PathSegment[], errors: FieldErrors): void {
  const policy = text(podSpec.restartPolicy);
  if (policy && policy !== 'Always') errors.add('k8s/invalid-value', 'notSupported', child(path, 'restartPolicy'), 'must be Always: the controller restarts pods that stop');
  if (isSet(podSpec.activeDeadlineSeconds)) errors.add('k8s/invalid-value', 'forbidden', child(path, 'activeDeadlineSeconds'), 'cannot be set for pods a controller keeps running');
}

function nonNegative(map: Data, field: string, path: PathSegment[], errors: FieldErrors): void {
  const value = map[field];
  if (typeof value === 'number' && value < 0) errors.add('k8s/invalid-value', 'invalid', child(path, field), 'must not be negative');
}

function validateDeploymentStrategy(spec: Data, errors: FieldErrors): void {
  const strategy = record(spec.strategy) ?? {};
  const path: PathSegment[] = ['spec', 'strategy'];
  const type = text(strategy.type) || 'RollingUpdate';
  if (type === 'Recreate') {
    if (isSet(strategy.rollingUpdate)) errors.add('k8s/invalid-value', 'forbidden', child(path, 'rollingUpdate'), 'cannot be set with the Recreate strategy');
  } else if (type === 'RollingUpdate') {
    const rolling = record(strategy.rollingUpdate) ?? {};
    const unavailable = isSet(rolling.maxUnavailable) ? rolling.maxUnavailable : '25%';
    const surge = isSet(rolling.maxSurge) ? rolling.maxSurge : '25%';
    const rollingPath = child(path, 'rollingUpdate');
    intOrPercent(unavailable, child(rollingPath, 'maxUnavailable'), errors);
    intOrPercent(surge, child(rollingPath, 'maxSurge'), errors);
    if (amount(unavailable) === 0 && amount(surge) === 0) errors.add('k8s/invalid-value', 'invalid', child(rollingPath, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0: the rollout could never make progress');
    atMost100Percent(unavailable, child(rollingPath, 'maxUnavailable'), errors);
  }
  const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  const deadline = typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : isSet(spec.progressDeadlineSeconds) ? undefined : 600;
  nonNegative(spec, 'progressDeadlineSeconds', ['spec'], errors);
  if (deadline !== undefined && deadline <= minReady) {
    errors.add('k8s/invalid-value', 'invalid', ['spec', 'progressDeadlineSeconds'], `must be greater than minReadySeconds (${minReady})`, { path: isSet(spec.progressDeadlineSeconds) ? ['spec', 'progressDeadlineSeconds'] : ['spec', 'minReadySeconds'] });
  }
}

function validateDaemonSetStrategy(spec: Data, errors: FieldErrors): void {
  nonNegative(spec, 'templateGeneration', ['spec'], errors);
  const strategy = record(spec.updateStrategy) ?? {};
  const type = text(strategy.type) || 'RollingUpdate';
  if (type !== 'RollingUpdate') return;
  const rolling = record(strategy.rollingUpdate) ?? {};
  const path: PathSegment[] = ['spec', 'updateStrategy', 'rollingUpdate'];
  const unavailable = isSet(rolling.maxUnavailable) ? rolling.maxUnavailable : 1;
  const surge = isSet(rolling.maxSurge) ? rolling.maxSurge : 0;
  intOrPercent(unavailable, child(path, 'maxUnavailable'), errors);
  intOrPercent(surge, child(path, 'maxSurge'), errors);
  atMost100Percent(unavailable, child(path, 'maxUnavailable'), errors);
  atMost100Percent(surge, child(path, 'maxSurge'), errors);
  const hasUnavailable = amount(unavailable) !== 0;
  const hasSurge = amount(surge) !== 0;
  if (hasUnavailable && hasSurge) errors.add('k8s/invalid-value', 'invalid', child(path, 'maxSurge'), `cannot be set while maxUnavailable is not 0${isSet(rolling.maxUnavailable) ? '' : ' (it defaults to 1)'}`);
  else if (!hasUnavailable && !hasSurge) errors.add('k8s/invalid-value', 'required', child(path, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0', { path: isSet(rolling.maxUnavailable) ? child(path, 'maxUnavailable') : path });
}

function validateStatefulSetSettings(spec: Data, errors: FieldErrors): void {
  const strategy = record(spec.updateStrategy) ?? {};
  const type = text(strategy.type) || 'RollingUpdate';
  const path: PathSegment[] = ['spec', 'updateStrategy'];
  if (type === 'OnDelete' && isSet(strategy.rollingUpdate)) errors.add('k8s/invalid-value', 'invalid', child(path, 'rollingUpdate'), 'goes only with the RollingUpdate strategy');
  const rolling = record(strategy.rollingUpdate);
  // maxUnavailable is dropped before validation while the MaxUnavailableStatefulSet feature is off (its default in 1.36).
  if (type === 'RollingUpdate' && rolling) nonNegative(rolling, 'partition', child(path, 'rollingUpdate'), errors);
  const retention = record(spec.persistentVolumeClaimRetentionPolicy);
  for (const field of ['whenDeleted', 'whenScaled']) {
    const value = text(retention?.[field]);
    if (value && value !== 'Retain' && value !== 'Delete') errors.add('k8s/invalid-value', 'notSupported', ['spec', 'persistentVolumeClaimRetentionPolicy', field], 'must be Retain or Delete');
  }
  const serviceName = text(spec.serviceName);
  if (serviceName) for (const problem of dnsLabelProblems(serviceName)) errors.add('k8s/invalid-name', 'invalid', ['spec', 'serviceName'], problem);
  const ordinals = record(spec.ordinals);
  if (ordinals && typeof ordinals.start === 'number' && ordinals.start < 0) errors.add('k8s/invalid-value', 'invalid', ['spec', 'ordinals.start'], 'must not be negative', { path: ['spec', 'ordinals', 'start'] });
}

/** The volume names a StatefulSet adds to its pods from its volumeClaimTemplates, which containers may mount. */
function claimTemplateNames(spec: Data): string[] {
  return (list(spec.volumeClaimTemplates) ?? []).flatMap((item) => {
    const name = text(record(record(item)?.metadata)?.name);
    return name ? [name] : [];
  });
}

/** An int-or-percent field: a non-negative number, or digits and '%'. */
function intOrPercent(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  if (typeof value === 'string' && !/^[0-9]+%$/.test(value)) errors.add('k8s/invalid-value', 'invalid', path, `"${value}" must be a number or a percentage such as 25%`);
  else if (typeof value === 'number' && value < 0) errors.add('k8s/invalid-value', 'invalid', path, 'must not be negative');
}

function atMost100Percent(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  if (typeof value === 'string' && /^[0-9]+%$/.test(value) && Number(value.slice(0, -1)) > 100) errors.add('k8s/invalid-value', 'invalid', path, 'must not be more than 100%');
}

/** The number an int-or-percent stands for, as the API server compares it with 0 (an unreadable string is 0). */
function amount(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (/^[0-9]+%$/.test(value)) return Number(value.slice(0, -1));
  return /^[+-]?[0-9]+$/.test(value) ? Number(value) : 0;
}
