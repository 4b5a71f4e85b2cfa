/**
 * The Pod Security oracle's generator: pods (and Deployments carrying the same pod as a template) that touch every
 * check of the Pod Security Standards, at pod and container level, in init containers too, with compliant values,
 * violating ones and their edge cases (lower-case `all`, `Localhost` seccomp, safe and unsafe sysctls, every volume
 * type, hosts in probes and hooks, SELinux types, AppArmor fields and annotations, `hostUsers: false`, Windows
 * pods), sent to namespaces labelled with each level and with versions pinned across the releases where checks
 * changed.
 */
import { chance, pick, type Data, type Random } from './validation-data';

/** Namespaces by enforced level and pinned version; the warn level follows the enforce level. */
export const PSA_NAMESPACES: { name: string; level: 'baseline' | 'restricted'; version: string }[] = (['baseline', 'restricted'] as const).flatMap((level) =>
  ['latest', 'v1.0', 'v1.18', 'v1.21', 'v1.22', 'v1.24', 'v1.26', 'v1.28', 'v1.30', 'v1.31', 'v1.33', 'v1.34', 'v1.35'].map((version) => ({
    name: `psa-${level}-${version.replace('.', '-')}`,
    level,
    version,
  })),
);

export interface PsaCase {
  index: number;
  namespace: string;
  pod: Data;
  mutations: string[];
}

