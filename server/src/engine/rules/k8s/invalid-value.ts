/**
 * Flags values of the wrong type or outside a field's allowed set: a string where a list belongs (`verbs: get`),
 * a quoted boolean, a protocol that is not TCP, UDP or SCTP, data that is not base64; and the values that kube-
 * apiserver's validation refuses where no more specific rule speaks for them (a repeated usage, three policyTypes,
 * a Secret data key with a space, a rule mixing resources and non-resource URLs).
 */
import { isScalar, isSeq, isMap, type Node } from 'yaml';
import { schemaIssues, type SchemaIssue } from '../../analysis/schema-issues';
import { closest } from '../../analysis/spelling';
import { locate, nodeRange, replaceScalar } from '../../edits';
import { validationFindings } from '../../validation/index';
import { defineRule, type FixProposal } from '../define-rule';

type MessageId = 'wrongType' | 'notInEnum' | 'badFormat' | 'rejected' | 'wrapInList' | 'replaceWith';

const FORMAT_EXPLANATIONS: Record<string, string> = {
  byte: 'is not valid base64 data',
  int32: 'does not fit a 32-bit integer',
  int64: 'is not a whole number',
  uint8: 'is not a byte value from 0 to 255',
  'date-time': 'is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z',
  quantity: 'is not a quantity such as 250m, 1.5 or 512Mi',
  finite: 'is infinite or not a number, which JSON cannot carry to the API server',
};

export default defineRule({
  id: 'k8s/invalid-value',
  meta: {
    summary: 'Value has the wrong type or is not allowed.',
    why: 'The API server decodes every field into a fixed type and checks enumerated values, so a value of the wrong type or outside the allowed set makes it reject the object.',
    severity: 'error',
    scope: 'manifests',
    fix: 'safe',
    messages: {
      wrongType: 'Expected {expected}, found {actual}.',
      notInEnum: 'Value "{value}" is not allowed here; expected one of: {allowed}.',
      badFormat: 'Value {explanation}.',
      rejected: '{field} {detail}.',
      wrapInList: 'Wrap the value in a list',
      replaceWith: 'Replace with "{suggestion}"',
    },
  },
  check(doc, context) {
    for (const issue of schemaIssues(doc)) {
      if (issue.kind !== 'invalid-type' && issue.kind !== 'invalid-enum' && issue.kind !== 'invalid-format') continue;
      // csr/unknown-usage owns the values of a v1 CertificateSigningRequest's spec.usages: it knows the accepted
      // spellings and offers the intended one, so reporting them here too would show every mistake twice.
      if (issue.kind === 'invalid-enum' && doc.typeKey === 'certificates.k8s.io/v1/CertificateSigningRequest' && issue.path[0] === 'spec' && issue.path[1] === 'usages') continue;
      const target = locate(doc.root, issue.path);
      if (!target.exact || !target.value) continue;
      report(issue, target.value);
    }

    for (const { at, field, detail } of validationFindings(doc, 'k8s/invalid-value')) {
      context.report({ at, messageId: 'rejected', data: { field, detail } });
    }

    function report(issue: SchemaIssue, node: Node) {
      if (issue.kind === 'invalid-type') {
        const fixes: FixProposal<MessageId>[] = [];
        if (issue.expected.includes('array') && isScalar(node)) {
          const { start, end } = nodeRange(node);
          fixes.push({ messageId: 'wrapInList', edits: [{ start, end, newText: `[${doc.text.slice(start, end)}]` }] });
        }
        context.report({ at: node, messageId: 'wrongType', data: { expected: describeExpected(issue.expected), actual: describeNode(node) }, fixes });
      } else if (issue.kind === 'invalid-enum') {
        const value = isScalar(node) ? String(node.value) : '';
        const allowed = issue.allowed.map(String);
        const suggestion = isScalar(node) ? closest(value, allowed, Math.max(2, Math.floor(value.length / 3))) : undefined;
        context.report({
          at: node,
          messageId: 'notInEnum',
          data: { value, allowed: allowed.map((item) => `"${item}"`).join(', ') },
          fixes: suggestion && isScalar(node) ? [{ messageId: 'replaceWith', data: { suggestion }, edits: [replaceScalar(node, suggestion)] }] : [],
        });
      } else if (issue.kind === 'invalid-format') {
        context.report({ at: node, messageId: 'badFormat', data: { explanation: FORMAT_EXPLANATIONS[issue.format] ?? `does not match the format ${issue.format}` } });
      }
    }
  },
});

function describeExpected(types: string[]): string {
  // A []byte field: the decoder takes base64 text, or a list of byte values.
  if (types.length === 2 && types.includes('string') && types.includes('array')) return 'base64 text';
  const names: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)' };
  return types.map((type) => names[type] ?? type).join(' or ');
}

function describeNode(node: Node): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (!isScalar(node)) return 'an alias';
  const value = node.value;
  if (typeof value === 'string') return `the string "${value.length > 40 ? value.slice(0, 37) + '...' : value}"`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (value === null) return 'nothing';
  return `a ${typeof value}`;
}
