/**
 * Flags clusters reached without a verified TLS connection: an `http://` server, or `insecure-skip-tls-verify:
 * true`. Either lets anyone on the network path read the credentials kubectl sends and impersonate the API server.
 * Also flags a CA given both as a file and inline, which kubectl refuses.
 */
import { isScalar } from 'yaml';
import { clustersOf, kubeconfigOf } from '../../model/views/kubeconfig';
import { defineRule } from '../define-rule';
import { fieldOf, stringField } from '../../model/nodes';

export default defineRule({
  id: 'kubeconfig/insecure-transport',
  meta: {
    summary: 'Cluster reached over plain http or without verifying the server certificate.',
    why: 'Without TLS verification, anyone between kubectl and the API server can read the token or password kubectl sends and answer in the server\'s place.',
    severity: 'warning',
    risk: true,
    messageSeverity: { caFileAndData: 'error' },
    scope: 'manifests',
    messages: {
      plainHttp: 'Cluster "{cluster}" is reached over plain http: requests and credentials travel unencrypted and the server is not authenticated.',
      skipVerify: 'Cluster "{cluster}" skips verification of the server certificate: any server on the path can pose as the API server.',
      caFileAndData: 'Cluster "{cluster}" gives the CA both as certificate-authority and certificate-authority-data; the data would override the file, but kubectl refuses the cluster until one is removed.',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    for (const entry of clustersOf(config)) {
      const cluster = entry.name?.value ?? `#${entry.index + 1}`;
      const server = stringField(entry.body, 'server');
      if (server && /^http:\/\//i.test(server.value)) context.report({ at: server.node, messageId: 'plainHttp', data: { cluster } });
      const skip = fieldOf(entry.body, 'insecure-skip-tls-verify');
      if (skip && isScalar(skip.value) && skip.value.value === true) context.report({ at: skip.value, messageId: 'skipVerify', data: { cluster } });
      const file = stringField(entry.body, 'certificate-authority');
      const data = stringField(entry.body, 'certificate-authority-data');
      if (file && data && file.value !== '' && data.value !== '') {
        context.report({ at: fieldOf(entry.body, 'certificate-authority')!.key, messageId: 'caFileAndData', data: { cluster } });
      }
    }
  },
});
