/**
 * Reads the inputs the user named: files, directories (recursively: YAML, JSON and kubeconfig files, as kubectl
 * reads a directory named with -f, and kubeadm's *.conf kubeconfigs) and `-`
 * for standard input. Bytes that are not UTF-8 are reported, not guessed at. Beside them it lists every other file
 * of the named directories by path only, for the static credential and ABAC files a kube-apiserver flag may name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Input {
  path: string;
  text?: string;
  /** Set when the input could not be read as text. */
  problem?: string;
}

/** The path standard input is reported under. */
export const STDIN_PATH = '<stdin>';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
const JSON_MANIFEST = /"(apiVersion|kind)"\s*:/;
const KUBECONFIG_TEXT = /^kind:\s*Config\s*$/m;
/** The extensions of the other files Kubeward reads: static credentials (CSV), ABAC policies (JSON lines), PEM, openssl configs. */
const OTHER_EXTENSIONS = /\.(csv|jsonl|json|crt|pem|cer|csr|key|cnf)$/i;

export function isManifestFileName(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name) || name === 'kubeconfig' || name.endsWith('.kubeconfig');
}

/**
 * Expands the named paths into the files to lint, in a stable order. A path that does not exist, or a directory
 * without a single manifest file, is a mistake on the command line and is returned in `errors`.
 */
export function collectInputs(paths: readonly string[], readStdin: () => Buffer): { inputs: Input[]; otherFiles: string[]; errors: string[] } {
  const inputs: Input[] = [];
  const otherFiles: string[] = [];
  const errors: string[] = [];
  for (const named of paths) {
    if (named === '-') {
      inputs.push(decode(STDIN_PATH, readStdin()));
      continue;
    }
    let stats;
    try {
      stats = statSync(named);
    } catch {
      errors.push(`${named}: no such file or directory`);
      continue;
    }
    if (stats.isDirectory()) {
      // JSON files found in a directory count only when they hold an object with an apiVersion or kind, so that
      // package.json and its kind are not read as manifests.
      const files = walk(named);
      // kubeadm names its kubeconfigs *.conf (admin.conf, kubelet.conf); other .conf files are left alone.
      const found = files
        .filter((file) => isManifestFileName(path.basename(file)) || file.endsWith('.conf'))
        .map(readInput)
        .filter((input) => {
          if (input.text === undefined) return !input.path.endsWith('.conf');
          if (/\.json$/i.test(input.path)) return JSON_MANIFEST.test(input.text);
          if (input.path.endsWith('.conf')) return KUBECONFIG_TEXT.test(input.text) && /^clusters:|^users:/m.test(input.text);
          return true;
        });
      const taken = new Set(found.map((input) => input.path));
      const others = files.filter((file) => !taken.has(file));
      if (found.length === 0 && !others.some((file) => OTHER_EXTENSIONS.test(file))) errors.push(`${named}: no YAML, JSON, kubeconfig, CSV, JSON-lines, PEM or openssl configuration files in this directory`);
      inputs.push(...found);
      otherFiles.push(...others);
    } else {
      inputs.push(readInput(named));
    }
  }
  return { inputs, otherFiles, errors };
}

function walk(directory: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) files.push(...walk(full));
    } else if (entry.isFile()) {
      files.push(full);
    }
  }
  return files;
}

export function readInput(file: string): Input {
  try {
    return decode(file, readFileSync(file));
  } catch (error) {
    return { path: file, problem: `Could not read the file: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}.` };
  }
}

function decode(displayPath: string, bytes: Buffer): Input {
  try {
    return { path: displayPath, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { path: displayPath, problem: 'The file is not UTF-8 text, so it cannot be a manifest Kubernetes reads; it was not analysed.' };
  }
}
