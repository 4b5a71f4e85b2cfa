/**
 * What the engine may ask about a linted input's surroundings: files next to it and the home directory. Standard
 * input has no path, so file checks are skipped for it.
 */
import path from 'node:path';
import type { LintHost } from '../engine/rules/define-rule';
import { fileHostFor } from '../file-host';
import { STDIN_PATH } from './files';

export function hostFor(inputPath: string): LintHost | undefined {
  return inputPath === STDIN_PATH ? undefined : fileHostFor(path.resolve(inputPath));
}
