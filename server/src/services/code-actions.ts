/**
 * Code actions for findings: the fixes a rule proposes, and a generic "disable this rule for this line" that
 * inserts a suppression comment above the line, indented like it.
 */
import { lineStart } from '../engine/edits';
import { compatibleFixes, type Fix } from '../engine/fix';
import type { Finding, StreamAnalysis } from '../engine/linter';
import type { TextRange } from '../engine/model/nodes';

export interface ActionProposal {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  /** The findings the action resolves. */
  findings: Finding[];
  fix: Fix;
  preferred: boolean;
}

/** Findings of the analysis that overlap a range. */
export function findingsIn(analysis: StreamAnalysis, range: TextRange): Finding[] {
  return analysis.findings.filter((finding) => finding.range.start <= range.end && range.start <= finding.range.end);
}

export function quickFixes(analysis: StreamAnalysis, findings: readonly Finding[]): ActionProposal[] {
  const proposals: ActionProposal[] = [];
  for (const finding of findings) {
    finding.fixes.forEach((fix, index) => {
      proposals.push({ title: fix.title, kind: 'quickfix', findings: [finding], fix, preferred: index === 0 && fix.safety === 'safe' });
    });
    const same = sameFixInFile(analysis, finding);
    if (same) proposals.push(same);
    proposals.push({ title: `Disable ${finding.ruleId} for this line`, kind: 'quickfix', findings: [finding], fix: disableForLine(analysis.text, finding), preferred: false });
  }
  return proposals;
}

/** One action applying every safe fix of the file, the first of each finding. */
export function fixAll(analysis: StreamAnalysis): ActionProposal | undefined {
  const fixable = analysis.findings.filter((finding) => finding.fixes[0]?.safety === 'safe');
  if (fixable.length === 0) return undefined;
  return {
    title: 'Fix all safe Kubeward problems',
    kind: 'source.fixAll',
    findings: fixable,
    fix: { title: 'Fix all', safety: 'safe', edits: fixable.flatMap((finding) => finding.fixes[0].edits) },
    preferred: false,
  };
}

/**
 * "Apply this fix everywhere in the file", when other findings of the rule propose the same kind of fix: how a
 * fix the user must review (unsafe, so never part of fix-all) is still applied to a whole file in one step.
 */
function sameFixInFile(analysis: StreamAnalysis, finding: Finding): ActionProposal | undefined {
  const fix = finding.fixes[0];
  if (!fix?.messageId) return undefined;
  const findings = analysis.findings.filter((other) => other.ruleId === finding.ruleId && other.fixes[0]?.messageId === fix.messageId);
  const distinct = new Map(findings.map((other) => [JSON.stringify(other.fixes[0].edits), other.fixes[0]]));
  if (distinct.size < 2) return undefined;
  const fixes = compatibleFixes([...distinct.values()]);
  return {
    title: `${fix.title} (everywhere in this file)`,
    kind: 'quickfix',
    findings,
    fix: { title: fix.title, safety: fix.safety, edits: fixes.flatMap((chosen) => chosen.edits) },
    preferred: false,
  };
}

function disableForLine(text: string, finding: Finding): Fix {
  // On the first line, the comment goes after a byte order mark, which must stay the file's first character.
  const at = Math.max(lineStart(text, finding.range.start), text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const indentation = /^[ \t]*/.exec(text.slice(at))?.[0] ?? '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Disable ${finding.ruleId} for this line`,
    safety: 'safe',
    edits: [{ start: at, end: at, newText: `${indentation}# kubeward-disable-next-line ${finding.ruleId}${newline}` }],
  };
}
