/**
 * The document model: one parsed YAML document of a stream, classified by what it describes, with its data
 * converted to plain JSON on demand. Instances depend only on the document's own text, so they can be cached
 * by that text and reused after edits elsewhere in the stream.
 */
import { isMap, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { closest } from '../analysis/spelling';
import { inlineAliases } from './aliases';
import { currentApiVersion } from './legacy-versions';
import { listItemTexts, type ListItem } from './list-items';
import { findPair, keyName, type TextRange } from './nodes';
import { parseChunk, type ParseProblem } from './parse';
import { ALIAS_EXPANSION_CEILING } from '../config';

/** What a document is, as far as Kubeward is concerned. */
export type DocumentCategory = 'kubernetes' | 'kubeconfig' | 'other';

export interface ScalarField {
  value: string;
  node: Scalar;
}


export class ManifestDocument {
  readonly tree: Document.Parsed | undefined;
  readonly problems: readonly ParseProblem[];
  readonly hasAliases: boolean;
  readonly category: DocumentCategory;
  readonly apiVersion: ScalarField | undefined;
  readonly kind: ScalarField | undefined;
  /** The tree as parsed, aliases included, where `tree` has them replaced by what they stand for (aliases.ts). */
  private aliasedTree: Document | undefined;
  private converted: { data: unknown; problem?: ParseProblem } | undefined;
  private items: readonly { offset: number; document: ManifestDocument }[] | undefined;
  private itemTexts: readonly ListItem[] | undefined;

  /** `fromList`: the document is an item cut out of a List (list-items.ts), not a document of the stream. */
  constructor(
    readonly text: string,
    readonly fromList = false,
  ) {
    const parsed = parseChunk(text);
    this.tree = parsed.tree;
    this.problems = parsed.problems;
    this.hasAliases = parsed.hasAliases;
    // Within the alias ceiling the data stays small, so sharing anchored nodes cannot make reading them costly.
    if (this.tree && this.hasAliases && this.problems.length === 0 && !this.data().problem) {
      this.aliasedTree = this.tree.clone();
      inlineAliases(this.tree);
    }
    const root = this.root;
    this.apiVersion = isMap(root) ? typeField(root, 'apiVersion') : undefined;
    this.kind = isMap(root) ? typeField(root, 'kind') : undefined;
    this.category = categorize(this.apiVersion?.value, this.kind?.value, root);
  }

  /**
   * Whether the document is, or tries to be, something Kubeward checks. YAML-level rules report only on these,
   * so GitHub workflows, compose files and Helm values stay free of noise; binary data in a file with a YAML
   * name is reported too, since nothing can read it.
   */
  get looksLikeManifest(): boolean {
    return this.category !== 'other' || /^\uFEFF?(apiVersion|kind)[ \t]*:/m.test(this.text) || this.problems.some((problem) => problem.code === 'BINARY');
  }

  /**
   * A template (Helm, Jinja) that only becomes YAML once rendered: it fails to parse and holds `{{ }}` markers.
   * Nothing in it is reported, because the text is not what the cluster will see.
   */
  get isTemplate(): boolean {
    return this.problems.length > 0 && this.text.includes('{{');
  }

  /**
   * Whether the data is what Kubernetes decodes: the text parsed, with at most keys written twice (which strict
   * decoding refuses and yaml/syntax reports, but which leave every other field readable).
   */
  get decodable(): boolean {
    return this.problems.every((problem) => problem.code === 'DUPLICATE_KEY');
  }

  /** The tree as written, with its aliases: what the alias limits are measured on. */
  get treeWithAliases(): Document | undefined {
    return this.aliasedTree ?? this.tree;
  }

  /** Whether the document is a List of objects: what it says is said by its items, which are documents too. */
  get isList(): boolean {
    return this.listItemTexts.length > 0;
  }

  /** The texts of a List's objects with their offsets in this document's text, unparsed; empty for other documents. */
  get listItemTexts(): readonly ListItem[] {
    this.itemTexts ??= this.category === 'kubernetes' && this.decodable ? listItemTexts(this.root, this.text, this.kind?.value) : [];
    return this.itemTexts;
  }

  /**
   * The objects of a List, each a document with its offset in this document's text; empty for other documents.
   * `read` gives the document of an item text, so that a caller keeping item documents from an earlier version
   * (the linter, after an edit inside one item of a long List) does not parse the others again.
   */
  listItems(read: (text: string) => ManifestDocument = (text) => new ManifestDocument(text, true)): readonly { offset: number; document: ManifestDocument }[] {
    this.items ??= this.listItemTexts.map((item) => ({ offset: item.offset, document: read(item.text) }));
    return this.items;
  }

  /** The root node of the document, or undefined when it is empty or unreadable. */
  get root(): Node | undefined {
    return (this.tree?.contents as Node | null) ?? undefined;
  }

  /**
   * The apiVersion the document is read as: its own, or the current version of its kind when it is written in an
   * older version with the same fields (see legacy-versions.ts).
   */
  get readAsApiVersion(): string | undefined {
    return this.apiVersion && this.kind ? currentApiVersion(this.apiVersion.value, this.kind.value) : this.apiVersion?.value;
  }

  /** `apiVersion/kind` as the document is read, the key used to find its schema and validation. */
  get typeKey(): string | undefined {
    return this.apiVersion && this.kind ? `${this.readAsApiVersion}/${this.kind.value}` : undefined;
  }

  /**
   * The document as JSON data, the way Kubernetes decodes it, or a problem when the data cannot be built
   * (for instance when aliases expand past the limit).
   */
  data(): { data: unknown; problem?: ParseProblem } {
    if (this.converted) return this.converted;
    try {
      this.converted = { data: this.tree?.toJS({ maxAliasCount: ALIAS_EXPANSION_CEILING }) ?? null };
    } catch (error) {
      const range = this.root?.range ?? [0, 0];
      // The yaml package stops an alias bomb with an "excessive alias count" error; anything else is data it cannot build.
      const aliasLimit = /alias count/i.test(error instanceof Error ? error.message : '');
      const message = aliasLimit
        ? `Aliases in this document expand to more than ${ALIAS_EXPANSION_CEILING} copies; it was not analysed further.`
        : `The document's data could not be built: ${error instanceof Error ? error.message : String(error)}`;
      this.converted = { data: null, problem: { code: aliasLimit ? 'ALIAS_LIMIT' : 'UNCONVERTIBLE', message, start: range[0], end: range[0] } };
    }
    return this.converted;
  }

  rangeOf(node: Node): TextRange {
    const [start, end] = node.range ?? [0, 0];
    return { start, end };
  }
}

/**
 * Reads `apiVersion` or `kind`, also under a misspelt key (`kidn:`), so that a typo in the key is reported as an
 * unknown field of a known type instead of hiding the whole document.
 */
function typeField(map: YAMLMap, key: string): ScalarField | undefined {
  const pair = findPair(map, key) ?? map.items.find((item) => {
    const name = keyName(item);
    return name !== undefined && closest(name, [key]) === key;
  });
  const value = pair?.value as Scalar | null | undefined;
  if (!value || typeof value !== 'object' || !('value' in value) || typeof value.value !== 'string') return undefined;
  return { value: value.value, node: value };
}

const KUBECONFIG_KEYS = ['clusters', 'contexts', 'users', 'current-context'];

function categorize(apiVersion: string | undefined, kind: string | undefined, root: Node | undefined): DocumentCategory {
  if (kind === 'Config' && (apiVersion === undefined || apiVersion === 'v1')) return 'kubeconfig';
  if (apiVersion !== undefined && kind !== undefined) return 'kubernetes';
  if (kind === undefined && isMap(root) && KUBECONFIG_KEYS.filter((key) => findPair(root, key)).length >= 2) {
    return 'kubeconfig';
  }
  return 'other';
}
