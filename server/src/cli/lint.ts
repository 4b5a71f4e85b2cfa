/**
 * `kubeward lint`: lints files, directories and standard input and prints the findings in the chosen format, on
 * one thread or, for many files, on several (lint-workers.ts), or from a cache of the last run (lint-cached.ts),
 * with the same findings.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintConfig } from '../engine/config';
import { applyFixes } from '../engine/fix';
import { lintFile, StreamLinter, type Finding, type StreamAnalysis } from '../engine/linter';
import { RULES } from '../engine/rules/index';
import { WorkspaceIndex } from '../engine/workspace';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { collectInputs, STDIN_PATH, type Input } from './files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { hostFor, watchedLinter } from './lint-host';
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
  const reports = await reportsOf(collected, options.config, displayPathOf, process.cwd(), (entries) => {
    // Fixing rewrites files one after the other against an index that changes with each, so it stays on one thread.
    const threads = options.fix ? 1 : threadsFor(options.jobs, entries.length);
    if (options.cacheLocation) return lintFromCache(entries, options);
    return threads > 1 ? lintInWorkers(entries, options.config, threads) : lintInThisThread(entries, options).findings;
  });
  if (options.writeBaseline) {
    const count = writeBaseline(options.writeBaseline, reports);
    options.error(`kubeward: wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${options.writeBaseline}\n`);
  }
  const reported = options.baseline ? withoutBaselined(reports, readBaseline(options.baseline)) : reports;
  return finish(reported, options);
}

type ReadableEntry = CachedLintFile & { input: Input };

/**
 * The reports of every input: YAML files through `lintYaml` (by input index), then static credential and ABAC
 * files, PEM files and openssl configurations. Paths are shown as `displayPath` makes them; static auth globs
 * are matched relative to `root`.
 */
async function reportsOf(
  collected: { inputs: Input[]; otherFiles: string[] },
  config: LintConfig,
  displayPath: (file: string) => string,
  root: string,
  lintYaml: (entries: ReadableEntry[]) => Map<number, Finding[]> | Promise<Map<number, Finding[]>>,
): Promise<FileReport[]> {
  const { rest, pem, opensslConfigs, otherFiles } = separatePemFiles(collected.inputs, collected.otherFiles);
  const { yaml: inputs, staticAuth } = separateStaticAuthFiles(rest, otherFiles, config, root);
  const readable = inputs.flatMap((input, index) => (input.text === undefined ? [] : [{ input, index, path: input.path, displayPath: displayPath(input.path), text: input.text }]));
  const findings = await lintYaml(readable);
  const reports: FileReport[] = inputs.map((input, index) =>
    reportOf(displayPath(input.path), input.text, input.text === undefined ? unreadableFindings(input.problem, config) : (findings.get(index) ?? [])),
  );
  for (const input of staticAuth) reports.push(staticAuthReport(input, config, displayPath));
  reports.push(...pemReports(pem, inputs, config, displayPath), ...opensslConfigReports(opensslConfigs, config, displayPath));
  return reports;
}

export interface RevisionLint {
  reports: FileReport[];
  workspace: WorkspaceIndex;
}

/**
 * Lints `paths` as found under `root` (a revision's checkout, or the working tree) on one thread, with paths shown
 * relative to `root`, and keeps the workspace index; `onAnalysis` sees each YAML file's final analysis.
 */
export async function lintRevision(root: string, paths: readonly string[], config: LintConfig, linters: SharedLinters, onAnalysis?: AnalysisListener): Promise<RevisionLint> {
  const collected = collectInputs(paths.map((named) => path.resolve(root, named)), () => Buffer.alloc(0));
  let workspace = new WorkspaceIndex();
  const displayPath = (file: string) => path.relative(root, file) || file;
  const reports = await reportsOf(collected, config, displayPath, root, (entries) => {
    const linted = lintInThisThread(entries, { config, fix: false }, onAnalysis, (entry) => linters.linterFor(entry.input.path, entry.displayPath, entry.text));
    workspace = linted.workspace;
    return linted.findings;
  });
  // A path the revision lacks (added or deleted by the change) is simply empty there, not an error.
  return { reports, workspace };
}

