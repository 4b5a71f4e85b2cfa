/**
 * Document links: the certificate, key and token files a kubeconfig names open the file kubectl would read (the
 * path kubeconfig/missing-file checks, see analysis/kubeconfig-files.ts), and a binding's roleRef opens the role's
 * definition in the workspace. Built-in roles and roles read from a live cluster have no file, so they get no link.
 * Offsets only: the language server converts them.
 */
import { pathToFileURL } from 'node:url';
import { Scalar } from 'yaml';
import type { StreamAnalysis } from '../engine/linter';
import { type StringValue, type TextRange } from '../engine/model/nodes';
import { fileReferences, kubeconfigDirectory, resolveKubeconfigFile } from '../engine/analysis/kubeconfig-files';
import { kubeconfigOf } from '../engine/model/views/kubeconfig';
import type { WorkspaceIndex } from '../engine/workspace';
import { CLUSTER_SCHEME } from './hover/effective-access';
import { referencedRoles } from './rbac-navigation';

export interface Link {
  /** The linked text, absolute in the stream: the path or the role's name, without quotes. */
  range: TextRange;
  /** A URI; a roleRef's carries the definition's line and column as `#L<line>,<column>`, as editors open them. */
  target: string;
  tooltip: string;
}

export interface DocumentLinkOptions {
  kubeconfigFiles: boolean;
  roleRefs: boolean;
  /**
   * The file system path of the document, for resolving a kubeconfig's relative paths; without it (an unsaved or
   * remote document) the kubeconfig's files are not linked.
   */
  documentPath?: string;
}

export function documentLinks(analysis: StreamAnalysis, workspace: WorkspaceIndex | undefined, options: DocumentLinkOptions): Link[] {
  const links: Link[] = [];
  for (const { document, offset } of analysis.documents) {
    const config = options.kubeconfigFiles && options.documentPath !== undefined ? kubeconfigOf(document) : undefined;
    if (config && options.documentPath !== undefined) {
      const directory = kubeconfigDirectory(options.documentPath);
      for (const { value } of fileReferences(config)) {
        const range = innerRange(value, offset);
        if (!range) continue;
        const file = resolveKubeconfigFile(directory, value.value);
        links.push({ range, target: pathToFileURL(file).href, tooltip: `Open ${file}` });
      }
    }
    if (options.roleRefs && workspace) {
      for (const { name, role } of referencedRoles(document, workspace)) {
        const range = innerRange(name, offset);
        if (!range || !role.source || role.source.file.startsWith(CLUSTER_SCHEME)) continue;
        const located = workspace.locate(role.source);
        if (!located) continue;
        const { line, character } = located.start;
        links.push({ range, target: `${located.file}#L${line + 1},${character + 1}`, tooltip: `Go to ${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}` });
      }
    }
  }
  return links;
}

/** The value's text without its quotes, absolute in the stream. */
function innerRange(value: StringValue, offset: number): TextRange | undefined {
  const range = value.node.range;
  if (!range) return undefined;
  const quoted = value.node.type === Scalar.QUOTE_DOUBLE || value.node.type === Scalar.QUOTE_SINGLE;
  const start = range[0] + (quoted ? 1 : 0);
  const end = range[1] - (quoted ? 1 : 0);
  return end > start ? { start: offset + start, end: offset + end } : undefined;
}
