/**
 * `kubeward lint`: lints files, directories and standard input and prints the findings in the chosen format.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintConfig } from '../engine/config';
import { applyFixes } from '../engine/fix';
import { StreamLinter, unreadableInputFinding } from '../engine/linter';
import type { LintHost } from '../engine/rules/define-rule';
import { LineIndex } from '../engine/model/line-index';
import { RULES } from '../engine/rules/index';
import { WorkspaceIndex } from '../engine/workspace';
import { fileHostFor } from '../file-host';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { collectInputs } from './files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import type { FileReport } from './report';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintOptions {
  paths: string[];
  format: OutputFormat;
  config: LintConfig;
  fix: boolean;
  color: boolean;
  readStdin: () => Buffer;
  write: (text: string) => void;
  error: (text: string) => void;
}

export function runLint(options: LintOptions): number {
  const reports: FileReport[] = [];
  const { inputs, errors } = collectInputs(options.paths, options.readStdin);
  if (errors.length > 0) {
    options.error(errors.map((error) => `kubeward: ${error}\n`).join(''));
    return EXIT_USAGE;
  }
  // First every file alone, to index what each defines; then each again with the index, for the rules that
  // look across files (the second pass reuses the first one's per-document results).
  const workspace = new WorkspaceIndex();
  const linted = inputs.map((input) => {
    const displayPath = path.isAbsolute(input.path) ? path.relative(process.cwd(), input.path) || input.path : input.path;
    const linter = new StreamLinter(RULES, hostFor(input.path));
    if (input.text !== undefined) workspace.setFile(displayPath, linter.lint(input.text, options.config));
    return { input, displayPath, linter };
  });
  if (options.fix) {
    // Fixes in one file can change what another file's cross-document findings are, so every file is fixed and
    // re-indexed before any is reported.
    for (const entry of linted) {
      if (entry.input.text === undefined || entry.input.path === '<stdin>') continue;
      const findings = entry.linter.lint(entry.input.text, options.config, workspace).findings;
      const fixes = findings.flatMap((finding) => (finding.fixes[0]?.safety === 'safe' ? [finding.fixes[0]] : []));
      if (fixes.length === 0) continue;
      entry.input.text = applyFixes(entry.input.text, fixes).text;
      writeFileSync(entry.input.path, entry.input.text);
      workspace.setFile(entry.displayPath, entry.linter.lint(entry.input.text, options.config));
    }
  }
  for (const { input, displayPath, linter } of linted) {
    if (input.text === undefined) {
      const finding = unreadableInputFinding(input.problem ?? 'The input could not be read.', options.config, RULES);
      reports.push({ path: displayPath, text: '', lines: new LineIndex(''), findings: finding ? [finding] : [] });
      continue;
    }
    const findings = linter.lint(input.text, options.config, workspace).findings;
    reports.push({ path: displayPath, text: input.text, lines: new LineIndex(input.text), findings });
  }
  const output =
    options.format === 'json' ? formatJson(reports) : options.format === 'sarif' ? formatSarif(reports) : formatText(reports, options.color);
  options.write(output);
  return reports.some((report) => report.findings.some((finding) => finding.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

/** Standard input has no path, so file checks are skipped for it. */
function hostFor(inputPath: string): LintHost | undefined {
  return inputPath === '<stdin>' ? undefined : fileHostFor(path.resolve(inputPath));
}
