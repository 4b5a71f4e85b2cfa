/**
 * What is wrong with a control-plane component's flags, component by component: flags a component no longer
 * starts with, flags it cannot start without, and settings that weaken the cluster. Checks that a flag is missing
 * apply only to whole command lines (static pods); kubeadm sets those flags itself, so its extraArgs are only
 * checked for the values they set.
 */
import { compareReleases } from '../../reference/api-catalog';
import type { ComponentCommand, Flag } from './component-flags';

export interface FlagFinding {
  messageId: string;
  at: 'anchor' | Flag;
  data?: Record<string, string>;
}

/** Flags removed from kube-apiserver, with the release that removed them. */
const REMOVED: Record<string, { release: string; advice: string }> = {
  '--basic-auth-file': { release: '1.19', advice: 'Authenticate with client certificates, OIDC or a token webhook instead.' },
  '--insecure-port': { release: '1.24', advice: 'The API server serves only HTTPS on --secure-port; remove the flag.' },
  '--insecure-bind-address': { release: '1.24', advice: 'The API server serves only HTTPS on --secure-port; remove the flag.' },
  '--port': { release: '1.24', advice: 'The API server serves only HTTPS on --secure-port; remove the flag.' },
  '--address': { release: '1.24', advice: 'The API server serves only HTTPS on --bind-address; remove the flag.' },
};

const APISERVER_MISSING: Record<string, string> = {
  '--client-ca-file': 'client certificates are not accepted, so nodes and components cannot authenticate with them',
  '--kubelet-certificate-authority': "it does not verify the kubelet's serving certificate when it connects for logs, exec and port-forward",
  '--audit-log-path': 'no request is written to an audit log, so nobody can tell later who did what',
};

const CONTROLLER_MANAGER_MISSING: Record<string, string> = {
  '--service-account-private-key-file': 'it signs no tokens for the token Secrets of ServiceAccounts',
  '--root-ca-file': "pods do not get the cluster's CA in their service account volume and cannot verify the API server",
};

const isTrue = (flag: Flag | undefined) => flag !== undefined && (flag.value === undefined || flag.value.toLowerCase() === 'true');
const isFalse = (flag: Flag | undefined) => flag?.value?.toLowerCase() === 'false';

