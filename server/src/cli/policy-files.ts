/**
 * Loads the RBAC objects of the files named with -f into a workspace index, for the access commands, and turns
 * source locations back into `file:line` for their explanations.
 */
import type { LintConfig } from '../engine/config';
import type { SourceLocation } from '../engine/reference/policy-data';
import { StreamLinter } from '../engine/linter';
import { LineIndex } from '../engine/model/line-index';
import { RULES } from '../engine/rules/index';
import { WorkspaceIndex } from '../engine/workspace';
import { collectInputs } from './files';
import { separateStaticAuthFiles, staticAuthFileOf } from './static-auth-files';

export interface LoadedPolicy {
  workspace: WorkspaceIndex;
  lines: Map<string, LineIndex>;
  errors: string[];
}

export function loadPolicy(paths: readonly string[], readStdin: () => Buffer, config: LintConfig): LoadedPolicy {
  const collected = collectInputs(paths, readStdin);
  const errors = collected.errors;
  const { yaml: inputs, staticAuth } = separateStaticAuthFiles(collected.inputs, collected.otherFiles, config);
  const workspace = new WorkspaceIndex();
  const lines = new Map<string, LineIndex>();
  for (const input of inputs) {
    if (input.text === undefined) {
      errors.push(`${input.path}: ${input.problem ?? 'could not be read'}`);
      continue;
    }
    workspace.setFile(input.path, new StreamLinter(RULES).lint(input.text, config));
    lines.set(input.path, new LineIndex(input.text));
  }
  // The ABAC policy file takes part in the answers when the workspace's kube-apiserver runs ABAC.
  for (const input of staticAuth) {
    const file = staticAuthFileOf(input);
    if (!file) continue;
    workspace.staticAuth.setAuthFile(input.path, file);
    lines.set(input.path, new LineIndex(file.text));
  }
  return { workspace, lines, errors };
}

/** `file:line` of a source location, or a note that the object is part of the built-in policy. */
export function describeSource(loaded: LoadedPolicy, source: SourceLocation | undefined): string {
  if (!source) return 'built into Kubernetes';
  const index = loaded.lines.get(source.file);
  return index ? `${source.file}:${index.positionAt(source.start).line + 1}` : source.file;
}
