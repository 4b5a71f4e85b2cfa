/**
 * Splits a YAML stream into its documents and parses each one on its own, so that an edit re-parses only the
 * document it touches: with the fast path (fast-parse.ts) where it reads the document exactly, else with the yaml
 * package. Parsing never throws: every failure becomes a ParseProblem that `yaml/syntax` reports.
 */
import { parseDocument, visit, type Document } from 'yaml';
import { fastParse } from './fast-parse';
import { kubernetesTags } from './plain-scalars';

/** A problem found while reading a document, with offsets relative to the document's own text. */
export interface ParseProblem {
  code: string;
  message: string;
  start: number;
  end: number;
}

export interface DocumentChunk {
  /** Offset of the chunk's first character in the whole stream. */
  offset: number;
  text: string;
}

export interface ParsedChunk {
  tree: Document.Parsed | undefined;
  problems: ParseProblem[];
  /** Whether the text holds alias tokens, the only way a document's data can grow past its text. */
  hasAliases: boolean;
}

/** An alias token (`*name` after a separator), as opposed to the quoted "*" wildcards RBAC rules are full of. */
const ALIAS = /(?:^|[\s[{,])\*[^\s,\]}]/m;

const DOCUMENT_MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

/**
 * Cuts a stream at its document markers. A `---` line starts a new chunk and a `...` line ends one; YAML forbids
 * both at column 0 inside any scalar, so this textual cut always agrees with the parser.
 */
export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(lineStart);
    if (first === 45 /* - */ || first === 46 /* . */) {
      const marker = DOCUMENT_MARKER.exec(text.slice(lineStart, Math.min(lineEnd, lineStart + 4)));
      if (marker?.[1] === '---' && lineStart > chunkStart) {
        chunks.push({ offset: chunkStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
      } else if (marker?.[1] === '...') {
        chunks.push({ offset: chunkStart, text: text.slice(chunkStart, lineEnd) });
        chunkStart = lineEnd;
      }
    }
    lineStart = lineEnd;
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/** Parses one chunk with plain scalars resolved as Kubernetes' decoder resolves them (`yes`/`on` are booleans there). */
export function parseChunk(text: string): ParsedChunk {
  if (text.includes('\u0000')) {
    return { tree: undefined, problems: [{ code: 'BINARY', message: 'This is binary data, not YAML text.', start: 0, end: 0 }], hasAliases: false };
  }
  const fast = fastParse(text);
  if (fast) return { tree: fast, problems: [], hasAliases: false };
  try {
    const tree = parseDocument(text, {
      version: '1.1',
      uniqueKeys: true,
      prettyErrors: false,
      logLevel: 'silent',
      // Plain scalars resolve as go-yaml v2 resolves them for sigs.k8s.io/yaml, not by the package's YAML 1.1 rules.
      customTags: (tags) => kubernetesTags(tags as { tag?: string; default?: unknown }[]) as typeof tags,
    });
    // The parser catches its own stack overflow on pathological nesting; what it leaves behind is not worth reading.
    if (tree.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION')) return tooDeep(text);
    const problems: ParseProblem[] = [...tree.errors, ...tree.warnings].map((error) => ({
      code: error.code,
      message: error.message,
      // The parser can point one past the end of the text (an unterminated flow collection); findings never do.
      start: Math.min(error.pos[0], text.length),
      end: Math.min(error.pos[1], text.length),
    }));
    const hasAliases = ALIAS.test(text);
    return { tree, problems: hasAliases ? [...problems, ...unresolvedAliases(tree)] : problems, hasAliases };
  } catch (error) {
    // The composer recurses per nesting level, so pathological nesting can exhaust the stack.
    if (error instanceof RangeError) return tooDeep(text);
    const message = `The document could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { tree: undefined, problems: [{ code: 'UNREADABLE', message, start: 0, end: Math.min(text.length, 1) }], hasAliases: false };
  }
}

function tooDeep(text: string): ParsedChunk {
  return {
    tree: undefined,
    problems: [{ code: 'UNREADABLE', message: 'The document is nested too deeply to be read.', start: 0, end: Math.min(text.length, 1) }],
    hasAliases: false,
  };
}

/** The parser accepts an alias whose anchor is missing and only fails when building data; report it at the alias. */
function unresolvedAliases(tree: Document.Parsed): ParseProblem[] {
  const problems: ParseProblem[] = [];
  visit(tree, {
    Alias(_, alias) {
      if (alias.resolve(tree) === undefined && alias.range) {
        problems.push({
          code: 'BAD_ALIAS',
          message: `The alias *${alias.source} refers to no anchor &${alias.source} defined before it.`,
          start: alias.range[0],
          end: alias.range[1],
        });
      }
    },
  });
  return problems;
}
