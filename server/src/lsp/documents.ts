/**
 * The server's view of open documents: one stream linter per URI (so unchanged YAML documents keep their
 * analysis across edits) and the latest analysis with the version it belongs to.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintConfig } from '../engine/config';
import { StreamLinter, type StreamAnalysis } from '../engine/linter';
import { LineIndex } from '../engine/model/line-index';
import { RULES } from '../engine/rules/index';

export interface AnalysedVersion {
  version: number;
  analysis: StreamAnalysis;
  lines: LineIndex;
  config: LintConfig;
}

export class AnalysisStore {
  private readonly linters = new Map<string, StreamLinter>();
  private readonly latest = new Map<string, AnalysedVersion>();

  analyse(document: TextDocument, config: LintConfig): AnalysedVersion {
    const current = this.latest.get(document.uri);
    if (current && current.version === document.version && current.config === config) return current;
    let linter = this.linters.get(document.uri);
    if (!linter) {
      linter = new StreamLinter(RULES);
      this.linters.set(document.uri, linter);
    }
    const text = document.getText();
    const result: AnalysedVersion = { version: document.version, analysis: linter.lint(text, config), lines: new LineIndex(text), config };
    this.latest.set(document.uri, result);
    return result;
  }

  close(uri: string): void {
    this.linters.delete(uri);
    this.latest.delete(uri);
  }
}