const CAPABILITIES = ['ALL', 'all', 'NET_BIND_SERVICE', 'NET_RAW', 'SYS_ADMIN', 'CHOWN', 'KILL', 'AUDIT_WRITE', 'SYS_TIME'];
const SECCOMP: Data[] = [{ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'profiles/audit.json' }, { type: 'Unconfined' }];
const APPARMOR: Data[] = [{ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'k8s-default' }, { type: 'Unconfined' }];
const SELINUX: Data[] = [{ type: 'container_t' }, { type: 'container_init_t' }, { type: 'container_engine_t' }, { type: 'spc_t' }, { user: 'system_u' }, { role: 'system_r' }, { level: 's0:c123,c456' }, {}];
const SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_fin_timeout', 'kernel.msgmax', 'net.core.somaxconn', 'kernel.shmmax',
];
const VOLUMES: Data[] = [
  { emptyDir: {} },
  { configMap: { name: 'settings' } },
  { secret: { secretName: 'tls' } },
  { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
  { projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
  { persistentVolumeClaim: { claimName: 'data' } },
  { csi: { driver: 'secrets-store.csi.k8s.io' } },
  { ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
  { hostPath: { path: '/var/log' } },
  { nfs: { server: 'nfs.example.com', path: '/exports' } },
  { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } },
  { cephfs: { monitors: ['10.0.0.1:6789'] } },
  { fc: { targetWWNs: ['500a0982991b8dc5'], lun: 2 } },
  { azureFile: { secretName: 'azure', shareName: 'share' } },
  { rbd: { monitors: ['10.0.0.1:6789'], image: 'foo' } },
];

/** Changes to one container's securityContext (or its ports, probes and hooks). */
const CONTAINER_MUTATIONS: [string, (container: Data, random: Random) => void][] = [
  ['privileged', (c, r) => (context(c).privileged = pick(r, [true, false]))],
  ['allowPrivilegeEscalation', (c, r) => (context(c).allowPrivilegeEscalation = pick(r, [true, false]))],
  ['capabilities', (c, r) => (context(c).capabilities = { ...(chance(r, 0.7) ? { drop: [pick(r, CAPABILITIES)] } : {}), ...(chance(r, 0.5) ? { add: [pick(r, CAPABILITIES)] } : {}) })],
  ['runAsNonRoot', (c, r) => (context(c).runAsNonRoot = pick(r, [true, false]))],
  ['runAsUser', (c, r) => (context(c).runAsUser = pick(r, [0, 1000]))],
  ['seccompProfile', (c, r) => (context(c).seccompProfile = structuredClone(pick(r, SECCOMP)))],
  ['appArmorProfile', (c, r) => (context(c).appArmorProfile = structuredClone(pick(r, APPARMOR)))],
  ['seLinuxOptions', (c, r) => (context(c).seLinuxOptions = structuredClone(pick(r, SELINUX)))],
  ['procMount', (c, r) => (context(c).procMount = pick(r, ['Default', 'Unmasked']))],
  ['hostPort', (c, r) => (c.ports = [{ containerPort: 8080, hostPort: pick(r, [8080, 9090]) }])],
  ['probeHost', (c, r) => (c[pick(r, ['livenessProbe', 'readinessProbe', 'startupProbe'])] = { [pick(r, ['httpGet', 'tcpSocket'])]: { port: 8080, host: pick(r, ['10.0.0.1', 'example.com']) } })],
  ['lifecycleHost', (c, r) => (c.lifecycle = { [pick(r, ['postStart', 'preStop'])]: { httpGet: { port: 8080, host: '10.0.0.1' } } })],
];

function context(owner: Data): Data {
  return (owner.securityContext ??= {}) as Data;
}

/** Changes to the pod spec or metadata. */
const POD_MUTATIONS: [string, (pod: Data, random: Random) => void][] = [
  ['hostNamespace', (p, r) => (spec(p)[pick(r, ['hostNetwork', 'hostPID', 'hostIPC'])] = pick(r, [true, false]))],
  ['hostUsers', (p) => (spec(p).hostUsers = false)],
  ['podRunAsNonRoot', (p, r) => (context(spec(p)).runAsNonRoot = pick(r, [true, false]))],
  ['podRunAsUser', (p, r) => (context(spec(p)).runAsUser = pick(r, [0, 1000]))],
  ['podSeccomp', (p, r) => (context(spec(p)).seccompProfile = structuredClone(pick(r, SECCOMP)))],
  ['podAppArmor', (p, r) => (context(spec(p)).appArmorProfile = structuredClone(pick(r, APPARMOR)))],
  ['podSeLinux', (p, r) => (context(spec(p)).seLinuxOptions = structuredClone(pick(r, SELINUX)))],
  ['sysctls', (p, r) => (context(spec(p)).sysctls = [{ name: pick(r, SYSCTLS), value: '1' }])],
  ['volume', (p, r) => (spec(p).volumes = [{ name: 'vol', ...structuredClone(pick(r, VOLUMES)) }])],
  ['seccompAnnotation', (p, r) => (annotations(p)[pick(r, ['seccomp.security.alpha.kubernetes.io/pod', 'container.seccomp.security.alpha.kubernetes.io/app'])] = pick(r, ['runtime/default', 'unconfined', 'localhost/profile.json', 'docker/default']))],
  ['appArmorAnnotation', (p, r) => (annotations(p)['container.apparmor.security.beta.kubernetes.io/app'] = pick(r, ['runtime/default', 'unconfined', 'localhost/k8s-default']))],
  ['initContainer', (p) => (spec(p).initContainers = [{ name: 'init', image: 'busybox:1.36', command: ['true'] }])],
  ['windows', (p) => (spec(p).os = { name: 'windows' })],
];

function spec(pod: Data): Data {
  return pod.spec as Data;
}

function annotations(pod: Data): Data {
  const metadata = pod.metadata as Data;
  return (metadata.annotations ??= {}) as Data;
}

/** A pod that meets restricted, with a chance of a second container. */
function compliantPod(random: Random, name: string, namespace: string): Data {
  const container = (containerName: string): Data => ({
    name: containerName,
    image: 'registry.example.com/app:1.0',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  });
  const pod: Data = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { app: 'app' } }, spec: { containers: [container('app'), ...(chance(random, 0.3) ? [container('sidecar')] : [])] } };
  // Half the pods start bare, as most manifests do.
  if (chance(random, 0.5)) for (const item of spec(pod).containers as Data[]) delete item.securityContext;
  return pod;
}

export function generatePsaCase(random: Random, index: number): PsaCase {
  const namespace = pick(random, PSA_NAMESPACES).name;
  const pod = compliantPod(random, `psa-${index}`, namespace);
  const mutations: string[] = [];
  const count = pick(random, [0, 1, 1, 2, 2, 3]);
  for (let step = 0; step < count; step++) {
    if (chance(random, 0.5)) {
      const [name, apply] = pick(random, POD_MUTATIONS);
      apply(pod, random);
      mutations.push(name);
    } else {
      const all = [...((spec(pod).initContainers as Data[]) ?? []), ...(spec(pod).containers as Data[])];
      const [name, apply] = pick(random, CONTAINER_MUTATIONS);
      const target = pick(random, all);
      apply(target, random);
      mutations.push(`${name} on ${String(target.name)}`);
    }
  }
  return { index, namespace, pod, mutations };
}

/** The same pod as the template of a Deployment, which the API server admits and warns about. */
export function asDeployment(pod: Data): Data {
  const metadata = pod.metadata as Data;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: metadata.name, namespace: metadata.namespace },
    spec: { selector: { matchLabels: metadata.labels }, template: { metadata: { labels: metadata.labels, ...(metadata.annotations ? { annotations: metadata.annotations } : {}) }, spec: pod.spec } },
  };
}
