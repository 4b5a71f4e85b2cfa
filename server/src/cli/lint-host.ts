/**
 * What the engine may ask about a linted input's surroundings: files next to it and the home directory. Standard
 * input has no path, so file checks are skipped for it. A linter can be watched for whether it asked, since its
 * findings then depend on the machine and not on the text alone (the lint cache, revisions sharing linters).
 */
import path from 'node:path';
import { StreamLinter } from '../engine/linter';
import type { LintHost } from '../engine/rules/define-rule';
import { RULES } from '../engine/rules/index';
import { fileHostFor } from '../file-host';
import { STDIN_PATH } from './files';

export function hostFor(inputPath: string): LintHost | undefined {
  return inputPath === STDIN_PATH ? undefined : fileHostFor(path.resolve(inputPath));
}

/** A host that notes whether linting asked it anything that can change without the file changing. */
function watchedHost(host: LintHost | undefined): { host: LintHost | undefined; asked: () => boolean } {
  if (!host) return { host, asked: () => false };
  let asked = false;
  const watched: LintHost = {
    ...host,
    fileExists: (path) => {
      asked = true;
      return host.fileExists(path);
    },
    get now() {
      asked = true;
      return host.now;
    },
  };
  return { host: watched, asked: () => asked };
}

/** A linter for an input, and whether its linting has asked the machine anything so far. */
export function watchedLinter(inputPath: string): { linter: StreamLinter; asked: () => boolean } {
  const { host, asked } = watchedHost(hostFor(inputPath));
  return { linter: new StreamLinter(RULES, host), asked };
}
