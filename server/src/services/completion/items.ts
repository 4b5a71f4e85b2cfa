/**
 * What completion providers share: the proposal shape (offsets, not positions: the LSP layer converts), the
 * request a provider answers, YAML-safe insert text, and reading the parsed tree around the cursor.
 */
import { isMap, isScalar, isSeq, parse, type Node, type YAMLMap } from 'yaml';
import { CompletionItemKind } from 'vscode-languageserver';
import type { LintConfig } from '../../engine/config';
import type { ManifestDocument } from '../../engine/model/document';
import { findPair, metadataString, type TextRange } from '../../engine/model/nodes';
import type { WorkspaceIndex } from '../../engine/workspace';
import { SEQ, type CursorContext } from './context';

export interface TextEditProposal {
  range: TextRange;
  newText: string;
}

export interface CompletionProposal {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: string;
  /** Orders the list before the editor's own filtering; providers set it, so the usual order survives. */
  sortText: string;
  /** Replaces `range`. */
  newText: string;
  range: TextRange;
  filterText?: string;
  additionalEdits?: TextEditProposal[];
  /** The editor should open completion again after inserting (a key whose value has known choices). */
  retrigger?: boolean;
}

/** What a provider is asked: the cursor in one YAML document, with its parse and the workspace around it. */
export interface CompletionRequest {
  cursor: CursorContext;
  document: ManifestDocument;
  /** The cursor's offset in the document's text. */
  offset: number;
  config: LintConfig;
  workspace: WorkspaceIndex;
  /** `kind` and `apiVersion` as written at the top level, read from the text so a broken parse still has them. */
  kind?: string;
  apiVersion?: string;
}

export type CompletionProvider = (request: CompletionRequest) => CompletionProposal[] | undefined;

export interface ValueChoice {
  value: string;
  detail?: string;
  documentation?: string;
  kind?: CompletionItemKind;
  additionalEdits?: TextEditProposal[];
}

/** Proposals for values, in the given order, skipping those already written and those in `exclude`. */
export function valueProposals(request: CompletionRequest, choices: readonly ValueChoice[], exclude: Iterable<string> = []): CompletionProposal[] {
  const skip = new Set(exclude);
  const seen = new Set<string>();
  const proposals: CompletionProposal[] = [];
  for (const choice of choices) {
    if (skip.has(choice.value) || seen.has(choice.value)) continue;
    seen.add(choice.value);
    const newText = request.cursor.quoted ? choice.value : yamlScalar(choice.value, request.cursor.inFlow);
    proposals.push({
      label: choice.value === '' ? '""' : choice.value,
      kind: choice.kind ?? CompletionItemKind.Value,
      ...(choice.detail ? { detail: choice.detail } : {}),
      ...(choice.documentation ? { documentation: choice.documentation } : {}),
      sortText: String(proposals.length).padStart(4, '0'),
      newText,
      range: request.cursor.range,
      filterText: newText,
      ...(choice.additionalEdits ? { additionalEdits: choice.additionalEdits } : {}),
    });
  }
  return proposals;
}

/** The value as YAML text that reads back as the same string (Kubernetes reads YAML 1.1: `yes`, `on` are booleans). */
function yamlScalar(value: string, inFlow: boolean): string {
  const readsBack = (source: string): boolean => {
    try {
      const parsed: unknown = parse(source, { version: '1.1' });
      return inFlow ? Array.isArray(parsed) && parsed.length === 1 && parsed[0] === value : parsed === value;
    } catch {
      return false;
    }
  };
  const plain = value !== '' && /^[\w./:@-][\w ./:@-]*$/.test(value) && !/\s$/.test(value);
  return plain && readsBack(inFlow ? `[${value}]` : value) ? value : JSON.stringify(value);
}

/**
 * The node the tree holds at `path`, taking for each sequence the item that contains the offset or, where the
 * text is too broken for that, the last item starting before it.
 */
function nodeAlong(root: Node | undefined, path: readonly string[], offset: number): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (segment === SEQ) {
      if (!isSeq(node)) return undefined;
      const items = node.items.filter((item): item is Node => typeof item === 'object' && item !== null && 'range' in item && !!item.range);
      node = items.find((item) => item.range![0] <= offset && offset <= item.range![2]) ?? items.filter((item) => item.range![0] <= offset).pop();
    } else {
      if (!isMap(node)) return undefined;
      node = (findPair(node, segment)?.value as Node | null) ?? undefined;
    }
    if (!node) return undefined;
  }
  return node;
}

export function mapAlong(root: Node | undefined, path: readonly string[], offset: number): YAMLMap | undefined {
  const node = nodeAlong(root, path, offset);
  return isMap(node) ? node : undefined;
}

/** The strings of a list field (or a single string) of a map. */
export function stringsOf(map: YAMLMap | undefined, key: string): string[] {
  const value = map ? findPair(map, key)?.value : undefined;
  if (isScalar(value)) return typeof value.value === 'string' ? [value.value] : [];
  if (!isSeq(value)) return [];
  return value.items.flatMap((item) => (isScalar(item) && item.value !== null ? [String(item.value)] : []));
}

export function stringOf(map: YAMLMap | undefined, key: string): string | undefined {
  const value = map ? findPair(map, key)?.value : undefined;
  return isScalar(value) && typeof value.value === 'string' && value.value !== '' ? value.value : undefined;
}

/** The object's namespace as written, else `default`, where kubectl puts it. */
export function namespaceOfDocument(document: ManifestDocument): string {
  return metadataString(document.root, 'namespace') || 'default';
}

/**
 * The values already in the list the cursor is in: flow items before the cursor, and every item the tree holds
 * for it (items after the cursor, and block items on other lines).
 */
export function writtenItems(request: CompletionRequest): string[] {
  const { path } = request.cursor;
  const listKey = path[path.length - 2];
  const owner = mapAlong(request.document.root, path.slice(0, -2), request.offset);
  const typed = request.cursor.partial.trim();
  // The word being typed is in the tree too; it is not "already written".
  const fromTree = stringsOf(owner, listKey);
  const index = fromTree.lastIndexOf(typed);
  if (typed !== '' && index !== -1) fromTree.splice(index, 1);
  return [...request.cursor.flowItems, ...fromTree];
}
