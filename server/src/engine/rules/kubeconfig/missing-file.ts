/**
 * Flags certificate, key and token files a kubeconfig names that do not exist. kubectl resolves a relative path
 * against the directory of the kubeconfig file, and stops with "unable to read" when the file is not there.
 * The engine does no I/O: the adapter's host answers whether a path exists, and only paths inside the
 * kubeconfig's own directory or ~/.kube are looked at, so linting never probes the rest of the machine.
 */
import { clustersOf, kubeconfigOf, stringField, usersOf, type NamedEntryView } from '../../model/views/kubeconfig';
import { defineRule, type LintHost } from '../define-rule';

const CLUSTER_FILES = ['certificate-authority'];
const USER_FILES = ['client-certificate', 'client-key', 'tokenFile'];

export default defineRule({
  id: 'kubeconfig/missing-file',
  meta: {
    summary: 'Certificate, key or token file that does not exist.',
    why: 'kubectl reads these files each time the cluster or user is used, resolving relative paths against the kubeconfig\'s directory; when one is missing, every command through it fails.',
    severity: 'error',
    scope: 'manifests',
    // It depends on the file system, not only on the document, so it is re-run rather than cached with the text.
    crossDocument: true,
    messages: {
      missingFile: 'The {field} file "{path}" does not exist; kubectl reads relative paths from the directory of this kubeconfig.',
    },
  },
  check(doc, context) {
    const host = context.host;
    const config = kubeconfigOf(doc);
    if (!config || !host?.documentPath) return;
    const directory = dirname(normalize(host.documentPath));
    const roots = [directory, ...(host.homeDirectory ? [`${normalize(host.homeDirectory)}/.kube`] : [])];
    const check = (entries: NamedEntryView[], fields: string[]) => {
      for (const entry of entries) {
        for (const field of fields) {
          const value = stringField(entry.body, field);
          if (!value || value.value.trim() === '') continue;
          const resolved = resolve(directory, value.value);
          // Paths outside the kubeconfig's directory and ~/.kube are not looked at unless the user asks.
          if (!roots.some((root) => resolved.startsWith(`${root}/`))) continue;
          if (exists(host, resolved)) continue;
          context.report({ at: value.node, messageId: 'missingFile', data: { field, path: value.value } });
        }
      }
    };
    check(clustersOf(config), CLUSTER_FILES);
    check(usersOf(config), USER_FILES);
  },
});

function exists(host: LintHost, path: string): boolean {
  try {
    return host.fileExists(path);
  } catch {
    // A host that cannot tell is not evidence that the file is missing.
    return true;
  }
}

/** Forward slashes, no `.` or `..` segments, no trailing slash; Windows drive letters are kept. */
function normalize(path: string): string {
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

function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/** The path kubectl reads: absolute paths as written, relative ones against the kubeconfig's directory. */
function resolve(directory: string, path: string): string {
  return /^([A-Za-z]:)?[\\/]/.test(path) ? normalize(path) : normalize(`${directory}/${path}`);
}
