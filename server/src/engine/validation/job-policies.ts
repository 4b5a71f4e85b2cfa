/**
 * The policies of a Job spec as kube-apiserver validates them (pkg/apis/batch/validation, v1.36): which pod
 * failures count (podFailurePolicy), when an Indexed Job has succeeded early (successPolicy), and when failed pods
 * are replaced (podReplacementPolicy).
 */
import type { PathSegment } from '../model/nodes';
import { child, isSet, list, record, text, type Data } from './data';
import type { FieldErrors } from './errors';
import { qualifiedNameProblems } from './formats';

const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const CONDITION_STATUSES = ['True', 'False', 'Unknown'];

export function validateJobPolicies(spec: Data, path: PathSegment[], errors: FieldErrors): void {
  const failurePolicy = record(spec.podFailurePolicy);
  if (failurePolicy) validatePodFailurePolicy(failurePolicy, spec, child(path, 'podFailurePolicy'), errors);
  const successPolicy = record(spec.successPolicy);
  if (successPolicy) {
    if (text(spec.completionMode) !== 'Indexed') errors.add('k8s/invalid-value', 'invalid', child(path, 'successPolicy'), 'needs completionMode: Indexed');
    else validateSuccessPolicy(successPolicy, spec, child(path, 'successPolicy'), errors);
  }
  const replacement = text(spec.podReplacementPolicy);
  if (failurePolicy && replacement && replacement !== 'Failed') errors.add('k8s/invalid-value', 'notSupported', child(path, 'podReplacementPolicy'), 'must be Failed when podFailurePolicy is set');
}

function validatePodFailurePolicy(policy: Data, spec: Data, path: PathSegment[], errors: FieldErrors): void {
  const rules = list(policy.rules) ?? [];
  if (rules.length > MAX_RULES) errors.add('k8s/invalid-value', 'tooMany', child(path, 'rules'), `may hold at most ${MAX_RULES} rules`);
  const podSpec = record(record(spec.template)?.spec) ?? {};
  const containerNames = new Set([...(list(podSpec.containers) ?? []), ...(list(podSpec.initContainers) ?? [])].map((container) => text(record(container)?.name) ?? ''));
  rules.forEach((item, index) => {
    const rule = record(item) ?? {};
    const rulePath = child(path, 'rules', index);
    const action = text(rule.action);
    if (action === 'FailIndex' && !isSet(spec.backoffLimitPerIndex)) errors.add('k8s/invalid-value', 'invalid', child(rulePath, 'action'), 'FailIndex needs backoffLimitPerIndex to be set');
    const exitCodes = record(rule.onExitCodes);
    const conditions = list(rule.onPodConditions) ?? [];
    if (exitCodes) validateOnExitCodes(exitCodes, containerNames, child(rulePath, 'onExitCodes'), errors);
    if (conditions.length > 0) validateOnPodConditions(conditions, child(rulePath, 'onPodConditions'), errors);
    if (exitCodes && conditions.length > 0) errors.add('k8s/invalid-value', 'invalid', rulePath, 'may have onExitCodes or onPodConditions, not both');
    if (!exitCodes && conditions.length === 0) errors.add('k8s/invalid-value', 'invalid', rulePath, 'must have onExitCodes or onPodConditions');
  });
}

function validateOnExitCodes(requirement: Data, containerNames: ReadonlySet<string>, path: PathSegment[], errors: FieldErrors): void {
  const containerName = requirement.containerName;
  if (typeof containerName === 'string' && !containerNames.has(containerName)) errors.add('k8s/invalid-value', 'invalid', child(path, 'containerName'), `"${containerName}" is not a container or init container of the pod template`);
  const values = (list(requirement.values) ?? []).map((value) => (typeof value === 'number' ? value : 0));
  const valuesPath = child(path, 'values');
  if (values.length === 0) errors.add('k8s/invalid-value', 'invalid', valuesPath, 'must list at least one exit code', { path: isSet(requirement.values) ? valuesPath : path });
  else if (values.length > MAX_EXIT_CODES) errors.add('k8s/invalid-value', 'tooMany', valuesPath, `may list at most ${MAX_EXIT_CODES} exit codes`);
  const seen = new Set<number>();
  values.forEach((value, index) => {
    if (text(requirement.operator) === 'In' && value === 0) errors.add('k8s/invalid-value', 'invalid', child(valuesPath, index), 'cannot be 0 with the In operator');
    if (seen.has(value)) errors.add('k8s/invalid-value', 'duplicate', child(valuesPath, index), `repeats the exit code ${value}`);
    seen.add(value);
  });
  if (values.some((value, index) => index > 0 && values[index - 1] > value)) errors.add('k8s/invalid-value', 'invalid', valuesPath, 'must be in ascending order');
}

