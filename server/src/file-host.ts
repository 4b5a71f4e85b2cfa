/**
 * What the engine may ask of the machine, given to it by the executables (it does none itself): whether a file
 * exists, where the linted file is, where the user's home is, and the time. The kubeconfig rules check existence only, and
 * only inside the kubeconfig's own directory or ~/.kube.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { LintHost } from './engine/rules/define-rule';

export function fileHostFor(documentPath: string): LintHost {
  return { fileExists: (target) => existsSync(target), documentPath, homeDirectory: homedir(), now: new Date() };
}
