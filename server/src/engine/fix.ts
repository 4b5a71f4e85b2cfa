/**
 * Fixes are data: lists of text edits with a safety level. This module applies them to a text.
 */

export type FixSafety = 'safe' | 'unsafe';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** The rule message the title comes from, when a rule proposed the fix. */
  messageId?: string;
  safety: FixSafety;
  edits: TextEdit[];
}

export function shiftEdit(edit: TextEdit, delta: number): TextEdit {
  return { start: edit.start + delta, end: edit.end + delta, newText: edit.newText };
}

/**
 * The fixes that can be applied together: whole fixes in order of position, skipping any fix whose edits overlap
 * (or repeat) an edit of one already chosen. The next lint pass offers a skipped one again.
 */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const accepted: TextEdit[] = [];
  const chosen: Fix[] = [];
  for (const fix of [...fixes].sort((a, b) => firstStart(a) - firstStart(b))) {
    const overlaps = fix.edits.some((edit) => accepted.some((other) => edit.start < other.end && other.start < edit.end ||
      (edit.start === other.start && edit.end === other.end)));
    if (overlaps) continue;
    accepted.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
}

/** Applies the fixes that can be applied together. Returns the new text and how many fixes were applied. */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const chosen = compatibleFixes(fixes);
  // From the end backwards, as LSP clients apply a workspace edit: insertions at an offset go before a range that
  // starts there, and several insertions at one offset appear in the order given.
  const isInsertion = (edit: TextEdit) => (edit.end === edit.start ? 1 : 0);
  const edits = chosen
    .flatMap((fix) => fix.edits)
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.start - a.edit.start || isInsertion(a.edit) - isInsertion(b.edit) || b.index - a.index)
    .map(({ edit }) => edit);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return { text: result, applied: chosen.length };
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((edit) => edit.start));
}
