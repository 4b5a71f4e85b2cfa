/**
 * Non-resource URL patterns cut into finitely many disjoint pieces ("atoms"), so that sets of URLs can be
 * intersected and subtracted exactly like verbs. The patterns of a policy are exact paths and prefixes (a pattern
 * ending in stars, which the authorizer trims); each path falls in exactly one atom: itself when a pattern names
 * it exactly, otherwise the longest prefix of the policy it starts with ("" when none does).
 */
import { urlPatternPrefix } from './matching';

const EXACT = '=';
const UNDER = '^';

export class UrlAtoms {
  private readonly exact: ReadonlySet<string>;
  private readonly prefixes: readonly string[];

  constructor(patterns: Iterable<string>) {
    const exact = new Set<string>();
    const prefixes = new Set<string>(['']);
    for (const pattern of patterns) {
      if (pattern === '*' || pattern.endsWith('*')) prefixes.add(pattern === '*' ? '' : urlPatternPrefix(pattern));
      else exact.add(pattern);
    }
    this.exact = exact;
    // Longest first, so the first prefix a path starts with is its own.
    this.prefixes = [...prefixes].sort((a, b) => b.length - a.length);
  }

  /** The atom a requested path is in. */
  atomOf(path: string): string {
    if (this.exact.has(path)) return EXACT + path;
    return UNDER + (this.prefixes.find((prefix) => path.startsWith(prefix)) ?? '');
  }

  /** The atoms a rule's pattern matches, which together are exactly the paths it matches. */
  atomsOf(pattern: string): string[] {
    if (pattern !== '*' && !pattern.endsWith('*')) return [EXACT + pattern];
    const prefix = pattern === '*' ? '' : urlPatternPrefix(pattern);
    return [
      ...[...this.exact].filter((path) => path.startsWith(prefix)).map((path) => EXACT + path),
      ...this.prefixes.filter((other) => other.startsWith(prefix)).map((other) => UNDER + other),
    ];
  }

  /**
   * A set of atoms in the words of RBAC: exact paths, and `prefix*` for the paths under a prefix, with the
   * paths under it that the set leaves out named after "except".
   */
  describe(atoms: ReadonlySet<string>): string[] {
    const words: string[] = [];
    const covered = new Set<string>();
    const prefixesShortFirst = [...this.prefixes].reverse();
    for (const prefix of prefixesShortFirst) {
      if (!atoms.has(UNDER + prefix) || covered.has(UNDER + prefix)) continue;
      const under = this.atomsOf(`${prefix}*`);
      const missing = under.filter((atom) => !atoms.has(atom));
      // What lies under a prefix left out is said on its own (a later, longer prefix or an exact path).
      const holes = missing.filter((atom) => atom.startsWith(UNDER)).map((atom) => atom.slice(1));
      for (const atom of under) if (atoms.has(atom) && !holes.some((hole) => atom.slice(1).startsWith(hole))) covered.add(atom);
      const missingWords = missing.map((atom) => (atom.startsWith(EXACT) ? atom.slice(1) : `${atom.slice(1)}*`));
      words.push(missing.length === 0 ? `${prefix}*` : `${prefix}* except ${missingWords.join(', ')}`);
    }
    for (const atom of atoms) if (atom.startsWith(EXACT) && !covered.has(atom)) words.push(atom.slice(1));
    return words;
  }
}
