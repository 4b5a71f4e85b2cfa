/**
 * The words of `kubeward diff` and "Compare Effective Access With…" for reachability: destinations that a source
 * gains (or loses) the same way are one line, the first ten named and the rest counted; different changes from
 * the same source stay apart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessDiffText } from '../../server/src/services/access-diff-words';
import type { ReachabilityChangeJson } from '../../server/src/services/access-diff';

const opened = (to: string): ReachabilityChangeJson => ({
  from: 'Deployment shop/api',
  to,
  before: { answer: 'denied', ports: 'no port' },
  after: { answer: 'allowed', ports: 'every port' },
  added: 'every port',
  removed: 'no port',
});

test('one line per source and change, ten destinations named and the rest counted', () => {
  const ranges = Array.from({ length: 12 }, (_, index) => opened(`address 10.${index}.0.0/16`));
  const narrowed: ReachabilityChangeJson = { ...opened('Deployment shop/db'), before: { answer: 'allowed', ports: 'every port' }, after: { answer: 'allowed', ports: 'TCP 5432' }, added: 'no port', removed: 'TCP 1-5431, 5433-65535; all UDP ports; all SCTP ports' };
  const lines = accessDiffText({ access: [], reachability: [...ranges, narrowed] });
  assert.deepEqual(lines, [
    'Access: no subject gains or loses access',
    'Reachability: 13 pairs of workloads or address ranges change',
    `    Deployment shop/api → ${ranges.slice(0, 10).map((change) => change.to).join(', ')} and 2 more: + every port (denied → allowed)`,
    '    Deployment shop/api → Deployment shop/db: − TCP 1-5431, 5433-65535; all UDP ports; all SCTP ports',
  ]);
});
