/**
 * NetworkPolicy fields whose good values live in other files: label keys and values inside `matchLabels` that
 * the workspace's pods (podSelector) or namespaces (namespaceSelector) carry, narrowed to what still matches the
 * pairs already written, so a completed selector always selects something; `protocol`; and the named ports of
 * the pods a port is about.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { CompletionItemKind } from 'vscode-languageserver';
import { selectorMatches } from '../../engine/analysis/label-selector';
import type { WorkloadData } from '../../engine/analysis/netpol/inventory';
import type { LabelSelectorData } from '../../engine/reference/policy-data';
import { pathEndsWith, pathIs, SEQ } from './context';
import { mapAlong, namespaceOfDocument, stringOf, valueProposals, type CompletionProposal, type CompletionProvider, type CompletionRequest, type ValueChoice } from './items';

const PROTOCOLS: readonly ValueChoice[] = [
  { value: 'TCP', detail: 'The default when no protocol is given', kind: CompletionItemKind.EnumMember },
  { value: 'UDP', detail: 'DNS, QUIC and other datagram traffic', kind: CompletionItemKind.EnumMember },
  { value: 'SCTP', detail: 'Needs a network plugin that supports SCTP', kind: CompletionItemKind.EnumMember },
];

export const netpolCompletion: CompletionProvider = (request) => {
  const { cursor } = request;
  if (request.kind !== 'NetworkPolicy') return undefined;
  const path = cursor.path;
  if (cursor.slot === 'key' && pathEndsWith(path, 'matchLabels')) return labelKeys(request, path);
  if (cursor.slot === 'value' && pathEndsWith(path.slice(0, -1), 'matchLabels')) return labelValues(request, path.slice(0, -1), path[path.length - 1]);
  if (cursor.slot === 'value' && pathEndsWith(path, 'ports', SEQ, 'protocol')) return valueProposals(request, PROTOCOLS);
  if (cursor.slot === 'value' && pathEndsWith(path, 'ports', SEQ, 'port')) return namedPorts(request);
  return undefined;
};

/** The label sets a selector at `selectorPath` (ending in matchLabels) can match, keeping those that fit the written pairs. */
function candidateLabels(request: CompletionRequest, matchLabelsPath: readonly string[], typedKey: string | undefined): Record<string, string>[] {
  const selectorPath = matchLabelsPath.slice(0, -1);
  const model = request.workspace.network.model();
  const namespace = namespaceOfDocument(request.document);
  let sets: Record<string, string>[];
  if (selectorPath[selectorPath.length - 1] === 'namespaceSelector') {
    const names = new Set([...model.namespaces.map((entry) => entry.name), ...model.workloadsAll().map((workload) => workload.namespace)]);
    sets = [...names].map((name) => model.labelsOfNamespace(name));
  } else if (pathIs(selectorPath, 'spec', 'podSelector')) {
    sets = model.workloadsIn(namespace).map((workload) => workload.labels);
  } else {
    // A peer's podSelector picks pods of the policy's namespace, or of the namespaces its namespaceSelector picks.
    const peer = mapAlong(request.document.root, selectorPath.slice(0, -1), request.offset);
    const namespaceSelector = selectorOf(peer?.get('namespaceSelector'));
    const workloads = namespaceSelector
      ? model.workloadsAll().filter((workload) => selectorMatches(namespaceSelector, model.labelsOfNamespace(workload.namespace)))
      : model.workloadsIn(namespace);
    sets = workloads.map((workload) => workload.labels);
  }
  const written: Record<string, string> = {};
  const matchLabels = mapAlong(request.document.root, matchLabelsPath, request.offset);
  for (const pair of matchLabels?.items ?? []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key && key !== typedKey && isScalar(pair.value) && pair.value.value !== null) written[key] = String(pair.value.value);
  }
  return sets.filter((labels) => selectorMatches({ matchLabels: written }, labels));
}

