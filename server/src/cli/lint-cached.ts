/**
 * `kubeward lint --cache`: lints only what the cache (lint-cache.ts) cannot answer. Unchanged files give their
 * index facts from the cache and changed ones are read; when the index built from all of them is the one the
 * cached findings were computed against, unchanged files keep their findings and only the changed ones are linted
 * with it. Otherwise every file is linted against the new index, as a run without the cache would.
 */
import type { LintConfig } from '../engine/config';
import type { Finding, StreamAnalysis, StreamLinter } from '../engine/linter';
import { factsOfDocuments, WorkspaceIndex, type FileFacts } from '../engine/workspace';
import { watchedLinter } from './lint-host';
import { contentHash, pack, unpack, valueHash } from '../cache-file';
import type { CacheEntry, LintCache } from './lint-cache';

export interface CachedLintFile {
  index: number;
  path: string;
  displayPath: string;
  text: string;
}

export interface CachedLintResult {
  findings: Map<number, Finding[]>;
  /** How many files were read (parsed and linted alone) and how many linted against the index. */
  read: number;
  linted: number;
}

interface FileState {
  file: CachedLintFile;
  hash: string;
  cached?: CacheEntry;
  analysis?: StreamAnalysis;
  linter?: StreamLinter;
  asked?: () => boolean;
  facts?: FileFacts;
  factsHash?: string;
}

export function lintWithCache(files: readonly CachedLintFile[], config: LintConfig, cache: LintCache, log: (line: string) => void): CachedLintResult {
  let read = 0;
  const states: FileState[] = files.map((file) => {
    const hash = contentHash(file.text);
    return { file, hash, cached: cache.entry(file.displayPath, hash) };
  });
  const analyse = (state: FileState) => {
    const { linter, asked } = watchedLinter(state.file.path);
    state.linter = linter;
    state.asked = asked;
    state.analysis = state.linter.lint(state.file.text, config);
    state.facts = factsOfDocuments(state.file.displayPath, state.analysis.documents);
    state.factsHash = valueHash(state.facts);
    read++;
  };
  for (const state of states) {
    if (state.cached) state.factsHash = state.cached.factsHash;
    else analyse(state);
  }
  const index = valueHash(states.map((state) => [state.file.displayPath, state.factsHash]));
  const indexUnchanged = index === cache.index;
  // The index is built only when some file is linted against it.
  let built: WorkspaceIndex | undefined;
  const workspace = (): WorkspaceIndex => {
    if (built) return built;
    built = new WorkspaceIndex();
    for (const state of states) {
      if (state.analysis) built.setFile(state.file.displayPath, state.analysis);
      else built.setFileFacts(state.file.displayPath, state.file.text, unpack<FileFacts>(state.cached!.facts));
    }
    return built;
  };
  const findings = new Map<number, Finding[]>();
  let linted = 0;
  const entries: Record<string, CacheEntry> = {};
  for (const state of states) {
    const reusable = indexUnchanged ? state.cached?.findings : undefined;
    let found: Finding[];
    if (reusable) found = reusable;
    else {
      if (!state.linter) analyse(state);
      found = state.linter!.lint(state.file.text, config, workspace()).findings;
      linted++;
    }
    findings.set(state.file.index, found);
    const machineDependent = state.asked?.() ?? !state.cached?.findings;
    const facts = state.facts ? pack(state.facts) : state.cached!.facts;
    entries[state.file.displayPath] = { hash: state.hash, facts, factsHash: state.factsHash!, ...(machineDependent ? {} : { findings: found }) };
  }
  // A run that read nothing and kept the same files leaves the cache as it was.
  if (read > 0 || linted > 0 || index !== cache.index || cache.fileCount !== states.length) cache.save(index, entries, log);
  return { findings, read, linted };
}