export function flagFindings(command: ComponentCommand, kubernetesVersion: string): FlagFinding[] {
  // A flag given twice keeps its last value, as Go's flag parsing keeps it (list flags: see `listFlag`).
  const flag = (name: string) => command.flags.findLast((candidate) => candidate.name === name);
  const findings: FlagFinding[] = [];
  const missing = (name: string, consequence: string) => command.complete && !flag(name) && findings.push({ messageId: 'missingFlag', at: 'anchor', data: { component: command.component, flag: name, consequence } });
  switch (command.component) {
    case 'kube-apiserver':
      apiServerFindings(command, flag, kubernetesVersion, findings);
      for (const [name, consequence] of Object.entries(APISERVER_MISSING)) missing(name, consequence);
      break;
    case 'kube-controller-manager': {
      const credentials = flag('--use-service-account-credentials');
      if (isFalse(credentials) || (command.complete && !credentials)) findings.push({ messageId: 'sharedControllerIdentity', at: credentials ?? 'anchor' });
      for (const [name, consequence] of Object.entries(CONTROLLER_MANAGER_MISSING)) missing(name, consequence);
      if (command.complete && !flag('--cluster-signing-cert-file') && !flag('--cluster-signing-kube-apiserver-client-cert-file')) findings.push({ messageId: 'noClusterSigning', at: 'anchor' });
      break;
    }
    case 'kube-scheduler': {
      const profiling = flag('--profiling');
      if (isTrue(profiling) || (command.complete && !profiling)) findings.push({ messageId: 'profiling', at: profiling ?? 'anchor', data: { component: command.component } });
      const bind = flag('--bind-address');
      // In a pod of its own network namespace, every interface is only the pod's address.
      if (command.hostNetwork && (bind?.value === '0.0.0.0' || bind?.value === '::')) findings.push({ messageId: 'bindsEverywhere', at: bind, data: { component: command.component, address: bind.value } });
      break;
    }
    case 'etcd':
      for (const name of ['--client-cert-auth', '--peer-client-cert-auth']) {
        const found = flag(name);
        if (isFalse(found) || (command.complete && !found)) findings.push({ messageId: 'etcdNoClientAuth', at: found ?? 'anchor', data: { flag: name } });
      }
      for (const name of ['--auto-tls', '--peer-auto-tls']) if (isTrue(flag(name))) findings.push({ messageId: 'etcdAutoTls', at: flag(name)!, data: { flag: name } });
      for (const url of (flag('--listen-client-urls')?.value ?? '').split(',').map((item) => item.trim())) {
        if (/^http:\/\//i.test(url) && !/^http:\/\/(127\.|localhost|\[::1\])/i.test(url)) findings.push({ messageId: 'etcdPlainClients', at: flag('--listen-client-urls')!, data: { url } });
      }
      break;
  }
  return findings;
}

function apiServerFindings(command: ComponentCommand, flag: (name: string) => Flag | undefined, target: string, findings: FlagFinding[]): void {
  for (const found of command.flags) {
    const removed = REMOVED[found.name];
    if (removed && compareReleases(target, removed.release) >= 0) findings.push({ messageId: 'removedFlag', at: found, data: { flag: found.name, release: removed.release, target, advice: removed.advice } });
    if (found.name === '--token-auth-file') findings.push({ messageId: 'tokenAuthFile', at: found });
    if (found.name === '--anonymous-auth' && isTrue(found)) findings.push({ messageId: 'anonymousAuth', at: found });
    if (found.name === '--tls-min-version' && /^VersionTLS1[01]$/.test(found.value ?? '')) findings.push({ messageId: 'oldTls', at: found, data: { version: found.value ?? '' } });
  }
  // Required since Kubernetes 1.20, when service account token projection became mandatory; an external signer
  // (--service-account-signing-endpoint) stands in for both key files. The flags oracle found the key file.
  if (command.complete && compareReleases(target, '1.20') >= 0) {
    const externalSigner = flag('--service-account-signing-endpoint') !== undefined;
    for (const name of ['--service-account-issuer', '--service-account-signing-key-file', '--service-account-key-file']) {
      if (!flag(name) && (name === '--service-account-issuer' || !externalSigner)) findings.push({ messageId: 'requiredFlag', at: 'anchor', data: { flag: name } });
    }
  }
  authorizationModeFindings(command, flag, findings);
  const mode = flag('--authorization-mode');
  if (mode?.value !== undefined) {
    const written = listFlag(command, '--authorization-mode') ?? '';
    const modes = written.split(',').map((item) => item.trim());
    if (modes.includes('AlwaysAllow')) findings.push({ messageId: 'alwaysAllow', at: mode, data: { mode: written } });
    else {
      if (!modes.includes('Node')) findings.push({ messageId: 'missingAuthorizer', at: mode, data: { mode: written, authorizer: 'Node', consequence: 'kubelets are not limited to the Secrets and objects of the pods on their own node' } });
      if (!modes.includes('RBAC')) findings.push({ messageId: 'missingAuthorizer', at: mode, data: { mode: written, authorizer: 'RBAC', consequence: 'Roles and RoleBindings grant nothing' } });
    }
  } else if (command.complete && !flag('--authorization-config')) findings.push({ messageId: 'missingMode', at: 'anchor' });
  const plugins = flag('--enable-admission-plugins');
  const disabled = flag('--disable-admission-plugins')?.value?.split(',').map((item) => item.trim()) ?? [];
  const enabled = plugins?.value?.split(',').map((item) => item.trim()) ?? [];
  if (disabled.includes('NodeRestriction')) findings.push({ messageId: 'noNodeRestriction', at: flag('--disable-admission-plugins')! });
  else if ((plugins || command.complete) && !enabled.includes('NodeRestriction')) findings.push({ messageId: 'noNodeRestriction', at: plugins ?? 'anchor' });
  const etcd = flag('--etcd-servers');
  if (etcd?.value !== undefined) {
    const servers = etcd.value.split(',').map((item) => item.trim());
    for (const server of servers) if (server.toLowerCase().startsWith('http://')) findings.push({ messageId: 'etcdHttp', at: etcd, data: { server } });
    if (command.complete && servers.some((server) => server.toLowerCase().startsWith('https://')) && !flag('--etcd-cafile')) findings.push({ messageId: 'etcdNoCa', at: etcd });
  }
}

/**
 * The value of a list flag such as --authorization-mode: given more than once, Go's list flags add each value to
 * the list (`--authorization-mode=RBAC --authorization-mode=Node` is RBAC,Node); undefined when absent.
 */
export function listFlag(command: ComponentCommand, name: string): string | undefined {
  const values = command.flags.filter((candidate) => candidate.name === name).map((found) => found.value ?? '');
  return values.length === 0 ? undefined : values.join(',');
}

const AUTHORIZATION_MODES = ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'];
/** What kubeadm passes when its extraArgs leave --authorization-mode out. */
const KUBEADM_MODES = 'Node,RBAC';

/**
 * The combinations of authorization flags kube-apiserver refuses to start with, checked as its options are: the
 * mode list read as CSV (so `ABAC, RBAC` names " RBAC", which is no mode), each ABAC or Webhook mode needing its
 * file and each file its mode, no mode twice, and --authorization-config alone.
 */
function authorizationModeFindings(command: ComponentCommand, flag: (name: string) => Flag | undefined, findings: FlagFinding[]): void {
  const mode = flag('--authorization-mode');
  const refuse = (at: Flag | 'anchor', problem: string) => findings.push({ messageId: 'authorizationRefused', at, data: { problem } });
  if (flag('--authorization-config')) {
    const legacy = command.flags.find((found) => found.name === '--authorization-mode' || found.name.startsWith('--authorization-webhook-'));
    if (legacy) refuse(legacy, `${legacy.name} cannot be given with --authorization-config`);
    return;
  }
  const written = listFlag(command, '--authorization-mode') ?? (command.complete ? undefined : KUBEADM_MODES);
  if (written === undefined) return;
  const modes = written === '' ? [] : written.split(',');
  const at = mode ?? 'anchor';
  if (modes.length === 0) refuse(at, 'at least one authorization mode is needed');
  for (const name of modes.filter((candidate) => !AUTHORIZATION_MODES.includes(candidate))) refuse(at, `"${name}" is not an authorization mode (${AUTHORIZATION_MODES.join(', ')})`);
  if (new Set(modes).size !== modes.length) refuse(at, 'a mode is named more than once');
  const pairs: [string, string][] = [['ABAC', '--authorization-policy-file'], ['Webhook', '--authorization-webhook-config-file']];
  for (const [name, fileFlag] of pairs) {
    const file = flag(fileFlag);
    if (modes.includes(name) && !file?.value) refuse(at, `mode ${name} needs ${fileFlag}`);
    if (file?.value && !modes.includes(name)) refuse(file, `${fileFlag} is given but --authorization-mode does not name ${name}`);
  }
}