function labelKeys(request: CompletionRequest, path: readonly string[]): CompletionProposal[] {
  const typed = request.cursor.partial.trim();
  const sets = candidateLabels(request, path, typed);
  const matchLabels = mapAlong(request.document.root, path, request.offset);
  const present = new Set((matchLabels?.items ?? []).flatMap((pair) => (isScalar(pair.key) && String(pair.key.value) !== typed ? [String(pair.key.value)] : [])));
  const counts = new Map<string, number>();
  for (const labels of sets) for (const key of Object.keys(labels)) if (!present.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const keys = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const noun = path[path.length - 2] === 'namespaceSelector' ? 'namespace' : 'workload';
  const proposals = valueProposals(request, keys.map(([key, count]) => ({ value: key, detail: `on ${count} ${noun}${count === 1 ? '' : 's'}`, kind: CompletionItemKind.Property })));
  // A key is completed as `key: `, and the editor is asked to go on with its values.
  return proposals.map((proposal) => ({ ...proposal, newText: `${proposal.newText}: `, retrigger: true }));
}

function labelValues(request: CompletionRequest, matchLabelsPath: readonly string[], key: string): CompletionProposal[] {
  const counts = new Map<string, number>();
  for (const labels of candidateLabels(request, matchLabelsPath, key)) {
    if (Object.hasOwn(labels, key)) counts.set(labels[key], (counts.get(labels[key]) ?? 0) + 1);
  }
  const values = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return valueProposals(request, values.map(([value, count]) => ({ value, detail: `${key}=${value} on ${count}`, kind: CompletionItemKind.Value })));
}

/**
 * Named container ports of the pods the port is about: for ingress the pods the policy selects, for egress the
 * pods the rule's `to` peers pick (any workload when the rule names no peer).
 */
function namedPorts(request: CompletionRequest): CompletionProposal[] {
  const model = request.workspace.network.model();
  const direction = request.cursor.path[1];
  const data = request.document.data().data as { spec?: { podSelector?: unknown } } | null;
  const selector = selectorOf(data?.spec?.podSelector) ?? {};
  const namespace = namespaceOfDocument(request.document);
  const workloads: readonly WorkloadData[] =
    direction === 'egress'
      ? destinations(request, namespace)
      : model.workloadsIn(namespace).filter((workload) => selectorMatches(selector, workload.labels));
  const portEntry = mapAlong(request.document.root, request.cursor.path.slice(0, -1), request.offset);
  const protocol = stringOf(portEntry, 'protocol') ?? 'TCP';
  const byName = new Map<string, string[]>();
  for (const workload of workloads) {
    for (const port of workload.ports) {
      if (!port.name || port.protocol !== protocol) continue;
      byName.set(port.name, [...(byName.get(port.name) ?? []), `${workload.name} (${port.containerPort ?? '?'})`]);
    }
  }
  const choices = [...byName].sort((a, b) => a[0].localeCompare(b[0])).map(([name, where]) => ({ value: name, detail: `${protocol} port on ${where.join(', ')}`, kind: CompletionItemKind.Reference }));
  return valueProposals(request, choices);
}

/** The workloads an egress rule's `to` peers pick; every workload when it names no peer. */
function destinations(request: CompletionRequest, namespace: string): WorkloadData[] {
  const model = request.workspace.network.model();
  const rule = mapAlong(request.document.root, request.cursor.path.slice(0, 3), request.offset);
  const peers = rule?.get('to');
  if (!isSeq(peers) || peers.items.length === 0) return [...model.workloadsAll()];
  return model.workloadsAll().filter((workload) =>
    peers.items.some((peer) => {
      if (!isMap(peer) || (peer.has('ipBlock') && !peer.has('podSelector') && !peer.has('namespaceSelector'))) return false;
      const namespaceSelector = selectorOf(peer.get('namespaceSelector'));
      const inNamespace = namespaceSelector ? selectorMatches(namespaceSelector, model.labelsOfNamespace(workload.namespace)) : workload.namespace === namespace;
      return inNamespace && selectorMatches(selectorOf(peer.get('podSelector')) ?? {}, workload.labels);
    }),
  );
}

/** A label selector from parsed data or a YAML node, or undefined when there is none. */
function selectorOf(value: unknown): LabelSelectorData | undefined {
  const plain = isMap(value) ? (value.toJSON() as unknown) : value;
  if (!plain || typeof plain !== 'object') return undefined;
  const { matchLabels, matchExpressions } = plain as LabelSelectorData;
  return {
    ...(matchLabels && typeof matchLabels === 'object' ? { matchLabels } : {}),
    ...(Array.isArray(matchExpressions) ? { matchExpressions } : {}),
  };
}
