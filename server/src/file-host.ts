/**
 * The file access the engine may ask for, given to it by the executables (it does none itself): whether a file
 * exists, where the linted file is, and where the user's home is. The kubeconfig rules check existence only, and
 * only inside the kubeconfig's own directory or ~/.kube.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { LintHost } from './engine/rules/define-rule';

export function fileHostFor(documentPath: string): LintHost {
  return { fileExists: (target) => existsSync(target), documentPath, homeDirectory: homedir() };
}
