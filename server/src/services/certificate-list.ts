/**
 * Every certificate a set of files holds, for `kubeward certs check-expiration`: the certificates of PEM files,
 * and those embedded in manifests and kubeconfigs (kubeconfig `*-data`, Secret data, CSR `status.certificate`,
 * CA bundles), each with where it is written.
 */
import { visit, type Scalar } from 'yaml';
import { credentialField } from '../engine/analysis/credentials/fields';
import { inspectCredential, type CertificateInfo } from '../engine/analysis/credentials/x509';
import { LineIndex } from '../engine/model/line-index';
import { nodeAtOffset } from '../engine/model/nodes';
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
      Scalar(_key, node: Scalar) {
        if (typeof node.value !== 'string' || !node.range) return;
        // The path of a value; a key (or a scalar inside a flow key) has none that names a credential.
        const target = nodeAtOffset(document.root, node.range[0]);
        const field = target && target.node === node && !target.onKey && credentialField(document, target.path);
        if (!field) return;
        for (const item of inspectCredential(node.value, field.form).items) {
          if (item.certificate) found.push({ certificate: item.certificate, where: `${file}:${lines.positionAt(offset + node.range[0]).line + 1}` });
        }
      },
    });
  }
  return found;
}
