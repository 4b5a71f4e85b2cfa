/**
 * Flags insecure or impossible settings of the control plane's components: the command lines of kube-apiserver,
 * kube-controller-manager, kube-scheduler and etcd in static pod manifests, the extraArgs of a kubeadm
 * ClusterConfiguration, and a KubeletConfiguration. Flags a component will not start with (removed ones) or
 * without (kube-apiserver's service account issuer and signing key) are errors; settings that undo authentication
 * or authorization are warnings. Formerly apiserver/insecure-flag, which still names it.
 */
import { isMap, isScalar, type Scalar } from 'yaml';
import { componentCommands } from '../../analysis/controlplane/component-flags';
import { flagFindings } from '../../analysis/controlplane/flag-checks';
import type { ManifestDocument } from '../../model/document';
import { findPair } from '../../model/nodes';
import { defineRule, type RuleContext } from '../define-rule';

const MESSAGES = {
  removedFlag: '"{flag}" was removed in Kubernetes {release}: kube-apiserver {target} refuses to start with it. {advice}',
  requiredFlag: 'kube-apiserver refuses to start without {flag}: it signs and checks service account tokens with it.',
  tokenAuthFile: '"--token-auth-file" authenticates with static tokens that never expire and change only when the API server restarts.',
  anonymousAuth: '"--anonymous-auth=true" admits requests without credentials as system:anonymous, with every permission bound to system:unauthenticated.',
  alwaysAllow: '"--authorization-mode={mode}" includes AlwaysAllow: every request that reaches it is allowed, whatever RBAC says.',
  missingMode: 'kube-apiserver runs without --authorization-mode or --authorization-config, and the default, AlwaysAllow, allows every request.',
  missingAuthorizer: '"--authorization-mode={mode}" lacks {authorizer}: {consequence}.',
  authorizationRefused: 'kube-apiserver refuses to start: {problem}.',
  missingFlag: '{component} runs without {flag}: {consequence}.',
  noNodeRestriction: 'The NodeRestriction admission plugin is not enabled: a kubelet can change any Node object and the labels that steer workloads to nodes, not only its own.',
  oldTls: '"--tls-min-version={version}" accepts TLS versions with known weaknesses; use VersionTLS12 or later.',
  etcdHttp: '"{server}" is plain http: objects, Secrets included, travel to etcd unencrypted and etcd cannot authenticate the API server.',
  etcdNoCa: 'kube-apiserver connects to etcd without --etcd-cafile, so it does not verify that it talks to the real etcd.',
  sharedControllerIdentity: 'kube-controller-manager runs without --use-service-account-credentials=true: every controller acts with its own all-powerful identity instead of a service account with only what that controller needs.',
  noClusterSigning: 'kube-controller-manager has no --cluster-signing-cert-file: CertificateSigningRequests for the built-in signers are approved but never signed.',
  profiling: '{component} serves /debug/pprof profiling (on unless --profiling=false), which exposes details of the running component.',
  bindsEverywhere: '{component} listens on {address}, every interface of the node (it shares the node\'s network), rather than on the loopback address.',
  etcdNoClientAuth: 'etcd runs without {flag}=true: it serves whoever connects, without asking for a client certificate.',
  etcdAutoTls: '"{flag}=true" makes etcd use a self-signed certificate that clients and peers cannot verify.',
  etcdPlainClients: 'etcd listens for clients on "{url}" over plain http on an address other hosts can reach.',
  kubeletAnonymous: 'Anonymous requests to the kubelet API are enabled: with a permissive authorization mode anyone reaching port 10250 can read pods and run commands in them.',
  kubeletAlwaysAllow: 'authorization mode AlwaysAllow lets every authenticated request to the kubelet API through, including exec into its pods.',
  kubeletReadOnlyPort: 'readOnlyPort {port} serves pods and node details over plain HTTP without authentication.',
  kubeletNoWebhook: 'authentication.webhook.enabled is false: the kubelet cannot check bearer tokens with the API server, so service accounts and users with tokens cannot reach it securely.',
  kubeletNoClientCa: 'The kubelet has no authentication.x509.clientCAFile: it accepts no client certificates, including the API server\'s.',
  kubeletNoRotation: 'rotateCertificates is false: the kubelet\'s client certificate is not renewed and the node drops out when it expires.',
} as const;

type MessageId = keyof typeof MESSAGES;

export default defineRule<MessageId>({
  id: 'controlplane/insecure-flag',
  meta: {
    summary: 'Control-plane component or kubelet flags that are insecure, removed or missing.',
    why: 'The flags of kube-apiserver, the controller manager, the scheduler, etcd and the kubelet decide who can authenticate, whether RBAC applies at all and how the components trust each other; a removed or missing required flag stops a component from starting.',
    severity: 'warning',
    risk: true,
    // Its errors are about the component in the pod, which refuses to start; the API server stores the pod.
    ineffective: true,
    messageSeverity: { removedFlag: 'error', requiredFlag: 'error', authorizationRefused: 'error' },
    scope: 'kubernetes',
    messages: MESSAGES,
  },
  check(doc, context) {
    if (doc.apiVersion?.value === 'kubelet.config.k8s.io/v1beta1' && doc.kind?.value === 'KubeletConfiguration') {
      checkKubelet(doc, context);
      return;
    }
    for (const command of componentCommands(doc)) {
      for (const finding of flagFindings(command, context.config.kubernetesVersion)) {
        context.report({ at: finding.at === 'anchor' ? command.anchor : finding.at.node, messageId: finding.messageId as MessageId, ...(finding.data ? { data: finding.data } : {}) });
      }
    }
  },
});

function checkKubelet(doc: ManifestDocument, context: RuleContext<MessageId>): void {
  const root = doc.root;
  if (!isMap(root)) return;
  const at = (path: string[]): Scalar | undefined => {
    let node: unknown = root;
    for (const key of path) node = isMap(node) ? findPair(node, key)?.value : undefined;
    return isScalar(node) ? node : undefined;
  };
  const anonymous = at(['authentication', 'anonymous', 'enabled']);
  if (anonymous?.value === true) context.report({ at: anonymous, messageId: 'kubeletAnonymous' });
  const mode = at(['authorization', 'mode']);
  if (mode?.value === 'AlwaysAllow') context.report({ at: mode, messageId: 'kubeletAlwaysAllow' });
  const port = at(['readOnlyPort']);
  if (typeof port?.value === 'number' && port.value !== 0) context.report({ at: port, messageId: 'kubeletReadOnlyPort', data: { port: port.value } });
  const webhook = at(['authentication', 'webhook', 'enabled']);
  if (webhook?.value === false) context.report({ at: webhook, messageId: 'kubeletNoWebhook' });
  if (!at(['authentication', 'x509', 'clientCAFile'])?.value && doc.kind) context.report({ at: doc.kind.node, messageId: 'kubeletNoClientCa' });
  const rotation = at(['rotateCertificates']);
  if (rotation?.value === false) context.report({ at: rotation, messageId: 'kubeletNoRotation' });
}
