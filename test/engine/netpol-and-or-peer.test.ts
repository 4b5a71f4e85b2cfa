/**
 * The two code actions of netpol/and-or-peer undo each other, so the fixture round trip (which requires no
 * fixable finding after fixing) cannot cover them: here splitting and merging are checked to give back the text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes } from '../../server/src/engine/fix';
import { lintFixtureText } from '../helpers/fixtures';

const AND = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: metrics
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - from:
        # Prometheus, from the monitoring namespace
        - namespaceSelector:
            matchLabels:
              team: monitoring # the platform team
          podSelector: # the server only
            matchLabels:
              app: prometheus
      ports:
        - port: 9090
`;

const OR = AND.replace('          podSelector: # the server only', '        - podSelector: # the server only');

function fixOnce(text: string, messageId: string): string {
  const findings = lintFixtureText('netpol/and-or-peer', text);
  assert.equal(findings.length, 1, JSON.stringify(findings.map((finding) => finding.message)));
  assert.equal(findings[0].fixes[0]?.messageId, messageId);
  const fixed = applyFixes(text, [findings[0].fixes[0]]).text;
  assert.deepEqual(lintFixtureText('yaml/syntax', fixed), []);
  assert.deepEqual(lintFixtureText('k8s/unknown-field', fixed), []);
  return fixed;
}

test('netpol/and-or-peer: split gives two peers and merge gives the one peer back', () => {
  const split = fixOnce(AND, 'split');
  assert.equal(split, OR);
  assert.equal(fixOnce(split, 'merge'), AND);
});