/**
 * Linters that revisions linted one after the other share: a file with the same path and text in both is parsed
 * and checked alone once, and only the rules that look across files run again against each revision's index.
 * A file whose linting asked the machine (a kubeconfig's files, the clock) gets a linter per revision, because the
 * answers may differ between the revisions' folders.
 */
export class SharedLinters {
  private readonly linters = new Map<string, { linter: StreamLinter; asked: () => boolean }>();

  linterFor(inputPath: string, displayPath: string, text: string): StreamLinter {
    const key = `${displayPath}\0${text}`;
    const shared = this.linters.get(key);
    if (shared && !shared.asked()) return shared.linter;
    const watched = watchedLinter(inputPath);
    this.linters.set(key, watched);
    return watched.linter;
  }
}

function finish(reports: FileReport[], options: LintOptions): number {
  const output =
    options.format === 'json' ? formatJson(reports) : options.format === 'sarif' ? formatSarif(reports) : formatText(reports, options.color);
  options.write(output);
  return reports.some((report) => report.findings.some((finding) => finding.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

function lintFromCache(files: readonly CachedLintFile[], options: LintOptions): Map<number, Finding[]> {
  const cache = LintCache.load(options.cacheLocation!, cacheKey(options.config), options.error);
  const result = lintWithCache(files, options.config, cache, options.error);
  if (process.env.KUBEWARD_DEBUG_CACHE) options.error(`kubeward: cache: ${result.read} of ${files.length} files read, ${result.linted} linted\n`);
  return result.findings;
}

function displayPathOf(file: string): string {
  return path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file;
}

/** The report of a static token, password or ABAC policy file, which the YAML linter does not read. */
function staticAuthReport(input: StaticAuthInput, config: LintConfig, displayPath: (file: string) => string): FileReport {
  const file = staticAuthFileOf(input);
  return reportOf(displayPath(input.path), input.text, file ? lintFile(file, config, RULES) : unreadableFindings(input.problem, config));
}

/**
 * The findings of the readable inputs, by index: first every file alone, to index what each defines; then each
 * again with the index, for the rules that look across files (the second pass reuses the first one's per-document
 * results). With --fix, every file is fixed (its text updated in `entries`) before any is reported.
 */
export type AnalysisListener = (displayPath: string, analysis: StreamAnalysis, workspace: WorkspaceIndex) => void;

function lintInThisThread(
  entries: readonly ReadableEntry[],
  options: Pick<LintOptions, 'config' | 'fix'>,
  onAnalysis?: AnalysisListener,
  linterFor: (entry: ReadableEntry) => StreamLinter = (entry) => new StreamLinter(RULES, hostFor(entry.input.path)),
): { findings: Map<number, Finding[]>; workspace: WorkspaceIndex } {
  const workspace = new WorkspaceIndex();
  const linted = entries.map((entry) => {
    const linter = linterFor(entry);
    workspace.setFile(entry.displayPath, linter.lint(entry.text, options.config));
    return { ...entry, linter };
  });
  if (options.fix) {
    // Fixes in one file can change what another file's cross-document findings are, so every file is fixed and
    // re-indexed before any is reported.
    for (const entry of linted) {
      if (entry.input.path === STDIN_PATH) continue;
      const findings = entry.linter.lint(entry.text, options.config, workspace).findings;
      const fixes = findings.flatMap((finding) => (finding.fixes[0]?.safety === 'safe' ? [finding.fixes[0]] : []));
      if (fixes.length === 0) continue;
      entry.text = entry.input.text = applyFixes(entry.text, fixes).text;
      writeFileSync(entry.input.path, entry.text);
      workspace.setFile(entry.displayPath, entry.linter.lint(entry.text, options.config));
    }
  }
  const findings = new Map<number, Finding[]>();
  for (const { index, linter, text, displayPath } of linted) {
    const analysis = linter.lint(text, options.config, workspace);
    onAnalysis?.(displayPath, analysis, workspace);
    findings.set(index, analysis.findings);
  }
  return { findings, workspace };
}
