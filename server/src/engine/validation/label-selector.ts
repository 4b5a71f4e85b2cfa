/**
 * Label selectors as kube-apiserver validates them (apimachinery meta/v1/validation): matchLabels as labels, and
 * each matchExpressions requirement by its operator, key and values.
 */
import type { PathSegment } from '../model/nodes';
import type { LabelSelectorData } from '../reference/policy-data';
import { child, isSet, list, record, stringEntries, text } from './data';
import type { FieldErrors } from './errors';
import { labelValueProblems, qualifiedNameProblems } from './formats';
import { validateLabels } from './object-meta';

/**
 * Validates a selector and reads it for matching: undefined when it is absent or has an error, as the API server
 * only matches a selector it could turn into requirements.
 */
export function readSelector(value: unknown, path: PathSegment[], errors: FieldErrors): LabelSelectorData | undefined {
  const selector = record(value);
  if (!selector) return undefined;
  const before = errors.errors.length;
  validateLabelSelector(selector, path, errors);
  if (errors.errors.length > before) return undefined;
  const matchExpressions = (list(selector.matchExpressions) ?? []).flatMap((item) => {
    const requirement = record(item);
    return requirement ? [{ key: text(requirement.key) ?? '', operator: text(requirement.operator) ?? '', values: (list(requirement.values) ?? []).map((entry) => text(entry) ?? '') }] : [];
  });
  return { matchLabels: Object.fromEntries(stringEntries(selector.matchLabels)), matchExpressions };
}

export function validateLabelSelector(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  const selector = record(value);
  if (!selector) return;
  validateLabels(selector.matchLabels, child(path, 'matchLabels'), errors);
  (list(selector.matchExpressions) ?? []).forEach((item, index) => {
    const requirement = record(item);
    if (requirement) validateRequirement(requirement, child(path, 'matchExpressions', index), errors);
  });
}

function validateRequirement(requirement: Record<string, unknown>, path: PathSegment[], errors: FieldErrors): void {
  // An absent key or operator is k8s/missing-field's finding, from the schema.
  const operator = isSet(requirement.operator) ? text(requirement.operator) : undefined;
  const values = list(requirement.values);
  if (values === undefined) return;
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) errors.add('k8s/invalid-label', 'required', child(path, 'values'), `must list at least one value for the operator ${operator}`, { path: requirement.values === undefined ? path : child(path, 'values') });
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) errors.add('k8s/invalid-label', 'forbidden', child(path, 'values'), `must be left out for the operator ${operator}`);
  } else if (operator !== undefined) {
    errors.add('k8s/invalid-label', 'invalid', child(path, 'operator'), `"${operator}" is not a selector operator; use In, NotIn, Exists or DoesNotExist`);
  }
  const key = isSet(requirement.key) ? text(requirement.key) : undefined;
  if (key !== undefined) for (const problem of qualifiedNameProblems(key)) errors.add('k8s/invalid-label', 'invalid', child(path, 'key'), `"${key}" ${problem}`);
  values.forEach((item, index) => {
    if (typeof item !== 'string') return;
    for (const problem of labelValueProblems(item)) errors.add('k8s/invalid-label', 'invalid', child(path, 'values', index), `"${item}" ${problem}`);
  });
}
