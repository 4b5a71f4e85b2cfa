/**
 * `kubeward lint`: lints files, directories and standard input and prints the findings in the chosen format.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintConfig } from '../engine/config';
import { applyFixes } from '../engine/fix';
import { StreamLinter, unreadableInputFinding } from '../engine/linter';
import { LineIndex } from '../engine/model/line-index';
import { RULES } from '../engine/rules/index';
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
  for (const input of inputs) {
    const displayPath = path.isAbsolute(input.path) ? path.relative(process.cwd(), input.path) || input.path : input.path;
    if (input.text === undefined) {
      const finding = unreadableInputFinding(input.problem ?? 'The input could not be read.', options.config, RULES);
      reports.push({ path: displayPath, text: '', lines: new LineIndex(''), findings: finding ? [finding] : [] });
      continue;
    }
    let text = input.text;
    let findings = new StreamLinter(RULES).lint(text, options.config).findings;
    if (options.fix && input.path !== '<stdin>') {
      const fixes = findings.flatMap((finding) => (finding.fixes[0]?.safety === 'safe' ? [finding.fixes[0]] : []));
      if (fixes.length > 0) {
        text = applyFixes(text, fixes).text;
        writeFileSync(input.path, text);
        findings = new StreamLinter(RULES).lint(text, options.config).findings;
      }
    }
    reports.push({ path: displayPath, text, lines: new LineIndex(text), findings });
  }
  const output =
    options.format === 'json' ? formatJson(reports) : options.format === 'sarif' ? formatSarif(reports) : formatText(reports, options.color);
  options.write(output);
  return reports.some((report) => report.findings.some((finding) => finding.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}
