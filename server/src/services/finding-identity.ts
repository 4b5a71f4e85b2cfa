/**
 * What makes a finding the same finding in another revision or run, whatever line it sits on: its rule and message
 * kind, the object it is in (apiVersion, kind, namespace and name) and the path to its node in that object, with
 * list items named by their `name` where they have one (containers, ports, subjects). Moving, reordering and
 * re-indenting documents keep every identity; changing a value changes at most the identities at that value. A
 * finding outside any named object (a PEM file, a document without a name) is known by its file and a hash of the
 * text it points at, so no secret is ever written into a baseline.
 */
import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Finding } from '../engine/linter';
import { metadataString, nodeAtOffset, nodeAtPath, type PathSegment } from '../engine/model/nodes';
import { streamDocuments } from '../engine/model/stream';

export interface FindingIdentity {
  ruleId: string;
  messageId: string;
  /** `apiVersion/kind/namespace/name` of the object the finding is in. */
  object?: string;
  path?: string;
  /** For findings outside a named object: the file and a hash of the text the finding points at. */
  file?: string;
  text?: string;
}

/** The identity of each finding of a file, in the findings' order. */
export function findingIdentities(file: string, text: string, findings: readonly Finding[]): FindingIdentity[] {
  const documents = findings.length > 0 ? streamDocuments(text) : [];
  return findings.map((finding) => {
    const base = { ruleId: finding.ruleId, messageId: finding.messageId };
    const at = finding.range.start;
    const placed = documents.findLast((candidate) => candidate.offset <= at && at <= candidate.offset + candidate.document.text.length);
    const root = placed?.document.root;
    const name = metadataString(root, 'name');
    if (placed && name && placed.document.apiVersion && placed.document.kind) {
      const namespace = metadataString(root, 'namespace') ?? '';
      const object = `${placed.document.apiVersion.value}/${placed.document.kind.value}/${namespace}/${name}`;
      return { ...base, object, path: pathText(root, pathCovering(root, at - placed.offset, finding.range.end - placed.offset)) };
    }
    const pointed = text.slice(finding.range.start, finding.range.end).replace(/\s+/g, ' ').trim();
    return { ...base, file, text: createHash('sha256').update(pointed).digest('hex').slice(0, 16) };
  });
}

/**
 * The path of the innermost entry that holds the whole range: a finding on a whole map starts at its first key,
 * which another revision may put elsewhere, so the start alone would name the wrong entry.
 */
function pathCovering(root: Node | null | undefined, start: number, end: number): PathSegment[] {
  const path = nodeAtOffset(root, start)?.path ?? [];
  for (; path.length > 0; path.pop()) {
    const target = nodeAtPath(root, path);
    const from = target?.key?.range?.[0] ?? target?.value?.range?.[0];
    const to = target?.value?.range?.[1] ?? target?.key?.range?.[1];
    if (from !== undefined && to !== undefined && from <= start && end <= to) break;
  }
  return path;
}

/** A path as `spec.template.spec.containers[name=web].image`; items without a name keep their index. */
function pathText(root: Node | null | undefined, path: readonly PathSegment[]): string {
  let node: unknown = root;
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number' && isSeq(node)) {
      node = node.items[segment];
      const name = isMap(node) ? node.get('name', true) : undefined;
      text += isScalar(name) && typeof name.value === 'string' ? `[name=${name.value}]` : `[${segment}]`;
    } else {
      node = isMap(node) ? node.get(String(segment), true) : undefined;
      text += `${text === '' ? '' : '.'}${String(segment)}`;
    }
  }
  return text;
}

export function identityKey(identity: FindingIdentity): string {
  return JSON.stringify([identity.ruleId, identity.messageId, identity.object ?? '', identity.path ?? '', identity.file ?? '', identity.text ?? '']);
}
