/**
 * An openssl configuration file (`openssl.cnf`, `*.cnf`) as a document, read the way openssl's NCONF reader reads
 * it, with the place of every section and value: `[ section ]` headers, `name = value` lines (names of letters,
 * digits and `._;`, values trimmed), `#` comments, a backslash joining a line with the next, `.include` and
 * `.pragma` directives, and names before the first header in the `default` section. No npm package reads this
 * format with positions (generic INI readers drop them and differ on names such as `DNS.1`), so it is read here.
 * Values that use `$variables` are kept as written and marked, since their meaning depends on the environment.
 */
import type { TextRange } from './nodes';

export interface ConfigEntry {
  name: string;
  value: string;
  nameRange: TextRange;
  valueRange: TextRange;
  /** The value refers to a variable (`$name`, `${section::name}`), expanded by openssl. */
  dynamic: boolean;
}

export interface ConfigSection {
  name: string;
  /** The header, or nothing for the default section. */
  headerRange?: TextRange;
  entries: ConfigEntry[];
}

/** The file names an openssl configuration is recognised by. */
export const OPENSSL_CONFIG_NAME = /(\.cnf|(^|\/)openssl[^/]*\.conf)$/i;

export class OpensslConfigFile {
  readonly format = 'openssl-config' as const;
  private parsed: ConfigSection[] | undefined;

  constructor(readonly text: string) {}

  get sections(): ConfigSection[] {
    this.parsed ??= readSections(this.text);
    return this.parsed;
  }

  /** A section by name; openssl keeps the last of two sections with one name, merged with the first. */
  section(name: string): ConfigSection | undefined {
    const matching = this.sections.filter((section) => section.name === name);
    if (matching.length <= 1) return matching[0];
    return { name, headerRange: matching[0].headerRange, entries: matching.flatMap((section) => section.entries) };
  }

  /** The value openssl looks a name up as: the last entry of that name in the section, then in `default`. */
  value(section: string, name: string): ConfigEntry | undefined {
    const own = this.section(section)?.entries.filter((entry) => entry.name === name).at(-1);
    return own ?? (section === 'default' ? undefined : this.value('default', name));
  }
}

function readSections(text: string): ConfigSection[] {
  const sections: ConfigSection[] = [{ name: 'default', entries: [] }];
  let position = 0;
  while (position < text.length) {
    const { line, next } = logicalLine(text, position);
    position = next;
    const content = stripComment(line.text);
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('.include') || trimmed.startsWith('.pragma')) continue;
    const header = /^(\s*)\[\s*([^\]]*?)\s*\]/.exec(content);
    if (header) {
      sections.push({ name: header[2], headerRange: line.range(header[1].length, header[0].length), entries: [] });
      continue;
    }
    const entry = /^(\s*)([\w.;]+)\s*=\s*(.*?)\s*$/.exec(content);
    if (!entry) continue;
    const nameStart = entry[1].length;
    const valueStart = content.indexOf(entry[3], nameStart + entry[2].length + 1);
    sections[sections.length - 1].entries.push({
      name: entry[2],
      value: entry[3].replace(/^"(.*)"$/, '$1'),
      nameRange: line.range(nameStart, nameStart + entry[2].length),
      valueRange: line.range(valueStart, valueStart + entry[3].length),
      dynamic: /\$[\w{(]/.test(entry[3]),
    });
  }
  return sections;
}

interface LogicalLine {
  text: string;
  /** Maps a column of `text` back to an offset of the file. */
  range(from: number, to: number): TextRange;
}

/** A line, joined with the following ones while it ends with a backslash. */
function logicalLine(text: string, from: number): { line: LogicalLine; next: number } {
  const pieces: { offset: number; text: string }[] = [];
  let position = from;
  for (;;) {
    const newline = text.indexOf('\n', position);
    const end = newline === -1 ? text.length : newline;
    const raw = text.slice(position, end).replace(/\r$/, '');
    const continued = raw.endsWith('\\') && !raw.endsWith('\\\\');
    pieces.push({ offset: position, text: continued ? raw.slice(0, -1) : raw });
    position = newline === -1 ? text.length : newline + 1;
    if (!continued || position >= text.length) break;
  }
  const joined = pieces.map((piece) => piece.text).join('');
  const offsetOf = (column: number): number => {
    let remaining = column;
    for (const piece of pieces) {
      if (remaining <= piece.text.length) return piece.offset + remaining;
      remaining -= piece.text.length;
    }
    const last = pieces[pieces.length - 1];
    return last.offset + last.text.length;
  };
  return { line: { text: joined, range: (start, end) => ({ start: offsetOf(start), end: offsetOf(end) }) }, next: position };
}

/** The text before a `#` that is not inside quotes or escaped. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '\\') index++;
    else if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#') return line.slice(0, index);
  }
  return line;
}