function validateOnPodConditions(patterns: unknown[], path: PathSegment[], errors: FieldErrors): void {
  if (patterns.length > MAX_CONDITION_PATTERNS) errors.add('k8s/invalid-value', 'tooMany', path, `may hold at most ${MAX_CONDITION_PATTERNS} patterns`);
  patterns.forEach((item, index) => {
    const pattern = record(item) ?? {};
    const type = text(pattern.type);
    if (type !== undefined) for (const problem of qualifiedNameProblems(type)) errors.add('k8s/invalid-value', 'invalid', child(path, index, 'type'), type === '' ? 'must name a pod condition' : problem);
    // An empty status is defaulted to True.
    const status = text(pattern.status);
    if (status && !CONDITION_STATUSES.includes(status)) errors.add('k8s/invalid-value', 'notSupported', child(path, index, 'status'), 'must be True, False or Unknown');
  });
}

function validateSuccessPolicy(policy: Data, spec: Data, path: PathSegment[], errors: FieldErrors): void {
  const rules = list(policy.rules) ?? [];
  const rulesPath = child(path, 'rules');
  if (rules.length === 0) errors.required(rulesPath, 'must hold at least one rule', 'k8s/missing-field');
  if (rules.length > MAX_RULES) errors.add('k8s/invalid-value', 'tooMany', rulesPath, `may hold at most ${MAX_RULES} rules`);
  // Without completions (an Indexed Job requires them, which is reported) the rules cannot be checked.
  const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
  if (completions === undefined) return;
  rules.forEach((item, index) => {
    const rule = record(item) ?? {};
    const rulePath = child(rulesPath, index);
    if (!isSet(rule.succeededCount) && !isSet(rule.succeededIndexes)) errors.required(rulePath, 'must have succeededCount or succeededIndexes', 'k8s/missing-field');
    let total = 0;
    const indexes = rule.succeededIndexes;
    if (typeof indexes === 'string') {
      const indexesPath = child(rulePath, 'succeededIndexes');
      if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) errors.add('k8s/invalid-value', 'tooLong', indexesPath, `must have at most ${MAX_SUCCEEDED_INDEXES_LENGTH} characters`);
      const read = readIndexes(indexes, completions);
      if (typeof read === 'string') errors.add('k8s/invalid-value', 'invalid', indexesPath, read);
      else total = read;
    }
    const count = rule.succeededCount;
    if (typeof count !== 'number') return;
    const countPath = child(rulePath, 'succeededCount');
    if (count < 0) errors.add('k8s/invalid-value', 'invalid', countPath, 'must not be negative');
    if (count > completions) errors.add('k8s/invalid-value', 'invalid', countPath, `must not be more than completions (${completions})`);
    if (typeof indexes === 'string' && count > total) errors.add('k8s/invalid-value', 'invalid', countPath, `must not be more than the ${total} indexes of succeededIndexes`);
  });
}

/** Reads `0,2-5,7` into how many indexes it names, or says why it cannot. */
function readIndexes(indexes: string, completions: number): number | string {
  if (indexes === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return `has "${interval}", an interval with more than one '-'`;
    const bounds: number[] = [];
    for (const limit of limits) {
      if (!/^[+-]?[0-9]+$/.test(limit)) return `has "${limit}", which is not an index`;
      const value = Number(limit);
      if (value >= completions) return `has the index ${limit}, which is not below completions (${completions})`;
      bounds.push(value);
    }
    const [from, to = from] = bounds;
    if (limits.length === 2 && from >= to) return `has the interval ${interval}, which does not go up`;
    if (last !== undefined && last >= from) return `is not in increasing order (${from} after ${last})`;
    total += to - from + 1;
    last = to;
  }
  return total;
}
