/**
 * The rule registry, in alphabetical order of id. `test/meta.test.ts` checks it against the rule files.
 */
import type { Rule } from './define-rule';
import k8sInvalidValue from './k8s/invalid-value';
import k8sMissingField from './k8s/missing-field';
import k8sRemovedApiVersion from './k8s/removed-api-version';
import k8sUnknownApiVersion from './k8s/unknown-api-version';
import k8sUnknownField from './k8s/unknown-field';
import k8sUnknownKind from './k8s/unknown-kind';
import yamlSyntax from './yaml/syntax';
import yamlTabIndent from './yaml/tab-indent';

export const RULES: readonly Rule[] = [
  k8sInvalidValue,
  k8sMissingField,
  k8sRemovedApiVersion,
  k8sUnknownApiVersion,
  k8sUnknownField,
  k8sUnknownKind,
  yamlSyntax,
  yamlTabIndent,
] as Rule[];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
