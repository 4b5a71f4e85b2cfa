/**
 * `kubeward pod-security [-n NAMESPACE] [--level LEVEL] [-f PATH]...`: every Pod and workload of the manifests with
 * the strictest Pod Security level it meets, what stands in the way of the next one, and whether the level its
 * namespace enforces (or --level, as `kubectl label --dry-run=server namespace … enforce=LEVEL` would ask) refuses
 * its pods. Exit status 1 when a workload's pods would be refused where they are going.
 */
import { parseArgs } from 'node:util';
import { POD_SECURITY_LEVELS, type LintConfig, type PodSecurityLevel } from '../engine/config';
import { buildConfig } from './config-file';
import { StreamLinter } from '../engine/linter';
import { RULES } from '../engine/rules/index';
import { WorkspaceIndex } from '../engine/workspace';
import type { AccessIo } from './access';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes';
import { collectInputs } from './files';
import { workloadAdmissions, type WorkloadAdmission } from '../services/workload-admission';

export class PodSecurityUsageError extends Error {}

const HELP = `Usage: kubeward pod-security [-n NAMESPACE] [--level LEVEL] [-f PATH]... [--format text|json] [--config FILE]

Every Pod and workload of the manifests (default: the current directory) with the strictest Pod Security level
its pods meet, what the next level needs, and whether the level enforced where it is going refuses them.

  -f, --filename PATH   Files or folders to read (repeatable)
  -n, --namespace NS    Only workloads of this namespace
  --level LEVEL         Judge every workload against this level (privileged, baseline, restricted) instead of
                        its namespace's, as "kubectl label --dry-run=server namespace NS ...enforce=LEVEL" would
  --format text|json    Output format (default: text)
  --config FILE         JSON settings, as for lint: podSecurity.defaults is the level where nothing else says

Enforced levels come from each Namespace's pod-security.kubernetes.io labels in the files, else from a
PodSecurityConfiguration among them, else podSecurity.defaults of --config (privileged, Kubernetes' default).
Exit status: 0 when nothing is refused, 1 when some workload's pods would be, 2 for a usage error.
`;

export function runPodSecurity(args: string[], io: AccessIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filename: { type: 'string', short: 'f', multiple: true }, namespace: { type: 'string', short: 'n' }, level: { type: 'string' }, format: { type: 'string', default: 'text' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.write(HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new PodSecurityUsageError(`pod-security takes no arguments; name files with -f (got "${positionals[0]}")`);
  if (values.level !== undefined && !POD_SECURITY_LEVELS.includes(values.level as PodSecurityLevel)) throw new PodSecurityUsageError(`--level must be privileged, baseline or restricted, not "${values.level}"`);
  if (values.format !== 'text' && values.format !== 'json') throw new PodSecurityUsageError(`--format must be text or json, not "${values.format}"`);
  const config = buildConfig(values.config);
  const rows = workloadRows(values.filename?.length ? values.filename : ['.'], io, config, values.level as PodSecurityLevel | undefined).filter((row) => !values.namespace || row.namespace === values.namespace);
  io.write(values.format === 'json' ? `${JSON.stringify({ workloads: rows }, null, 2)}\n` : textTable(rows));
  return rows.some((row) => row.refused.length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

function workloadRows(paths: string[], io: AccessIo, config: LintConfig, level: PodSecurityLevel | undefined): WorkloadAdmission[] {
  const { inputs, errors } = collectInputs(paths, io.readStdin);
  if (errors.length > 0) throw new PodSecurityUsageError(errors.join('; '));
  const workspace = new WorkspaceIndex();
  const analysed = inputs.flatMap((input) => {
    if (input.text === undefined) return [];
    const analysis = new StreamLinter(RULES).lint(input.text, config);
    workspace.setFile(input.path, analysis);
    return [{ path: input.path, analysis }];
  });
  return analysed.flatMap(({ path, analysis }) => workloadAdmissions(path, analysis, workspace, config, level));
}

function textTable(rows: WorkloadAdmission[]): string {
  if (rows.length === 0) return 'No Pod or workload in the manifests.\n';
  const lines = rows.map((row) => {
    const verdict = row.refused.length > 0 ? `REFUSED at ${row.enforced} (${row.refused.join(', ')})` : `admitted at ${row.enforced}`;
    const next = row.next ? `; ${row.next.level} needs: ${row.next.blocking.join(', ')}` : '';
    return `${row.kind} ${row.namespace}/${row.name} (${row.file}:${row.line}): meets ${row.meets}${next}; ${verdict}`;
  });
  return `${lines.join('\n')}\n`;
}
