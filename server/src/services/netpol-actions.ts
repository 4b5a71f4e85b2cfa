/**
 * On a workload that no NetworkPolicy isolates for ingress: an action that appends a default-deny ingress policy
 * for its namespace to the file. Egress is left open on purpose: denying it by default also cuts DNS, which
 * needs a policy of its own.
 */
import { networkFacts } from '../engine/analysis/netpol/inventory';
import type { Fix } from '../engine/fix';
import type { StreamAnalysis } from '../engine/linter';
import type { WorkspaceIndex } from '../engine/workspace';
import { documentAt } from './locate';

export interface NetworkAction {
  title: string;
  fix: Fix;
}

export function networkActions(analysis: StreamAnalysis, offset: number, workspace: WorkspaceIndex): NetworkAction[] {
  const entry = documentAt(analysis, offset);
  const workload = entry && networkFacts(entry.document).workload;
  if (!workload) return [];
  const isolated = workspace.network.model().policiesSelecting(workload).some((policy) => policy.policyTypes.includes('Ingress'));
  if (isolated) return [];
  const text = analysis.text;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text.length === 0 || text.endsWith('\n') ? '' : newline;
  const policy = [
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny-ingress',
    `  namespace: ${workload.namespace}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress]',
    '',
  ].join(newline);
  const title = `Add a default-deny ingress NetworkPolicy for namespace ${workload.namespace}`;
  return [{ title, fix: { title, safety: 'unsafe', edits: [{ start: text.length, end: text.length, newText: separator + policy }] } }];
}
