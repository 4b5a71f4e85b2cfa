/**
 * A value shown in hover Markdown as inline code: backticks become quotes and line breaks a visible mark, so a
 * value cannot break out of its code span.
 */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n/g, '⏎')}\``;
}
