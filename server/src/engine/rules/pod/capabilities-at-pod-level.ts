/**
 * Flags `capabilities` in a pod-level securityContext. Only a container's securityContext has that field: the API
 * server rejects the pod with strict validation, and without it drops the field, so the capabilities meant to be
 * added or dropped never are. The quick fix moves the block into the securityContext of every container.
 */
import { isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { afterLine, lineStart } from '../../edits';
import type { TextEdit } from '../../fix';
import { findPair } from '../../model/nodes';
import { podSpecOf, securityContextMap, type ContainerView } from '../../model/views/workload';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pod/capabilities-at-pod-level',
  meta: {
    summary: 'capabilities is set in the pod securityContext, where it does not exist.',
    why: 'Linux capabilities are granted per container: the pod-level securityContext has no capabilities field, so the API server rejects it with strict validation and otherwise drops it, and the capabilities are neither added nor dropped.',
    severity: 'error',
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      podLevel: '"capabilities" belongs in each container\'s securityContext: the pod-level securityContext has no such field, so nothing here is added or dropped.',
      moveToContainers: 'Move "capabilities" into the securityContext of every container',
    },
  },
  check(doc, context) {
    const pod = podSpecOf(doc);
    const podContext = securityContextMap(pod?.securityContext);
    if (!pod || !podContext) return;
    const capabilities = findPair(podContext, 'capabilities');
    if (!capabilities || !isScalar(capabilities.key)) return;
    const edits = moveEdits(doc.text, pod.securityContext!, podContext, capabilities, pod.containers.filter((c) => c.field !== 'ephemeralContainers'));
    context.report({
      at: capabilities.key,
      messageId: 'podLevel',
      fixes: edits ? [{ messageId: 'moveToContainers', edits }] : [],
    });
  },
});

function endOf(pair: Pair): number {
  const value = pair.value as { range?: [number, number, number] } | null;
  return value?.range?.[1] ?? (pair.key as Scalar).range![1];
}

/** Whether the key of a pair is alone on its line, apart from indentation. */
function startsLine(text: string, key: Scalar): boolean {
  const start = key.range![0];
  return /^[ ]*$/.test(text.slice(lineStart(text, start), start));
}

/**
 * The edits that move the block: its lines leave the pod securityContext (the whole securityContext when nothing
 * else is in it) and a copy, re-indented, goes at the end of each container's securityContext, or in a new one.
 * Undefined when that cannot be done cleanly: a flow-style map on the way, a container that already sets
 * capabilities (merging the two lists could change what it is granted), or no container at all.
 */
function moveEdits(text: string, contextPair: Pair, podContext: YAMLMap, capabilities: Pair, containers: ContainerView[]): TextEdit[] | undefined {
  const key = capabilities.key as Scalar;
  if (containers.length === 0 || podContext.flow || !startsLine(text, key)) return undefined;
  const blockStart = lineStart(text, key.range![0]);
  const blockEnd = afterLine(text, endOf(capabilities));
  const column = key.range![0] - blockStart;
  const lines = text.slice(blockStart, blockEnd).replace(/\n$/, '').split('\n');
  const block = (indent: number) => lines.map((line) => (line.trim() === '' ? line : ' '.repeat(indent) + line.slice(Math.min(column, line.length - line.trimStart().length)))).join('\n') + '\n';
  const edits: TextEdit[] = [];
  if (podContext.items.length === 1) {
    const contextKey = contextPair.key as Scalar;
    if (!startsLine(text, contextKey)) return undefined;
    edits.push({ start: lineStart(text, contextKey.range![0]), end: afterLine(text, endOf(contextPair)), newText: '' });
  } else {
    edits.push({ start: blockStart, end: blockEnd, newText: '' });
  }
  for (const container of containers) {
    const existing = securityContextMap(container.securityContext);
    if (container.node.flow || container.node.items.length === 0) return undefined;
    if (existing) {
      if (existing.flow || existing.items.length === 0 || findPair(existing, 'capabilities')) return undefined;
      const first = existing.items[0].key as Scalar;
      if (!isScalar(first) || !startsLine(text, first)) return undefined;
      const at = afterLine(text, endOf(existing.items[existing.items.length - 1]));
      edits.push({ start: at, end: at, newText: block(first.range![0] - lineStart(text, first.range![0])) });
    } else {
      if (container.securityContext) return undefined;
      const first = container.node.items[0].key as Scalar;
      const indent = first.range![0] - lineStart(text, first.range![0]);
      const at = afterLine(text, endOf(container.node.items[container.node.items.length - 1]));
      edits.push({ start: at, end: at, newText: `${' '.repeat(indent)}securityContext:\n${block(indent + 2)}` });
    }
  }
  // A container list may end the file without a newline; the insertions then need one first.
  if (!text.endsWith('\n')) for (const edit of edits) if (edit.start === text.length && edit.newText) edit.newText = `\n${edit.newText}`.replace(/\n$/, '');
  return isMap(podContext) ? edits : undefined;
}
