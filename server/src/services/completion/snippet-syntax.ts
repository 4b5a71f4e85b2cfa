/**
 * Reads the TextMate/VS Code snippet syntax far enough to produce the text a snippet inserts when every placeholder
 * keeps its default. Completion previews show that text, and the snippet tests lint it, so both see exactly what a
 * user gets by pressing Tab through a snippet.
 */

/**
 * The text of a snippet body with tab stops removed, placeholders replaced by their defaults (nested ones
 * included), choices by their first option, mirrors (`$2` after `${2:x}`) by the value of their tab stop, and
 * variables by their default (or nothing, as an editor with no value for them does). Escaped `\$`, `\}` and
 * `\\` become the character itself.
 */
export function expandSnippet(body: string): string {
  // The first pass learns each tab stop's value, so that a mirror written before its placeholder gets it too.
  const first: Reader = { text: body, at: 0, values: new Map() };
  readText(first, false);
  return readText({ text: body, at: 0, values: first.values }, false);
}

interface Reader {
  text: string;
  at: number;
  /** Each numbered tab stop's value: its placeholder's default or first choice. */
  values: Map<string, string>;
}

/** Reads until the end, or until an unescaped `}` closing the placeholder being read when `inPlaceholder` is set. */
function readText(reader: Reader, inPlaceholder: boolean): string {
  let out = '';
  while (reader.at < reader.text.length) {
    const char = reader.text[reader.at];
    if (char === '\\' && '$}\\'.includes(reader.text[reader.at + 1] ?? '')) {
      out += reader.text[reader.at + 1];
      reader.at += 2;
    } else if (char === '}' && inPlaceholder) {
      reader.at++;
      return out;
    } else if (char === '$') {
      out += readDollar(reader);
    } else {
      out += char;
      reader.at++;
    }
  }
  if (inPlaceholder) throw new Error(`Unclosed placeholder in snippet: ${reader.text}`);
  return out;
}

/** `$1`, `$NAME`, `${1}`, `${1:default}`, `${1|one,two|}`, `${NAME:default}`; a `$` followed by none of them is text. */
function readDollar(reader: Reader): string {
  const rest = reader.text.slice(reader.at + 1);
  const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
  if (simple) {
    reader.at += 1 + simple[0].length;
    return reader.values.get(simple[1]) ?? '';
  }
  const complex = /^\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|}])/.exec(rest);
  if (!complex) {
    reader.at++;
    return '$';
  }
  reader.at += 1 + complex[0].length;
  const name = complex[1];
  if (complex[2] === '}') return reader.values.get(name) ?? '';
  const value = complex[2] === ':' ? readText(reader, true) : readChoice(reader);
  if (/^\d+$/.test(name) && !reader.values.has(name)) reader.values.set(name, value);
  return value;
}

/** The first option of `one,two|}`, with `\,` and `\|` read as the characters themselves. */
function readChoice(reader: Reader): string {
  const options: string[] = [''];
  while (reader.at < reader.text.length) {
    const char = reader.text[reader.at];
    if (char === '\\' && ',|\\'.includes(reader.text[reader.at + 1] ?? '')) {
      options[options.length - 1] += reader.text[reader.at + 1];
      reader.at += 2;
    } else if (char === ',') {
      options.push('');
      reader.at++;
    } else if (char === '|' && reader.text[reader.at + 1] === '}') {
      reader.at += 2;
      return options[0];
    } else {
      options[options.length - 1] += char;
      reader.at++;
    }
  }
  throw new Error(`Unclosed choice in snippet: ${reader.text}`);
}
