/**
 * The server's view of open documents: one stream linter per URI (so unchanged YAML documents keep their
 * analysis across edits) and the latest analysis with the version it belongs to.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintConfig } from '../engine/config';
import { lintFile, StreamLinter, type StreamAnalysis } from '../engine/linter';
import type { FileDocument } from '../engine/model/file-document';
import { LineIndex } from '../engine/model/line-index';
import { RULES } from '../engine/rules/index';
import type { WorkspaceIndex } from '../engine/workspace';
import { fileURLToPath } from 'node:url';
import { fileHostFor } from '../file-host';

export interface AnalysedVersion {
  version: number;
  analysis: StreamAnalysis;
  lines: LineIndex;
  config: LintConfig;
  /** The workspace index version the cross-document findings were computed against. */
  workspaceVersion: number;
}

export class AnalysisStore {
  private readonly linters = new Map<string, StreamLinter>();
  private readonly latest = new Map<string, AnalysedVersion>();

  constructor(private readonly workspace: WorkspaceIndex) {}

  /**
   * Analyses the document's current version. Its own RBAC objects enter the workspace index first, so that
   * cross-document findings see this very version of them.
   */
  analyse(document: TextDocument, config: LintConfig): AnalysedVersion {
    const current = this.latest.get(document.uri);
    if (current && current.version === document.version && current.config === config && current.workspaceVersion === this.workspace.version) {
      return current;
    }
    let linter = this.linters.get(document.uri);
    if (!linter) {
      linter = new StreamLinter(RULES, document.uri.startsWith('file:') ? fileHostFor(fileURLToPath(document.uri)) : undefined);
      this.linters.set(document.uri, linter);
    }
    const text = document.getText();
    const analysis = linter.lint(text, config, this.workspace, (documents) => this.workspace.setFile(document.uri, { text, documents }));
    const result: AnalysedVersion = {
      version: document.version,
      analysis,
      lines: new LineIndex(text),
      config,
      workspaceVersion: this.workspace.version,
    };
    this.latest.set(document.uri, result);
    return result;
  }

  /**
   * Analyses an open document that is not YAML (a PEM file, a static credential or ABAC file); it enters the
   * workspace index first, so that access answers and its neighbours' findings read the version being edited.
   */
  analyseFile(document: TextDocument, { file, lines }: { file: FileDocument; lines: LineIndex }, config: LintConfig): AnalysedVersion {
    if (file.format === 'pki') this.workspace.pki.setFile(file);
    else if (file.format === 'static-auth') this.workspace.staticAuth.setAuthFile(document.uri, file);
    const host = document.uri.startsWith('file:') ? fileHostFor(fileURLToPath(document.uri)) : undefined;
    const findings = lintFile(file, config, RULES, this.workspace, host);
    const result: AnalysedVersion = { version: document.version, analysis: { text: file.text, documents: [], findings }, lines, config, workspaceVersion: this.workspace.version };
    this.latest.set(document.uri, result);
    return result;
  }

  /** Forgets a document; true when it had been analysed. */
  close(uri: string): boolean {
    this.linters.delete(uri);
    return this.latest.delete(uri);
  }
}
