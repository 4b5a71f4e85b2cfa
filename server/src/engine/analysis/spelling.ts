/**
 * Finds the closest known word to a misspelt one, for "did you mean" fixes.
 * A suggestion is only offered when it is close enough that a typo is the likely explanation.
 */

/** Damerau-style edit distance (insertions, deletions, substitutions and adjacent transpositions). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previousPrevious[j - 2] + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** How many edits a word of this length may be away from a candidate and still count as a typo of it. */
export function typoAllowance(word: string): number {
  if (word.length <= 3) return 1;
  if (word.length <= 5) return 1;
  return 2;
}

/**
 * The candidate closest to `word`: an exact case-insensitive match first, then the nearest by edit distance
 * within the typo allowance. Ties keep the candidate listed first, so callers order candidates by preference.
 */
export function closest(word: string, candidates: Iterable<string>, allowance = typoAllowance(word)): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = allowance + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) return candidate;
    const distance = editDistance(lower, candidateLower, allowance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
