/**
 * `kubeward diff [--base REF] [--head REF] [PATHS...]`: what a change grants and takes away. Both revisions are
 * read through git (the head defaults to the working tree, the base to where the branch left the default branch),
 * linted and indexed with the built-in policy, and compared (revision-diff.ts).
 */
import { parseArgs } from 'node:util';
import type { LintConfig } from '../engine/config';
import { workloadAdmissions, type WorkloadAdmission } from '../services/workload-admission';
import { buildConfig } from './config-file';
import { diffMarkdown, diffText } from './diff-words';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes';
import { formatSarif } from './formatters/sarif';
import { checkOutRevision, defaultBase, workingTree, type RevisionFolder } from '../git-revision';
import { lintRevision, SharedLinters } from './lint';
import { compareRevisions, failuresOf, FAIL_ON, newFindingReports, type FailOn, type LintedRevision } from './revision-diff';

export class DiffUsageError extends Error {}

export const DIFF_HELP = `Usage: kubeward diff [--base REF] [--head REF] [PATHS...] [options]

What a change grants and takes away, between two revisions of the manifests under PATHS (default: the current
folder): per subject, the grants added and removed, with the binding and rule responsible, risky ones first;
workload pairs whose allowed ports change under the NetworkPolicies; findings new and fixed (matched by object
and path, not line, so moving a document changes nothing); workloads whose Pod Security admission changes.

  --base REF            The revision before the change (default: the merge base of HEAD with origin/HEAD,
                        origin/main, origin/master, main or master)
  --head REF            The revision after it (default: the working tree, as it is on disk)
  --format FORMAT       text (default), markdown (a pull-request comment or $GITHUB_STEP_SUMMARY), json
                        (documented in docs/diff.md) or sarif (the new findings only)
  --fail-on CONDITION   Exit with status 1 when the change brings new-error (a new error-level finding),
                        new-risk (a grant with a risky capability, or a new finding of a risk rule) or
                        any-access-gain (any subject gains anything); repeatable or comma-separated
  --config FILE         JSON settings, as for lint

Exit status: 0, or 1 when a --fail-on condition holds; 2 for a usage or git error.
`;

export interface DiffIo {
  write(text: string): void;
  error(text: string): void;
  cwd: string;
}

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

export async function runDiff(args: string[], io: DiffIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', multiple: true, default: [] },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.write(DIFF_HELP);
    return EXIT_OK;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new DiffUsageError(`--format must be text, markdown, json or sarif, not "${values.format}"`);
  const failOn = (values['fail-on'] ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  for (const condition of failOn) if (!FAIL_ON.includes(condition as FailOn)) throw new DiffUsageError(`--fail-on takes ${FAIL_ON.join(', ')}, not "${condition}"`);
  const config = buildConfig(values.config);
  const paths = positionals.length > 0 ? positionals : ['.'];
  const folders: RevisionFolder[] = [];
  try {
    const baseRef = values.base ? { commit: values.base, label: values.base } : defaultBase(io.cwd);
    folders.push(checkOutRevision(baseRef.commit, paths, io.cwd, baseRef.label));
    folders.push(values.head ? checkOutRevision(values.head, paths, io.cwd) : workingTree(io.cwd));
    // One after the other, sharing linters: most files are the same in both revisions.
    const linters = new SharedLinters();
    const base = await lintedRevision(folders[0], paths, config, linters);
    const head = await lintedRevision(folders[1], paths, config, linters);
    if (base.reports.length + head.reports.length === 0) throw new DiffUsageError(`no manifests under ${paths.join(', ')} in either revision`);
    const diff = compareRevisions(base, head);
    if (format === 'json') io.write(`${JSON.stringify(diff, null, 2)}\n`);
    else if (format === 'sarif') io.write(formatSarif(newFindingReports(base.reports, head.reports)));
    else io.write(format === 'markdown' ? diffMarkdown(diff) : diffText(diff));
    const failures = failuresOf(diff, failOn as FailOn[]);
    if (failures.length > 0) io.error(`kubeward: the change brings ${failures.join(', ')}\n`);
    return failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    for (const folder of folders) folder.dispose();
  }
}

/** One revision linted, with the Pod Security rows of its workloads. */
async function lintedRevision(folder: RevisionFolder, paths: readonly string[], config: LintConfig, linters: SharedLinters): Promise<LintedRevision> {
  const admissions: WorkloadAdmission[] = [];
  const { reports, workspace } = await lintRevision(folder.root, paths, config, linters, (file, analysis, index) => admissions.push(...workloadAdmissions(file, analysis, index, config)));
  return { revision: { label: folder.label, ...(folder.commit ? { commit: folder.commit } : {}) }, reports, workspace, admissions };
}
