/**
 * Label selector matching as Kubernetes does it (apimachinery `LabelSelectorAsSelector`): every matchLabels pair
 * and every expression must hold, and an empty selector matches everything. An expression the API server would
 * reject (unknown operator, In without values, Exists with values) matches nothing, so a broken selector never
 * looks like it opens traffic.
 */
import type { LabelSelectorData } from '../reference/policy-data';

export function selectorMatches(selector: LabelSelectorData, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const present = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        return values.length > 0 && present && values.includes(labels[key]);
      case 'NotIn':
        return values.length > 0 && (!present || !values.includes(labels[key]));
      case 'Exists':
        return values.length === 0 && present;
      case 'DoesNotExist':
        return values.length === 0 && !present;
      default:
        return false;
    }
  });
}

/** Whether a selector selects everything: no labels and no expressions. */
export function selectsAll(selector: LabelSelectorData): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}
