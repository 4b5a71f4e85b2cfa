/**
 * Pull secrets that never take effect. The kubelet looks a pod's `imagePullSecrets` up in the pod's own
 * namespace and reads credentials only from `kubernetes.io/dockerconfigjson` and `kubernetes.io/dockercfg`
 * Secrets; any other Secret is skipped without a word. A pull secret whose content the kubelet cannot decode
 * (an `auth` that is not base64 of user:password, a field of the wrong JSON type) is worse: every pull of every pod
 * naming it fails. ServiceAccounts' `imagePullSecrets`, copied into their pods, are read the same way.
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { isPullSecretType, PULL_SECRET_KEYS } from '../../analysis/credentials/docker-config';
import { secretDataScalar, secretsOfFile } from '../../analysis/pod/secrets';
import type { ManifestDocument } from '../../model/document';
import { decodedString, findPair, metadataString } from '../../model/nodes';
import { podSpecOf } from '../../model/views/workload';
import { defineRule, type RuleContext } from '../define-rule';

type MessageId = 'wrongType' | 'otherNamespace' | 'notFound' | 'unreadable';

export default defineRule<MessageId>({
  id: 'pod/image-pull-secret',
  meta: {
    summary: 'An image pull secret that the kubelet never uses, or cannot read.',
    why: 'The kubelet reads pull credentials only from dockerconfigjson or dockercfg Secrets in the pod\'s own namespace and skips any other silently, so the image is pulled without them; credentials it cannot decode make every pull of the pod fail.',
    severity: 'error',
    ineffective: true,
    messageSeverity: { notFound: 'information' },
    scope: 'kubernetes',
    crossDocument: true,
    messages: {
      wrongType: 'Secret "{name}" in namespace "{namespace}" has type "{type}"; the kubelet reads pull credentials only from kubernetes.io/dockerconfigjson and kubernetes.io/dockercfg Secrets, so this entry never takes effect.',
      otherNamespace: 'The workspace defines Secret "{name}" only in {namespaces}; pull secrets are looked up in the pod\'s own namespace "{namespace}", so this entry never takes effect.',
      notFound: 'No Secret "{name}" in namespace "{namespace}" is defined in the workspace; pulls use it only if the cluster has it.',
      unreadable: 'The kubelet cannot read these pull credentials ({problem}): every image pull of a pod that names this Secret fails.',
    },
  },
  check(doc, context) {
    checkSecret(doc, context);
    const root = doc.root;
    if (isMap(root) && doc.apiVersion?.value === 'v1' && doc.kind?.value === 'ServiceAccount') {
      checkReferences(root, metadataString(root, 'namespace') || 'default', context);
      return;
    }
    const pod = podSpecOf(doc);
    if (pod) checkReferences(pod.spec, pod.namespace, context);
  },
});

function checkReferences(holder: YAMLMap, namespace: string, context: RuleContext<MessageId>): void {
  const secrets = context.workspace?.secrets;
  const list = findPair(holder, 'imagePullSecrets')?.value;
  if (!secrets || !isSeq(list)) return;
  for (const item of list.items) {
    const name = isMap(item) ? decodedString(findPair(item, 'name')?.value) : undefined;
    // The kubelet skips entries without a name; validation allows them.
    if (!name?.value) continue;
    const secret = secrets.named(namespace, name.value);
    if (secret) {
      if (!isPullSecretType(secret.type)) context.report({ at: name.node, messageId: 'wrongType', data: { name: name.value, namespace, type: secret.type } });
      continue;
    }
    const elsewhere = secrets.namespacesOf(name.value);
    if (elsewhere.length > 0) {
      const namespaces = `${elsewhere.length === 1 ? 'namespace' : 'namespaces'} ${elsewhere.map((other) => `"${other}"`).join(', ')}`;
      context.report({ at: name.node, messageId: 'otherNamespace', data: { name: name.value, namespaces, namespace } });
    } else {
      context.report({ at: name.node, messageId: 'notFound', data: { name: name.value, namespace } });
    }
  }
}

function checkSecret(doc: ManifestDocument, context: RuleContext<MessageId>): void {
  const facts = secretsOfFile([{ document: doc }])[0];
  const pull = facts?.pull;
  if (!facts || !pull || !('problem' in pull) || pull.refusedByApiServer || !isPullSecretType(facts.type)) return;
  const written = secretDataScalar(doc, PULL_SECRET_KEYS[facts.type]);
  if (written) context.report({ at: written.scalar, messageId: 'unreadable', data: { problem: pull.problem } });
}
