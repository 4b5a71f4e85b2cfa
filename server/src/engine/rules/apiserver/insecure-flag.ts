/**
 * Flags insecure settings of the control plane's own configuration: kube-apiserver flags in its static pod
 * manifest (removed flags it will not start with, static credentials, anonymous access, permissive authorization,
 * unverified kubelet and etcd connections) and the same mistakes in a KubeletConfiguration. These files decide
 * whether every other RBAC object in the cluster means anything.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { ManifestDocument } from '../../model/document';
import { findPair } from '../../model/nodes';
import { podSpecOf } from '../../model/views/workload';
import { compareReleases } from '../../reference/api-catalog';
import { defineRule, type RuleContext } from '../define-rule';

/** Flags removed from kube-apiserver, with the release that removed them (SEMANTICS §9). */
const REMOVED: Record<string, { release: string; advice: string }> = {
  '--basic-auth-file': { release: '1.19', advice: 'Authenticate with client certificates, OIDC or a token webhook instead.' },
  '--insecure-port': { release: '1.24', advice: 'The API server serves only HTTPS on --secure-port; remove the flag.' },
  '--insecure-bind-address': { release: '1.24', advice: 'The API server serves only HTTPS on --secure-port; remove the flag.' },
  '--port': { release: '1.24', advice: 'The API server serves only HTTPS on --secure-port; remove the flag.' },
  '--address': { release: '1.24', advice: 'The API server serves only HTTPS on --bind-address; remove the flag.' },
};

const MISSING: Record<string, string> = {
  '--client-ca-file': 'client certificates are not accepted, so nodes and components cannot authenticate with them',
  '--kubelet-certificate-authority': "it does not verify the kubelet's serving certificate when it connects for logs, exec and port-forward",
};

type MessageId =
  | 'removedFlag' | 'tokenAuthFile' | 'anonymousAuth' | 'alwaysAllow' | 'missingMode' | 'missingAuthorizer' | 'missingFlag'
  | 'etcdHttp' | 'etcdNoCa' | 'kubeletAnonymous' | 'kubeletAlwaysAllow' | 'kubeletReadOnlyPort';

interface Flag {
  name: string;
  value?: string;
  node: Scalar;
}

export default defineRule<MessageId>({
  id: 'apiserver/insecure-flag',
  meta: {
    summary: 'kube-apiserver or kubelet configuration that is insecure or removed.',
    why: 'The API server and kubelet flags decide who can authenticate and whether RBAC applies at all: static credentials, anonymous access, AlwaysAllow or unverified connections undo every Role in the cluster, and a removed flag stops the API server from starting.',
    severity: 'warning',
    risk: true,
    // Its one error is about the component in the pod, which refuses to start; the API server stores the pod.
    ineffective: true,
    messageSeverity: { removedFlag: 'error' },
    scope: 'kubernetes',
    messages: {
      removedFlag: '"{flag}" was removed in Kubernetes {release}: kube-apiserver {target} refuses to start with it. {advice}',
      tokenAuthFile: '"--token-auth-file" authenticates with static tokens that never expire and change only when the API server restarts.',
      anonymousAuth: '"--anonymous-auth=true" admits requests without credentials as system:anonymous, with every permission bound to system:unauthenticated.',
      alwaysAllow: '"--authorization-mode={mode}" includes AlwaysAllow: every request that reaches it is allowed, whatever RBAC says.',
      missingMode: 'kube-apiserver runs without --authorization-mode or --authorization-config, and the default, AlwaysAllow, allows every request.',
      missingAuthorizer: '"--authorization-mode={mode}" lacks {authorizer}: {consequence}.',
      missingFlag: 'kube-apiserver runs without {flag}: {consequence}.',
      etcdHttp: '"{server}" is plain http: objects, Secrets included, travel to etcd unencrypted and etcd cannot authenticate the API server.',
      etcdNoCa: 'kube-apiserver connects to etcd without --etcd-cafile, so it does not verify that it talks to the real etcd.',
      kubeletAnonymous: 'Anonymous requests to the kubelet API are enabled: with a permissive authorization mode anyone reaching port 10250 can read pods and run commands in them.',
      kubeletAlwaysAllow: 'authorization mode AlwaysAllow lets every authenticated request to the kubelet API through, including exec into its pods.',
      kubeletReadOnlyPort: 'readOnlyPort {port} serves pods and node details over plain HTTP without authentication.',
    },
  },
  check(doc, context) {
    if (doc.apiVersion?.value === 'kubelet.config.k8s.io/v1beta1' && doc.kind?.value === 'KubeletConfiguration') {
      checkKubelet(doc, context);
      return;
    }
    for (const container of podSpecOf(doc)?.containers ?? []) {
      const command = apiServerCommand(container.node);
      if (command) checkApiServer(command.binary, command.flags, context);
    }
  },
});

