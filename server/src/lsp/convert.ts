/**
 * Converts engine results (offset ranges) into LSP shapes (line/character positions).
 */
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { Severity } from '../engine/config';
import type { TextEdit as EngineEdit } from '../engine/fix';
import type { Finding } from '../engine/linter';
import type { LineIndex } from '../engine/model/line-index';
import type { TextRange } from '../engine/model/nodes';
import { docsUrl } from '../engine/rules/define-rule';

/** What a diagnostic carries so that code actions can find its finding again without a cache of their own. */
interface DiagnosticData {
  ruleId: string;
  start: number;
  end: number;
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toRange(lines: LineIndex, range: TextRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export function toDiagnostic(lines: LineIndex, finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, start: finding.range.start, end: finding.range.end };
  return {
    range: toRange(lines, finding.range),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: 'kubeward',
    message: finding.message,
    data,
  };
}

/**
 * Whether a diagnostic the client sends back (in a code action request) was published for this finding. The one
 * place that maps diagnostics to findings: it compares the fields of the diagnostic's data, so a client that
 * re-serialises the data with its keys in another order still gets its fixes.
 */
export function isDiagnosticOf(diagnostic: Diagnostic, finding: Finding): boolean {
  if (diagnostic.source !== 'kubeward' || typeof diagnostic.data !== 'object' || diagnostic.data === null) return false;
  const data = diagnostic.data as Partial<DiagnosticData>;
  return data.ruleId === finding.ruleId && data.start === finding.range.start && data.end === finding.range.end;
}

/** The client's diagnostics that were published for any of the findings, in the client's order. */
export function diagnosticsOf(diagnostics: readonly Diagnostic[], findings: readonly Finding[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => findings.some((finding) => isDiagnosticOf(diagnostic, finding)));
}

export function toTextEdit(lines: LineIndex, edit: EngineEdit): TextEdit {
  return { range: toRange(lines, edit), newText: edit.newText };
}
