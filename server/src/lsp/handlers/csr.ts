/**
 * The certificate commands: the report on one CertificateSigningRequest, whether it comes from a cluster or from
 * an open manifest, the details of the certificate or request under the cursor, or of a whole PEM file, and the
 * request an openssl configuration describes.
 */
import { CertificateDetailsRequest, DescribeCsrRequest, OpensslRequestPlanRequest } from '../../protocol';
import { csrReport } from '../../services/csr-report';
import { opensslRequestPlan } from '../../services/openssl-request-plan';
import { certificateDetails, pemFileDetails } from '../../services/hover/credentials';
import type { ServerSession } from '../session';

export function registerCsr(session: ServerSession): void {
  const { connection } = session;
  connection.onRequest(DescribeCsrRequest.type, ({ yaml, offset, live }) => ({ text: csrReport(yaml, { offset, live }) ?? '' }));
  connection.onRequest(OpensslRequestPlanRequest.type, ({ text }) => opensslRequestPlan(text));
  connection.onRequest(CertificateDetailsRequest.type, async ({ uri, position }, token) => {
    // A PEM file is described whole, wherever the cursor is.
    const read = session.fileDocument(uri);
    if (read?.file.format === 'pki') return { text: pemFileDetails(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), read.file.text, new Date()) };
    const result = await session.analysed(uri, token);
    if (!result) return { text: '' };
    return { text: certificateDetails(result.analysis, result.lines.offsetAt(position), new Date()) ?? '' };
  });
}