function stringItems(node: unknown): Scalar[] {
  if (!isSeq(node)) return [];
  return node.items.filter((item): item is Scalar => isScalar(item) && typeof item.value === 'string');
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The kube-apiserver binary item of a container's command, and the flags of its command and args. */
function apiServerCommand(container: YAMLMap): { binary: Scalar; flags: Flag[] } | undefined {
  const command = stringItems(findPair(container, 'command')?.value);
  const args = stringItems(findPair(container, 'args')?.value);
  // `kube-apiserver …`, or `hyperkube kube-apiserver …` as older static pods have it.
  const index = command.slice(0, 2).findIndex((item) => basename(item.value as string) === 'kube-apiserver');
  if (index === -1) return undefined;
  const words = [...command.slice(index + 1), ...args];
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i].value as string;
    if (!word.startsWith('--')) continue;
    const equals = word.indexOf('=');
    if (equals !== -1) {
      flags.push({ name: word.slice(0, equals), value: word.slice(equals + 1), node: words[i] });
    } else if (i + 1 < words.length && !(words[i + 1].value as string).startsWith('-')) {
      flags.push({ name: word, value: words[i + 1].value as string, node: words[i] });
      i++;
    } else {
      flags.push({ name: word, node: words[i] });
    }
  }
  return { binary: command[index], flags };
}

function checkApiServer(binary: Scalar, flags: Flag[], context: RuleContext<MessageId>): void {
  const flag = (name: string) => flags.find((candidate) => candidate.name === name);
  const target = context.config.kubernetesVersion;
  for (const found of flags) {
    const removed = REMOVED[found.name];
    if (removed && compareReleases(target, removed.release) >= 0) {
      context.report({ at: found.node, messageId: 'removedFlag', data: { flag: found.name, release: removed.release, target, advice: removed.advice } });
    }
    if (found.name === '--token-auth-file') context.report({ at: found.node, messageId: 'tokenAuthFile' });
    if (found.name === '--anonymous-auth' && (found.value === undefined || found.value.toLowerCase() === 'true')) {
      context.report({ at: found.node, messageId: 'anonymousAuth' });
    }
  }
  const mode = flag('--authorization-mode');
  if (mode?.value !== undefined) {
    const modes = mode.value.split(',').map((item) => item.trim());
    if (modes.includes('AlwaysAllow')) context.report({ at: mode.node, messageId: 'alwaysAllow', data: { mode: mode.value } });
    else {
      if (!modes.includes('Node')) {
        context.report({ at: mode.node, messageId: 'missingAuthorizer', data: { mode: mode.value, authorizer: 'Node', consequence: 'kubelets are not limited to the Secrets and objects of the pods on their own node' } });
      }
      if (!modes.includes('RBAC')) {
        context.report({ at: mode.node, messageId: 'missingAuthorizer', data: { mode: mode.value, authorizer: 'RBAC', consequence: 'Roles and RoleBindings grant nothing' } });
      }
    }
  } else if (!flag('--authorization-config')) {
    context.report({ at: binary, messageId: 'missingMode' });
  }
  for (const [name, consequence] of Object.entries(MISSING)) {
    if (!flag(name)) context.report({ at: binary, messageId: 'missingFlag', data: { flag: name, consequence } });
  }
  const etcd = flag('--etcd-servers');
  if (etcd?.value !== undefined) {
    const servers = etcd.value.split(',').map((item) => item.trim());
    for (const server of servers) if (server.toLowerCase().startsWith('http://')) context.report({ at: etcd.node, messageId: 'etcdHttp', data: { server } });
    if (servers.some((server) => server.toLowerCase().startsWith('https://')) && !flag('--etcd-cafile')) {
      context.report({ at: etcd.node, messageId: 'etcdNoCa' });
    }
  }
}

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
}
