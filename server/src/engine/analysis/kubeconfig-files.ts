/**
 * The files a kubeconfig names (certificate authority, client certificate and key, token file) and the paths
 * kubectl reads for them: client-go joins a relative path to the kubeconfig's directory and does not expand `~`.
 * `kubeconfig/missing-file` checks these paths and the editor links to them, so both mean the same file. Paths
 * are handled as strings, since the engine does no I/O.
 */
import { clustersOf, usersOf, type KubeconfigView } from '../model/views/kubeconfig';
import { stringField, type StringValue } from '../model/nodes';

/** File-valued fields. An exec plugin's `command` is looked up on PATH, so it is not one of them. */
const CLUSTER_FILE_FIELDS = ['certificate-authority'];
const USER_FILE_FIELDS = ['client-certificate', 'client-key', 'tokenFile'];

export interface FileReference {
  field: string;
  value: StringValue;
}

/** The non-blank file paths written in a kubeconfig's clusters and users. */
export function fileReferences(config: KubeconfigView): FileReference[] {
  const references: FileReference[] = [];
  for (const [entries, fields] of [[clustersOf(config), CLUSTER_FILE_FIELDS], [usersOf(config), USER_FILE_FIELDS]] as const) {
    for (const entry of entries) {
      for (const field of fields) {
        const value = stringField(entry.body, field);
        if (value && value.value.trim() !== '') references.push({ field, value });
      }
    }
  }
  return references;
}

/** The directory of a kubeconfig file, normalised. */
export function kubeconfigDirectory(kubeconfigPath: string): string {
  const path = normalizePath(kubeconfigPath);
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/** The path kubectl reads: absolute paths as written, relative ones against the kubeconfig's directory. */
export function resolveKubeconfigFile(directory: string, written: string): string {
  return /^([A-Za-z]:)?[\\/]/.test(written) ? normalizePath(written) : normalizePath(`${directory}/${written}`);
}

/** Forward slashes, no `.` or `..` segments, no trailing slash; Windows drive letters are kept. */
export function normalizePath(path: string): string {
  const absolute = /^([A-Za-z]:)?[\\/]/.test(path);
  const segments: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length > 1 || (segments.length === 1 && !/^[A-Za-z]:$/.test(segments[0]))) segments.pop();
      continue;
    }
    segments.push(segment);
  }
  const joined = segments.join('/');
  return absolute && !/^[A-Za-z]:/.test(path) ? `/${joined}` : joined;
}
