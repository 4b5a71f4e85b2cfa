/**
 * LSP handlers for the CertificateSigningRequest commands: the report on one request, whether it comes from a
 * cluster or from an open manifest.
 */
import type { Connection } from 'vscode-languageserver';
import { DescribeCsrRequest } from '../protocol';
import { csrReport } from '../services/csr-report';

export function registerCsrHandlers(connection: Connection): void {
  connection.onRequest(DescribeCsrRequest.type, ({ yaml, offset, live }) => ({ text: csrReport(yaml, { offset, live }) ?? '' }));
}
