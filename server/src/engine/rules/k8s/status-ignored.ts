/**
 * Explains `status` written in a manifest: for the kinds whose create strategy resets it (pkg/registry, v1.36),
 * the API server throws it away, and updates through the main resource ignore it too. A CertificateSigningRequest
 * that carries its own Approved condition is the case that matters: it reads as approved and never is.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { splitApiVersion } from '../../reference/api-catalog';
import { findPair } from '../../model/nodes';
import { defineRule } from '../define-rule';

/** group/Kind of the built-in kinds whose status the API server resets when it creates them. */
const STATUS_RESET_ON_CREATE = new Set([
  '/Namespace', '/PersistentVolume', '/PersistentVolumeClaim', '/Pod', '/ReplicationController', '/ResourceQuota', '/Service',
  'apps/DaemonSet', 'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet',
  'batch/CronJob', 'batch/Job',
  'autoscaling/HorizontalPodAutoscaler',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/PodCertificateRequest',
  'networking.k8s.io/Ingress', 'networking.k8s.io/ServiceCIDR',
  'policy/PodDisruptionBudget',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/ResourceClaim', 'resource.k8s.io/DeviceTaintRule',
  'storage.k8s.io/VolumeAttachment',
]);

export default defineRule({
  id: 'k8s/status-ignored',
  meta: {
    summary: 'status written in a manifest, which the API server discards.',
    why: 'The API server keeps status for the controllers that observe the object: it clears what a manifest writes there when it creates the object, so a status in a file describes nothing.',
    severity: 'information',
    messageSeverity: { selfApproved: 'error' },
    ineffective: true,
    scope: 'kubernetes',
    messages: {
      discarded: 'The API server discards status when it creates a {kind}; the controllers fill it in.',
      selfApproved: 'A CertificateSigningRequest cannot approve itself: the API server clears status when it creates the request, so this Approved condition never takes effect. Someone allowed to approve must do it (kubectl certificate approve).',
    },
  },
  check(doc, context) {
    const root = doc.root;
    if (!isMap(root) || !doc.readAsApiVersion || !doc.kind) return;
    const kind = doc.kind.value;
    if (!STATUS_RESET_ON_CREATE.has(`${splitApiVersion(doc.readAsApiVersion).group}/${kind}`)) return;
    const status = findPair(root, 'status');
    if (!status || !isScalar(status.key) || !isMap(status.value) || status.value.items.length === 0) return;
    const approved = kind === 'CertificateSigningRequest' ? approvals(status.value) : [];
    for (const type of approved) context.report({ at: type, messageId: 'selfApproved' });
    if (approved.length === 0) context.report({ at: status.key, messageId: 'discarded', data: { kind } });
  },
});

/** The `type` nodes of Approved conditions in a CSR's status. */
function approvals(status: YAMLMap): Scalar[] {
  const conditions = findPair(status, 'conditions')?.value;
  if (!isSeq(conditions)) return [];
  return conditions.items.flatMap((item) => {
    const type = isMap(item) ? findPair(item, 'type')?.value : undefined;
    return isScalar(type) && type.value === 'Approved' ? [type] : [];
  });
}
