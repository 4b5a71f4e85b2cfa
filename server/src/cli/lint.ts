/**
 * `kubeward lint`: lints files, directories and standard input and prints the findings in the chosen format, on
 * one thread or, for many files, on several (lint-workers.ts), or from a cache of the last run (lint-cached.ts),
 * with the same findings.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintConfig } from '../engine/config';
import { applyFixes } from '../engine/fix';
import { lintFile, StreamLinter, type Finding } from '../engine/linter';
import { RULES } from '../engine/rules/index';
import { WorkspaceIndex } from '../engine/workspace';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { collectInputs, STDIN_PATH, type Input } from './files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { hostFor } from './lint-host';
import { separateStaticAuthFiles, staticAuthFileOf, type StaticAuthInput } from './static-auth-files';
import { opensslConfigReports, pemReports, separatePemFiles } from './pem-files';
import { lintInWorkers, threadsFor } from './lint-workers';
import { reportOf, unreadableFindings, type FileReport } from './report';
import { readBaseline, withoutBaselined, writeBaseline } from './baseline';
import { cacheKey, LintCache } from './lint-cache';
import { lintWithCache, type CachedLintFile } from './lint-cached';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintOptions {
  paths: string[];
  format: OutputFormat;
  config: LintConfig;
  fix: boolean;
  /** Worker threads: a number, or `auto` for one per core when there are many files. */
  jobs: number | 'auto';
  /** Where to keep the lint cache (lint-cache.ts); no cache when absent. */
  cacheLocation?: string;
  /** Report only findings this baseline file does not hold (baseline.ts). */
  baseline?: string;
  /** Record this run's findings as a baseline in this file. */
  writeBaseline?: string;
  color: boolean;
  readStdin: () => Buffer;
  write: (text: string) => void;
  error: (text: string) => void;
}

export async function runLint(options: LintOptions): Promise<number> {
  const collected = collectInputs(options.paths, options.readStdin);
  if (collected.errors.length > 0) {
    options.error(collected.errors.map((error) => `kubeward: ${error}\n`).join(''));
    return EXIT_USAGE;
  }
  const { rest, pem, opensslConfigs, otherFiles } = separatePemFiles(collected.inputs, collected.otherFiles);
  const { yaml: inputs, staticAuth } = separateStaticAuthFiles(rest, otherFiles, options.config);
  const entries = inputs.map((input, index) => ({
    input,
    index,
    displayPath: displayPathOf(input.path),
  }));
  const readable = entries.flatMap(({ input, index, displayPath }) => (input.text === undefined ? [] : [{ index, path: input.path, displayPath, text: input.text }]));
  // Fixing rewrites files one after the other against an index that changes with each, so it stays on one thread.
  const threads = options.fix ? 1 : threadsFor(options.jobs, readable.length);
  const findings = options.cacheLocation
    ? lintFromCache(readable, options)
    : threads > 1
      ? await lintInWorkers(readable, options.config, threads)
      : lintInThisThread(entries, options);
  const reports: FileReport[] = entries.map(({ input, index, displayPath }) =>
    reportOf(displayPath, input.text, input.text === undefined ? unreadableFindings(input.problem, options.config) : (findings.get(index) ?? [])),
  );
  for (const input of staticAuth) reports.push(staticAuthReport(input, options.config));
  reports.push(...pemReports(pem, inputs, options.config, displayPathOf), ...opensslConfigReports(opensslConfigs, options.config, displayPathOf));
  if (options.writeBaseline) {
    const count = writeBaseline(options.writeBaseline, reports);
    options.error(`kubeward: wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${options.writeBaseline}\n`);
  }
  const reported = options.baseline ? withoutBaselined(reports, readBaseline(options.baseline)) : reports;
  return finish(reported, options);
}

function finish(reports: FileReport[], options: LintOptions): number {
  const output =
    options.format === 'json' ? formatJson(reports) : options.format === 'sarif' ? formatSarif(reports) : formatText(reports, options.color);
  options.write(output);
  return reports.some((report) => report.findings.some((finding) => finding.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

function lintFromCache(files: CachedLintFile[], options: LintOptions): Map<number, Finding[]> {
  const cache = LintCache.load(options.cacheLocation!, cacheKey(options.config), options.error);
  const result = lintWithCache(files, options.config, cache, options.error);
  if (process.env.KUBEWARD_DEBUG_CACHE) options.error(`kubeward: cache: ${result.read} of ${files.length} files read, ${result.linted} linted\n`);
  return result.findings;
}

function displayPathOf(file: string): string {
  return path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file;
}

/** The report of a static token, password or ABAC policy file, which the YAML linter does not read. */
function staticAuthReport(input: StaticAuthInput, config: LintConfig): FileReport {
  const file = staticAuthFileOf(input);
  return reportOf(displayPathOf(input.path), input.text, file ? lintFile(file, config, RULES) : unreadableFindings(input.problem, config));
}

/**
 * The findings of the readable inputs, by index: first every file alone, to index what each defines; then each
 * again with the index, for the rules that look across files (the second pass reuses the first one's per-document
 * results). With --fix, every file is fixed (its text updated in `entries`) before any is reported.
 */
function lintInThisThread(entries: readonly { input: Input; index: number; displayPath: string }[], options: LintOptions): Map<number, Finding[]> {
  const workspace = new WorkspaceIndex();
  const linted = entries.map((entry) => {
    const linter = new StreamLinter(RULES, hostFor(entry.input.path));
    if (entry.input.text !== undefined) workspace.setFile(entry.displayPath, linter.lint(entry.input.text, options.config));
    return { ...entry, linter };
  });
  if (options.fix) {
    // Fixes in one file can change what another file's cross-document findings are, so every file is fixed and
    // re-indexed before any is reported.
    for (const entry of linted) {
      if (entry.input.text === undefined || entry.input.path === STDIN_PATH) continue;
      const findings = entry.linter.lint(entry.input.text, options.config, workspace).findings;
      const fixes = findings.flatMap((finding) => (finding.fixes[0]?.safety === 'safe' ? [finding.fixes[0]] : []));
      if (fixes.length === 0) continue;
      entry.input.text = applyFixes(entry.input.text, fixes).text;
      writeFileSync(entry.input.path, entry.input.text);
      workspace.setFile(entry.displayPath, entry.linter.lint(entry.input.text, options.config));
    }
  }
  const findings = new Map<number, Finding[]>();
  for (const { input, index, linter } of linted) {
    if (input.text !== undefined) findings.set(index, linter.lint(input.text, options.config, workspace).findings);
  }
  return findings;
}
