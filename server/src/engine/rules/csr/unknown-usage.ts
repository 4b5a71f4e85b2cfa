/**
 * Flags CertificateSigningRequest usages that Kubernetes does not define, such as `lient auth`, `digitalsignature`
 * or `Client Auth`. The API server accepts only its exact lower-case names and rejects the whole request otherwise;
 * k8s/invalid-value leaves these values to this rule.
 */
import { closest } from '../../analysis/spelling';
import { replaceScalar } from '../../edits';
import { csrOf } from '../../model/views/csr';
import { KEY_USAGES } from '../../reference/certificate-signers';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'csr/unknown-usage',
  meta: {
    summary: 'Key usage that Kubernetes does not define.',
    why: 'The API server only accepts the key usages it defines, written exactly (lower case, words separated by one space); any other value makes it reject the request.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'safe',
    messages: {
      unknownUsage: 'Usage "{usage}" is not a key usage Kubernetes accepts.',
      replaceWith: 'Replace with "{suggestion}"',
    },
  },
  check(doc, context) {
    const csr = csrOf(doc);
    for (const usage of csr?.usages?.items ?? []) {
      if ((KEY_USAGES as readonly string[]).includes(usage.value)) continue;
      const suggestion = suggestUsage(usage.value);
      context.report({
        at: usage.node,
        messageId: 'unknownUsage',
        data: { usage: usage.value },
        fixes: suggestion ? [{ messageId: 'replaceWith', data: { suggestion }, edits: [replaceScalar(usage.node, suggestion)] }] : [],
      });
    }
  },
});

/** The accepted usage a misspelling most likely meant: case, spaces, dashes and underscores are ignored first. */
function suggestUsage(value: string): string | undefined {
  const squashed = value.toLowerCase().replace(/[\s_-]+/g, '');
  const exact = KEY_USAGES.find((usage) => usage.replace(/ /g, '') === squashed);
  if (exact) return exact;
  return closest(value.toLowerCase().replace(/[_-]+/g, ' ').trim(), KEY_USAGES, Math.max(2, Math.floor(value.length / 4)));
}
