/**
 * What a pod needs to meet the restricted level where only missing settings stand in the way: every container
 * gets `allowPrivilegeEscalation: false` and `capabilities.drop: [ALL]`, and the pod gets `runAsNonRoot: true` and
 * `seccompProfile.type: RuntimeDefault` (at pod level, which covers every container that says nothing itself).
 * Only missing fields are added; a value written otherwise (`runAsUser: 0`, an added capability, `privileged`) is
 * left as it is, with its finding. Block-style YAML only: a flow-style part gets no edit.
 */
import { isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { appendToBlockMap } from '../../edits';
import type { TextEdit } from '../../fix';
import type { ManifestDocument } from '../../model/document';
import { findPair, nodeAtPath, type PathSegment } from '../../model/nodes';

/** The edits for the pod at `podPath` in the document; empty when nothing it can add is missing. */
export function restrictedEdits(document: ManifestDocument, podPath: readonly PathSegment[]): TextEdit[] {
  const spec = nodeAtPath(document.root, [...podPath, 'spec'])?.value;
  if (!isMap(spec)) return [];
  const text = document.text;
  const edits: (PlacedEdit | undefined)[] = [podLevelEdit(text, spec)];
  for (const field of ['initContainers', 'containers']) {
    const containers = findPair(spec, field)?.value;
    if (!isSeq(containers)) continue;
    for (const container of containers.items) if (isMap(container)) edits.push(...containerEdits(text, container));
  }
  return mergeInsertions(edits.filter((edit): edit is PlacedEdit => edit !== undefined));
}

/** An edit and where the node it adds to begins: of two insertions at one offset, the inner node's comes first. */
interface PlacedEdit {
  edit: TextEdit;
  nodeStart: number;
}

function placed(node: Node, edit: TextEdit | undefined): PlacedEdit | undefined {
  return edit && { edit, nodeStart: node.range?.[0] ?? 0 };
}

/**
 * One edit per offset. A container that is the last entry of the pod spec ends where the spec ends, so its
 * settings and the pod's are inserted at the same place; editors apply same-offset insertions in an order of
 * their own, so they are joined here, the inner node's lines first.
 */
function mergeInsertions(edits: PlacedEdit[]): TextEdit[] {
  const byOffset = new Map<number, PlacedEdit[]>();
  for (const entry of edits) byOffset.set(entry.edit.start, [...(byOffset.get(entry.edit.start) ?? []), entry]);
  return [...byOffset.values()].map((group) => {
    const ordered = group.sort((a, b) => b.nodeStart - a.nodeStart).map((entry) => entry.edit);
    const newText = ordered.map((edit, index) => (index > 0 ? edit.newText.replace(/^\r?\n/, '') : edit.newText)).join('');
    return { start: ordered[0].start, end: ordered[0].end, newText };
  });
}

function podLevelEdit(text: string, spec: YAMLMap): PlacedEdit | undefined {
  const pair = findPair(spec, 'securityContext');
  const context = pair?.value;
  const wanted = [
    ['runAsNonRoot: true', 'runAsNonRoot'],
    ['seccompProfile: {type: RuntimeDefault}', 'seccompProfile'],
  ] as const;
  if (isMap(context)) {
    const missing = wanted.filter(([, key]) => !findPair(context, key)).map(([line]) => line);
    return missing.length > 0 ? placed(context, appendToBlockMap(text, context, missing)) : undefined;
  }
  // A securityContext written with no value or in another form is left to the author.
  if (pair) return undefined;
  return placed(spec, appendToBlockMap(text, spec, ['securityContext:', ...wanted.map(([line]) => `  ${line}`)]));
}

function containerEdits(text: string, container: YAMLMap): (PlacedEdit | undefined)[] {
  const pair = findPair(container, 'securityContext');
  const context = pair?.value;
  if (!isMap(context)) {
    if (pair) return [];
    return [placed(container, appendToBlockMap(text, container, ['securityContext:', '  allowPrivilegeEscalation: false', '  capabilities: {drop: [ALL]}']))];
  }
  const lines: string[] = [];
  if (!findPair(context, 'allowPrivilegeEscalation')) lines.push('allowPrivilegeEscalation: false');
  const capabilities = findPair(context, 'capabilities')?.value;
  if (!capabilities) return [placed(context, appendToBlockMap(text, context, [...lines, 'capabilities: {drop: [ALL]}']))];
  if (!isMap(capabilities)) return lines.length > 0 ? [placed(context, appendToBlockMap(text, context, lines))] : [];
  const drop = findPair(capabilities, 'drop')?.value;
  const dropEdit = !drop ? placed(capabilities, appendToBlockMap(text, capabilities, ['drop: [ALL]'])) : isSeq(drop) && !drop.items.some((item) => (item as { value?: unknown }).value === 'ALL') ? placed(drop, addToSequence(text, drop)) : undefined;
  return [lines.length > 0 ? placed(context, appendToBlockMap(text, context, lines)) : undefined, dropEdit];
}

/** `ALL` added to a drop list: first in a flow list, as a new item of a block one. */
function addToSequence(text: string, seq: YAMLSeq): TextEdit | undefined {
  const [start] = seq.range ?? [0, 0];
  if (seq.flow) return { start: start + 1, end: start + 1, newText: seq.items.length > 0 ? 'ALL, ' : 'ALL' };
  const first = seq.items[0] as Node | undefined;
  if (!first?.range) return undefined;
  const dash = text.lastIndexOf('-', first.range[0]);
  const indent = ' '.repeat(dash - text.lastIndexOf('\n', dash) - 1);
  const lineStartOfFirst = text.lastIndexOf('\n', dash) + 1;
  return { start: lineStartOfFirst, end: lineStartOfFirst, newText: `${indent}- ALL\n` };
}
