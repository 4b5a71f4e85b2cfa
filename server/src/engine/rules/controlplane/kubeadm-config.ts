/**
 * kubeadm's configuration (InitConfiguration, ClusterConfiguration, JoinConfiguration and the v1beta4 Reset and
 * Upgrade kinds): what `kubeadm config validate` refuses and `kubeadm init` either refuses or ignores with a
 * warning (unknown fields), and bootstrap tokens that never expire or are written into the file.
 */
import { isKubeadmDocument, readKubeadmConfiguration } from '../../analysis/controlplane/kubeadm-config';
import { reportAt, reportDecodeProblems } from '../../analysis/controlplane/report-at';
import { record } from '../../validation/data';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'controlplane/kubeadm-config',
  meta: {
    summary: 'kubeadm configuration that kubeadm refuses or ignores in part, and bootstrap tokens that never expire or sit in the file.',
    why: 'kubeadm builds the whole control plane from this file: a field it does not know is refused by kubeadm config validate and ignored by kubeadm init, so the setting silently never applies, and a bootstrap token written here or living forever lets anyone who reads the repository join machines to the cluster as nodes.',
    severity: 'error',
    messageSeverity: { tokenNeverExpires: 'warning', tokenInFile: 'warning', deprecatedVersion: 'warning' },
    scope: 'kubernetes',
    fix: 'unsafe',
    messages: {
      refused: 'kubeadm refuses this configuration: {field} {problem}.',
      renameField: 'Rename "{key}" to "{suggestion}"',
      tokenNeverExpires: 'A bootstrap token with ttl 0 never expires: whoever has it can join machines as nodes, and get node credentials, for as long as the cluster lives.',
      tokenInFile: 'A bootstrap token written in the file is known to everyone who can read it; leave it out so that kubeadm generates one, and give it to the nodes that join out of band.',
      deprecatedVersion: 'kubeadm.k8s.io/v1beta3 is deprecated: kubeadm 1.36 still reads it with a warning; convert the file with kubeadm config migrate to v1beta4.',
    },
  },
  check(doc, context) {
    const apiVersion = doc.apiVersion?.value;
    const kind = doc.kind?.value;
    if (!isKubeadmDocument(apiVersion) || !kind) return;
    const object = record(doc.data().data);
    if (!object) return;
    const reading = readKubeadmConfiguration(apiVersion!, kind, object);
    reportDecodeProblems(doc, context, reading.problems, { refused: 'refused', renameField: 'renameField' });
    for (const warning of reading.warnings) reportAt(doc, context, warning.path, { messageId: warning.messageId });
  },
});
