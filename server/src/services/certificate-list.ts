/**
 * Every certificate a set of files holds, for `kubeward certs check-expiration`: the certificates of PEM files,
 * and those embedded in manifests and kubeconfigs (kubeconfig `*-data`, Secret data, CSR `status.certificate`,
 * CA bundles), each with where it is written.
 */
import { isScalar, visit, type Scalar } from 'yaml';
import { credentialField } from '../engine/analysis/credentials/fields';
import { inspectCredential, type CertificateInfo } from '../engine/analysis/credentials/x509';
import { LineIndex } from '../engine/model/line-index';
import type { PathSegment } from '../engine/model/nodes';
import { PemFile } from '../engine/model/pem-file';
import { streamDocuments } from '../engine/model/stream';

export interface ListedCertificate {
  certificate: CertificateInfo;
  /** `file` or `file:line` (1-based) for one embedded in YAML. */
  where: string;
}

export function certificatesOfPemFile(file: string, text: string): ListedCertificate[] {
  const pem = new PemFile(text, file);
  const lines = new LineIndex(text);
  const several = pem.certificates.length > 1;
  return pem.certificates.map((item) => ({ certificate: item.certificate, where: several ? `${file}:${lines.positionAt(item.range.start).line + 1}` : file }));
}

export function certificatesOfYaml(file: string, text: string): ListedCertificate[] {
  const lines = new LineIndex(text);
  const found: ListedCertificate[] = [];
  for (const { document, offset } of streamDocuments(text)) {
    if (!document.tree) continue;
    visit(document.tree, {
      Scalar(_key, node: Scalar, ancestors) {
        if (typeof node.value !== 'string' || !node.range) return;
        const path = pathOf(ancestors, node);
        const field = path && credentialField(document, path);
        if (!field) return;
        for (const item of inspectCredential(node.value, field.form).items) {
          if (item.certificate) found.push({ certificate: item.certificate, where: `${file}:${lines.positionAt(offset + node.range[0]).line + 1}` });
        }
      },
    });
  }
  return found;
}

/** The path of a value scalar from its ancestors (maps' keys and sequences' indexes); undefined for keys. */
function pathOf(ancestors: readonly unknown[], node: Scalar): PathSegment[] | undefined {
  const path: PathSegment[] = [];
  let child: unknown = node;
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const parent = ancestors[index] as { key?: unknown; value?: unknown; items?: unknown[] };
    if (parent && 'key' in parent && 'value' in parent) {
      if (parent.key === child) return undefined;
      if (!isScalar(parent.key)) return undefined;
      path.unshift(String(parent.key.value));
    } else if (Array.isArray(parent?.items)) {
      const position = parent.items.indexOf(child);
      if (position !== -1 && !(parent.items[position] && typeof parent.items[position] === 'object' && 'key' in (parent.items[position] as object))) path.unshift(position);
    }
    child = parent;
  }
  return path;
}
