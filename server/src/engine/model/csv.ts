/**
 * CSV read as Go's encoding/csv reads it with the settings kube-apiserver uses for its static credential files
 * (comma separator, no comment character, any number of fields per record, strict quotes): blank lines are
 * skipped, `\r\n` ends a line like `\n`, a field is quoted only when its first character is `"`, a quote inside an
 * unquoted field or text after a closing quote is an error that stops the reading, and spaces are kept.
 */
import type { TextRange } from './nodes';

export interface CsvField extends TextRange {
  /** The field's value, quotes removed and `""` read as `"`. */
  value: string;
}

export interface CsvRecord extends TextRange {
  /** 1-based line of the record's first character. */
  line: number;
  fields: CsvField[];
}

export interface CsvError {
  /** Where Go's reader stops, with its reason in plain words. */
  at: TextRange;
  reason: 'bareQuote' | 'extraneousQuote' | 'unclosedQuote';
}

export interface CsvReading {
  records: CsvRecord[];
  /** The first error; the records before it are read, Go's reader returns nothing after it. */
  error?: CsvError;
}

export function readCsv(text: string): CsvReading {
  const records: CsvRecord[] = [];
  let position = 0;
  let line = 1;
  while (position < text.length) {
    const lineEnd = endOfLine(text, position);
    if (lineEnd.contentEnd === position) {
      // A blank line, skipped as Go skips it.
      position = lineEnd.next;
      line++;
      continue;
    }
    const recordStart = position;
    const recordLine = line;
    const fields: CsvField[] = [];
    for (;;) {
      if (text[position] === '"') {
        const quoted = readQuoted(text, position);
        if ('reason' in quoted) return { records, error: quoted };
        fields.push(quoted.field);
        line += quoted.newlines;
        position = quoted.next;
      } else {
        const end = endOfField(text, position);
        const bare = text.indexOf('"', position);
        if (bare !== -1 && bare < end) return { records, error: { at: { start: bare, end: bare + 1 }, reason: 'bareQuote' } };
        fields.push({ start: position, end, value: text.slice(position, end) });
        position = end;
      }
      if (text[position] === ',') {
        position++;
        continue;
      }
      const { next } = endOfLine(text, position);
      records.push({ start: recordStart, end: position, line: recordLine, fields });
      position = next;
      line++;
      break;
    }
  }
  return { records };
}

/** The end of a line's content (before `\n` or `\r\n`) and where the next line starts. */
function endOfLine(text: string, from: number): { contentEnd: number; next: number } {
  const newline = text.indexOf('\n', from);
  if (newline === -1) return { contentEnd: text.length, next: text.length };
  return { contentEnd: newline > from && text[newline - 1] === '\r' ? newline - 1 : newline, next: newline + 1 };
}

/** An unquoted field ends at a comma or at the end of its line. */
function endOfField(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end] !== ',' && text[end] !== '\n' && !(text[end] === '\r' && text[end + 1] === '\n')) end++;
  return end;
}

function readQuoted(text: string, start: number): { field: CsvField; next: number; newlines: number } | CsvError {
  let value = '';
  let position = start + 1;
  let newlines = 0;
  for (;;) {
    const quote = text.indexOf('"', position);
    if (quote === -1) return { at: { start, end: text.length }, reason: 'unclosedQuote' };
    const chunk = text.slice(position, quote);
    newlines += chunk.split('\n').length - 1;
    // Inside quotes a `\r\n` is a line break too, read as `\n`.
    value += chunk.replace(/\r\n/g, '\n');
    if (text[quote + 1] === '"') {
      value += '"';
      position = quote + 2;
      continue;
    }
    const after = quote + 1;
    const ends = after >= text.length || text[after] === ',' || text[after] === '\n' || (text[after] === '\r' && text[after + 1] === '\n');
    if (!ends) return { at: { start: quote, end: after }, reason: 'extraneousQuote' };
    return { field: { start, end: after, value }, next: after, newlines };
  }
}
