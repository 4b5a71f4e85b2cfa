/**
 * Finds kube-apiserver's static token, password and ABAC policy files among what the command line was given: by
 * the `files.staticAuth` globs (against the path relative to the current directory), or because a flag of a
 * kube-apiserver static pod or kubeadm configuration among the YAML inputs names them.
 */
import path from 'node:path';
import type { LintConfig } from '../engine/config';
import { staticAuthKindOf } from '../engine/analysis/static-auth/file-kind';
import { StaticAuthInventory, staticAuthFactsOf } from '../engine/analysis/static-auth/references';
import { streamDocuments } from '../engine/model/stream';
import { StaticAuthFile } from '../engine/model/static-auth-file';
import type { StaticAuthKind } from '../engine/reference/static-auth-flags';
import { readInput, STDIN_PATH, type Input } from './files';

export interface StaticAuthInput extends Input {
  kind: StaticAuthKind;
}

/**
 * Splits the inputs into YAML ones and static auth files, adding the static auth files found among `otherFiles`.
 * Globs are matched against paths relative to `root` (the current folder, or a revision's checkout).
 */
export function separateStaticAuthFiles(inputs: readonly Input[], otherFiles: readonly string[], config: LintConfig, root = process.cwd()): { yaml: Input[]; staticAuth: StaticAuthInput[] } {
  const inventory = new StaticAuthInventory();
  for (const input of inputs) {
    // Only a document that runs kube-apiserver can name such a file; the rest need not be parsed here.
    if (input.text?.includes('kube-apiserver')) inventory.setFacts(input.path, staticAuthFactsOf(streamDocuments(input.text)));
  }
  const kindOf = (file: string) => (file === STDIN_PATH ? undefined : staticAuthKindOf(path.relative(root, path.resolve(file)), config.staticAuthFiles, { file: path.resolve(file), inventory }));
  const yaml: Input[] = [];
  const staticAuth: StaticAuthInput[] = [];
  for (const input of inputs) {
    const kind = kindOf(input.path);
    if (kind) staticAuth.push({ ...input, kind });
    else yaml.push(input);
  }
  for (const file of otherFiles) {
    const kind = kindOf(file);
    if (kind) staticAuth.push({ ...readInput(file), kind });
  }
  return { yaml, staticAuth };
}

/** The parsed file, for inputs that could be read as text. */
export function staticAuthFileOf(input: StaticAuthInput): StaticAuthFile | undefined {
  return input.text === undefined ? undefined : new StaticAuthFile(input.text, input.kind);
}
