/**
 * A fast reading of well-formed documents. js-yaml's loader, whose listener reports where every node opens and
 * closes, reads the text about fifteen times faster than the yaml package composes it; from its events this module
 * builds the tree the yaml package would build — YAMLMap, YAMLSeq, Pair and Scalar with yaml's ranges, styles and
 * sources, plain scalars resolved as Kubernetes resolves them — for the documents whose reading it knows to be
 * exact. It declines (returns undefined) everything else: anchors, aliases, tags, directives, merge keys, complex
 * keys, tabs, carriage returns, block scalars with indentation or keep indicators, documents js-yaml refuses or
 * reads with duplicate keys, and any event it cannot place. parse.ts then reads the document with the yaml package.
 *
 * Comments are not attached to nodes (the engine reads suppression comments from the text, and nothing reads them
 * from the tree). test/engine/fast-parse.test.ts holds the two readings equal on every other property, over every
 * fixture, example, generated benchmark input and fuzzed document.
 */
import { FAILSAFE_SCHEMA, load, type State } from 'js-yaml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { resolvePlain } from './plain-scalars';

interface Read {
  kind: string | null;
  open: number;
  close: number;
  result: unknown;
  children: Read[];
}

/** Text the fast path leaves to the yaml package, wherever it stands (a cheap test before reading). */
const DECLINED_TEXT = /[\t\r\uFEFF]|(?:^|[\s[{,])[&*!?]|^%|^\.\.\.|<<[ ]*:|^---[ ]*[^\s#]/m;

class Declined extends Error {}

export function fastParse(text: string): Document.Parsed | undefined {
  if (DECLINED_TEXT.test(text)) return undefined;
  const top: Read = { kind: null, open: 0, close: 0, result: undefined, children: [] };
  const stack: Read[] = [top];
  let value: unknown;
  try {
    value = load(text, {
      schema: FAILSAFE_SCHEMA,
      listener(event: string, state: State) {
        if (event === 'open') stack.push({ kind: null, open: state.position, close: 0, result: undefined, children: [] });
        else {
          const read = stack.pop()!;
          Object.assign(read, { kind: state.kind, close: state.position, result: state.result });
          stack[stack.length - 1].children.push(read);
        }
      },
    });
  } catch {
    return undefined;
  }
  const rootRead = top.children.length === 1 ? unwrap(top.children[0]) : undefined;
  if (!rootRead || rootRead.result !== value || (rootRead.kind !== 'mapping' && rootRead.kind !== 'sequence')) return undefined;
  try {
    const builder = new TreeBuilder(text);
    const root = builder.node(rootRead, 'block-value');
    // The yaml package ends a document that ends in an empty value where that value is, not at the end of the text.
    if (endsInEmptyValue(root)) return undefined;
    const document = new Document() as Document.Parsed;
    document.contents = root as Document.Parsed['contents'];
    // A document's range starts at its --- marker when it has one.
    document.range = [text.startsWith('---') ? 0 : root.range![0], root.range![2], text.length];
    return document;
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

function endsInEmptyValue(node: Node | null): boolean {
  if (node instanceof Scalar) return node.value === null && node.source === '';
  if (!(node instanceof YAMLMap || node instanceof YAMLSeq) || node.flow) return false;
  const last = node.items[node.items.length - 1] as Node | Pair;
  return endsInEmptyValue((last instanceof Pair ? last.value : last) as Node | null);
}

/** A block sequence entry is composed twice over (the entry, then its node); the inner reading is the node. */
function unwrap(read: Read): Read {
  let current = read;
  while (current.children.length === 1 && current.children[0].result === current.result && current.children[0].kind === current.kind) current = current.children[0];
  return current;
}

type Place = 'key' | 'block-value' | 'flow';

class TreeBuilder {
  constructor(private readonly text: string) {}

  node(read: Read, place: Place): Node {
    const start = this.skipSeparation(read.open);
    if (read.kind === 'scalar' || read.kind === null) return this.scalar(read, start, place);
    const flow = this.text[start] === '[' || this.text[start] === '{';
    const children = read.children.map(unwrap);
    if (read.kind === 'sequence') {
      if (!Array.isArray(read.result) || children.length !== read.result.length) throw new Declined();
      const seq = new YAMLSeq();
      seq.items = children.map((child) => this.node(child, flow ? 'flow' : 'block-value'));
      return this.collection(seq, read, start, place);
    }
    if (read.kind !== 'mapping' || children.length % 2 !== 0 || typeof read.result !== 'object' || read.result === null || Object.keys(read.result).length !== children.length / 2) throw new Declined();
    const map = new YAMLMap();
    for (let index = 0; index < children.length; index += 2) {
      map.items.push(new Pair(this.node(children[index], flow ? 'flow' : 'key'), this.node(children[index + 1], flow ? 'flow' : 'block-value')));
    }
    return this.collection(map, read, start, place);
  }

  private collection<T extends YAMLMap | YAMLSeq>(collection: T, read: Read, start: number, place: Place): T {
    if (this.text[start] === '[' || this.text[start] === '{') {
      collection.flow = true;
      const end = this.trimBack(read.close, start);
      // Comments inside a flow collection extend its items' ranges by the yaml package's own rules.
      if (this.text[end - 1] !== (collection instanceof YAMLSeq ? ']' : '}') || /\s#/.test(this.text.slice(start, end))) throw new Declined();
      collection.range = [start, end, place === 'block-value' ? this.lineEnd(end) : end];
      return collection;
    }
    if (place !== 'block-value') throw new Declined();
    const items = collection.items as (Node | Pair)[];
    const last = items[items.length - 1];
    const lastNode = (last instanceof Pair ? last.value : last) as Node | null;
    if (!lastNode?.range) throw new Declined();
    this.declineBeforeComment(lastNode.range[2]);
    collection.range = [start, lastNode.range[2], lastNode.range[2]];
    return collection;
  }

  private scalar(read: Read, start: number, place: Place): Scalar {
    if (read.kind === null) {
      if (read.result !== null || place !== 'block-value') throw new Declined();
      // An empty value stands where its line's spaces end; a comment after it belongs to it.
      let at = read.open;
      while (this.text.charCodeAt(at) === 32) at++;
      return this.withRange(new Scalar(null), { source: '', type: Scalar.PLAIN, range: [at, at, this.commentsAfter(at)] });
    }
    if (typeof read.result !== 'string') throw new Declined();
    const source = read.result;
    const first = this.text[start];
    let type: Scalar.Type;
    let valueEnd: number;
    if (first === '|' || first === '>') {
      if (place !== 'block-value' || !/^[|>]-?[ ]*(#[^\n]*)?(\n|$)/.test(this.text.slice(start, this.text.indexOf('\n', start) + 1 || undefined))) throw new Declined();
      type = first === '|' ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
      valueEnd = this.lineEnd(this.trimBack(read.close, start));
      return this.withRange(new Scalar(source), { source, type, range: [start, valueEnd, valueEnd] });
    }
    valueEnd = this.trimBack(read.close, start);
    if (first === '"' || first === "'") {
      if (this.text[valueEnd - 1] !== first || valueEnd - start < 2) throw new Declined();
      type = first === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    } else {
      type = Scalar.PLAIN;
    }
    const nodeEnd = place === 'block-value' ? this.lineEnd(valueEnd) : valueEnd;
    const value = type === Scalar.PLAIN ? resolvePlain(source).value : source;
    return this.withRange(new Scalar(value), { source, type, range: [start, valueEnd, nodeEnd] });
  }

  private withRange(scalar: Scalar, properties: { source: string; type: Scalar.Type; range: [number, number, number] }): Scalar {
    return Object.assign(scalar, properties);
  }

  /** The offset of the next node from `offset`: past spaces, line breaks and comments. */
  private skipSeparation(offset: number): number {
    const text = this.text;
    let position = offset;
    for (;;) {
      const code = text.charCodeAt(position);
      if (code === 32 || code === 10) position++;
      else if (code === 35 /* # */) {
        const newline = text.indexOf('\n', position);
        position = newline === -1 ? text.length : newline;
      } else return position;
    }
  }

  /** `offset` moved back over spaces and line breaks, not before `floor`. */
  private trimBack(offset: number, floor: number): number {
    let position = Math.min(offset, this.text.length);
    while (position > floor && (this.text.charCodeAt(position - 1) === 32 || this.text.charCodeAt(position - 1) === 10)) position--;
    return position;
  }

  /**
   * The end of an empty value at `offset`: past a comment on its line. The yaml package also gives it the comment
   * lines that follow, ending them by rules of its own, so such a document is declined.
   */
  private commentsAfter(offset: number): number {
    const end = this.text.charCodeAt(offset) === 35 ? this.lineEnd(offset) : offset;
    this.declineBeforeComment(end);
    return end;
  }

  /**
   * Declines when a comment line comes next after `offset`: the yaml package extends an empty value or a block
   * collection that ends there over such comments, to an end of its own (the next line's start, or its indentation).
   */
  private declineBeforeComment(offset: number): void {
    if (this.text.charCodeAt(this.skipSpaceAndBreaks(offset)) === 35) throw new Declined();
  }

  private skipSpaceAndBreaks(offset: number): number {
    let position = offset;
    while (this.text.charCodeAt(position) === 32 || this.text.charCodeAt(position) === 10) position++;
    return position;
  }

  /** After the node ending at `offset`: past trailing spaces, a comment and the line break of its line. */
  private lineEnd(offset: number): number {
    const text = this.text;
    let position = offset;
    while (text.charCodeAt(position) === 32) position++;
    if (text.charCodeAt(position) === 35) {
      const newline = text.indexOf('\n', position);
      position = newline === -1 ? text.length : newline;
    }
    return text.charCodeAt(position) === 10 ? position + 1 : position === text.length ? position : offset;
  }
}
