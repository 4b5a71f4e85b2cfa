/**
 * Reads suppression comments inside a document:
 * `# kubeward-disable-next-line <rule-id>[, <rule-id>]` silences those rules on the next line, and
 * `# kubeward-disable <rule-id>[, ...]` silences them from that line to the end of the YAML document.
 * Without rule ids, a comment silences every rule.
 */
import { canonicalRuleId } from './rule-aliases';
import { LineIndex } from './model/line-index';

const DIRECTIVE = /^\uFEFF?[ \t]*#[ \t]*kubeward-(disable-next-line|disable)(?=[ \t]|$)([^\r\n]*)/gm;

export interface Suppressions {
  isSuppressed(ruleId: string, offset: number): boolean;
}

interface Directive {
  fromLine: number;
  toLine: number;
  rules: ReadonlySet<string> | 'all';
}

export const NO_SUPPRESSIONS: Suppressions = { isSuppressed: () => false };

export function readSuppressions(text: string): Suppressions {
  if (!text.includes('kubeward-disable')) return NO_SUPPRESSIONS;
  const lines = new LineIndex(text);
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const line = lines.positionAt(match.index ?? 0).line;
    const ids = match[2].replace(/[ \t]--[ \t].*$/, '').split(/[,\s]+/).filter(Boolean);
    const rules = ids.length === 0 ? 'all' : new Set(ids.map(canonicalRuleId));
    directives.push(
      match[1] === 'disable-next-line'
        ? { fromLine: line + 1, toLine: line + 1, rules }
        : { fromLine: line, toLine: Number.POSITIVE_INFINITY, rules },
    );
  }
  return {
    isSuppressed(ruleId, offset) {
      const line = lines.positionAt(offset).line;
      return directives.some(
        (directive) => line >= directive.fromLine && line <= directive.toLine && (directive.rules === 'all' || directive.rules.has(ruleId)),
      );
    },
  };
}
