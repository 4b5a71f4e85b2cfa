/**
 * The Kubeward snippets as completion items, for editors other than VS Code (which reads the same file through
 * package.json's contributes.snippets). A snippet is a whole manifest, so it is offered only where a whole
 * manifest can go: at the start of a line in a YAML document that holds nothing else yet.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import snippetFile from '../../../../snippets/kubernetes.json';
import { expandSnippet } from './snippet-syntax';

export interface Snippet {
  name: string;
  prefix: string;
  description: string;
  /** The body in snippet syntax, lines joined with `\n`. */
  body: string;
}

/** Every snippet of snippets/kubernetes.json, in file order. */
export const SNIPPETS: readonly Snippet[] = Object.entries(snippetFile).map(([name, entry]) => ({
  name,
  prefix: entry.prefix,
  description: entry.description,
  body: entry.body.join('\n'),
}));

/** What may already be typed before the cursor: part of a snippet prefix. */
const TYPED_PREFIX = /^[A-Za-z-]*$/;
/** Lines that separate YAML documents (`---`, `...`) or come before the first one (`%YAML` directives). */
const DOCUMENT_BOUNDARY = /^(---|\.\.\.)(\s|$)|^%/;
/** Lines that hold no content: blank or a comment. */
const NOTHING = /^\s*(#.*)?$/;

/**
 * The snippets, as completion items replacing what was typed on the line, when `position` is in the first
 * columns of an otherwise empty line of a YAML document that is empty apart from comments; none elsewhere.
 */
export function snippetCompletions(text: string, position: Position): CompletionItem[] {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line];
  if (line === undefined) return [];
  const typed = line.slice(0, position.character);
  if (!TYPED_PREFIX.test(typed) || !NOTHING.test(line.slice(position.character))) return [];
  if (!documentIsEmpty(lines, position.line)) return [];
  const range = { start: { line: position.line, character: 0 }, end: position };
  return SNIPPETS.map((snippet, index) => ({
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: snippet.name,
    documentation: { kind: MarkupKind.Markdown, value: `${snippet.description}\n\n\`\`\`yaml\n${expandSnippet(snippet.body).trimEnd()}\n\`\`\`` },
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: snippet.body },
    filterText: snippet.prefix,
    // Snippets keep their file order, after any field completions the server offers at the same place.
    sortText: `~snippet-${String(index).padStart(2, '0')}`,
  }));
}

/** Whether the YAML document around `lineNumber` has nothing but blank lines and comments besides that line. */
function documentIsEmpty(lines: readonly string[], lineNumber: number): boolean {
  for (let index = lineNumber - 1; index >= 0 && !DOCUMENT_BOUNDARY.test(lines[index]); index--) {
    if (!NOTHING.test(lines[index])) return false;
  }
  for (let index = lineNumber + 1; index < lines.length && !DOCUMENT_BOUNDARY.test(lines[index]); index++) {
    if (!NOTHING.test(lines[index])) return false;
  }
  return true;
}
