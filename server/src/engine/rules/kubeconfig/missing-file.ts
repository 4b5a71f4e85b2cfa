/**
 * Flags certificate, key and token files a kubeconfig names that do not exist. kubectl resolves a relative path
 * against the directory of the kubeconfig file, and stops with "unable to read" when the file is not there.
 * The engine does no I/O: the adapter's host answers whether a path exists, and only paths inside the
 * kubeconfig's own directory or ~/.kube are looked at, so linting never probes the rest of the machine.
 */
import { fileReferences, kubeconfigDirectory, normalizePath, resolveKubeconfigFile } from '../../analysis/kubeconfig-files';
import { kubeconfigOf } from '../../model/views/kubeconfig';
import { defineRule, type LintHost } from '../define-rule';

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
    const directory = kubeconfigDirectory(host.documentPath);
    const roots = [directory, ...(host.homeDirectory ? [`${normalizePath(host.homeDirectory)}/.kube`] : [])];
    for (const { field, value } of fileReferences(config)) {
      const resolved = resolveKubeconfigFile(directory, value.value);
      // Paths outside the kubeconfig's directory and ~/.kube are not looked at unless the user asks.
      if (!roots.some((root) => resolved.startsWith(`${root}/`))) continue;
      if (exists(host, resolved)) continue;
      context.report({ at: value.node, messageId: 'missingFile', data: { field, path: value.value } });
    }
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
