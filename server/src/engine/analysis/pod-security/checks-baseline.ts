/**
 * The baseline Pod Security checks, ported by meaning from k8s.io/pod-security-admission v0.36 (policy/check_*.go).
 * Each answers undefined when the pod passes, or the reason and detail the admission plugin writes, with the places
 * in the pod to change. Versions are the Kubernetes minor releases from which a variant applies.
 */
import { isSet, list, record, text, type Data } from '../../validation/data';
import type { PathSegment } from '../../model/nodes';
import { containersOf, inUserNamespace, joinQuote, pluralize, securityContext, sortedSet, type PodData } from './pod-data';

export interface Violation {
  reason: string;
  detail: string;
  /** Where to change the pod: paths from the pod object (`spec.containers[0].securityContext.privileged`). */
  places: PathSegment[][];
}

export type CheckFn = (pod: PodData) => Violation | undefined;

export interface CheckDefinition {
  id: string;
  level: 'baseline' | 'restricted';
  /** Variants by the minor release they apply from, oldest first. */
  versions: { from: number; check: CheckFn; overrides?: string[] }[];
}

const containers = (names: readonly string[]) => `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
const settersOf = (pod: boolean, names: readonly string[]) => [...(pod ? ['pod'] : []), ...(names.length > 0 ? [containers(names)] : [])].join(' and ');

const privileged: CheckFn = ({ spec }) => {
  const bad = containersOf(spec).filter(({ container }) => securityContext(container)?.privileged === true);
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containers(bad.map((entry) => entry.name))} must not set securityContext.privileged=true`,
    places: bad.map((entry) => [...entry.path, 'securityContext', 'privileged']),
  };
};

const hostNamespaces: CheckFn = ({ spec }) => {
  const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => spec[field] === true);
  if (set.length === 0) return undefined;
  return { reason: 'host namespaces', detail: set.map((field) => `${field}=true`).join(', '), places: set.map((field) => ['spec', field]) };
};

const hostPathVolumes: CheckFn = ({ spec }) => {
  const volumes = (list(spec.volumes) ?? []).map((item, index) => ({ volume: record(item), index })).filter(({ volume }) => volume && isSet(volume.hostPath));
  if (volumes.length === 0) return undefined;
  const names = volumes.map(({ volume }) => text(volume?.name) ?? '');
  return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`, places: volumes.map(({ index }) => ['spec', 'volumes', index, 'hostPath']) };
};

const hostPorts: CheckFn = ({ spec }) => {
  const bad: string[] = [];
  const ports: string[] = [];
  const places: PathSegment[][] = [];
  for (const entry of containersOf(spec)) {
    const used = (list(entry.container.ports) ?? []).map((item, index) => ({ port: record(item)?.hostPort, index })).filter(({ port }) => typeof port === 'number' && port !== 0);
    if (used.length === 0) continue;
    bad.push(entry.name);
    for (const { port, index } of used) {
      ports.push(String(port));
      places.push([...entry.path, 'ports', index, 'hostPort']);
    }
  }
  if (bad.length === 0) return undefined;
  const forbidden = sortedSet(ports);
  return { reason: 'hostPort', detail: `${containers(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', forbidden.length)} ${forbidden.join(', ')}`, places };
};

const DEFAULT_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

const capabilitiesBaseline: CheckFn = ({ spec }) => {
  const bad: string[] = [];
  const added: string[] = [];
  const places: PathSegment[][] = [];
  for (const entry of containersOf(spec)) {
    const capabilities = record(securityContext(entry.container)?.capabilities);
    const forbidden = (list(capabilities?.add) ?? []).map((item, index) => ({ name: text(item) ?? '', index })).filter(({ name }) => !DEFAULT_CAPABILITIES.has(name));
    if (forbidden.length === 0) continue;
    bad.push(entry.name);
    for (const { name, index } of forbidden) {
      added.push(name);
      places.push([...entry.path, 'securityContext', 'capabilities', 'add', index]);
    }
  }
  if (bad.length === 0) return undefined;
  return { reason: 'non-default capabilities', detail: `${containers(bad)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`, places };
};

export const procMount: CheckFn = ({ spec }) => {
  const bad = containersOf(spec).filter(({ container }) => {
    const value = securityContext(container)?.procMount;
    return isSet(value) && value !== 'Default';
  });
  if (bad.length === 0) return undefined;
  const types = sortedSet(bad.map(({ container }) => text(securityContext(container)?.procMount) ?? ''));
  return {
    reason: 'procMount',
    detail: `${containers(bad.map((entry) => entry.name))} must not set securityContext.procMount to ${joinQuote(types)}`,
    places: bad.map((entry) => [...entry.path, 'securityContext', 'procMount']),
  };
};

/** procMount from 1.35: anything goes in a pod with its own user namespace. */
const procMountRelaxed: CheckFn = (pod) => (inUserNamespace(pod.spec) ? undefined : procMount(pod));

const SECCOMP_ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_ANNOTATION_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const validSeccompAnnotation = (value: string) => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
export const validSeccompType = (type: unknown) => type === 'Localhost' || type === 'RuntimeDefault';

/** Before 1.19 seccomp was set by annotations. */
const seccompBaselineAnnotations: CheckFn = ({ metadata, spec }) => {
  const annotations = record(metadata.annotations) ?? {};
  const keys = [SECCOMP_ANNOTATION_POD, ...containersOf(spec).map((entry) => SECCOMP_ANNOTATION_CONTAINER + entry.name)];
  // A key written with no value is there, with the empty value.
  const valueOf = (key: string) => text(annotations[key]);
  const bad = keys.filter((key) => Object.hasOwn(annotations, key) && valueOf(key) !== undefined && !validSeccompAnnotation(valueOf(key) ?? ''));
  if (bad.length === 0) return undefined;
  const forbidden = sortedSet(bad.map((key) => `${key}=${JSON.stringify(valueOf(key))}`));
  return { reason: 'seccompProfile', detail: `forbidden ${pluralize('annotation', 'annotations', forbidden.length)} ${forbidden.join(', ')}`, places: bad.map((key) => ['metadata', 'annotations', key]) };
};

const seccompBaseline: CheckFn = ({ spec }) => {
  const podProfile = record(securityContext(spec)?.seccompProfile);
  const podBad = podProfile !== undefined && !validSeccompType(podProfile.type);
  const bad = containersOf(spec).filter(({ container }) => {
    const profile = record(securityContext(container)?.seccompProfile);
    return profile !== undefined && !validSeccompType(profile.type);
  });
  if (!podBad && bad.length === 0) return undefined;
  const values = sortedSet([...(podBad ? [text(podProfile?.type) ?? ''] : []), ...bad.map(({ container }) => text(record(securityContext(container)?.seccompProfile)?.type) ?? '')]);
  return {
    reason: 'seccompProfile',
    detail: `${settersOf(podBad, bad.map((entry) => entry.name))} must not set securityContext.seccompProfile.type to ${joinQuote(values)}`,
    places: [...(podBad ? [['spec', 'securityContext', 'seccompProfile', 'type']] : []), ...bad.map((entry) => [...entry.path, 'securityContext', 'seccompProfile', 'type'])],
  };
};

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES, 'container_engine_t']);

const seLinuxOptions =
  (allowed: ReadonlySet<string>): CheckFn =>
  ({ spec }) => {
    const types: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (options: Data | undefined) => {
      if (!options) return true;
      const type = text(options.type) ?? '';
      const user = text(options.user) ?? '';
      const role = text(options.role) ?? '';
      if (!allowed.has(type)) types.push(type);
      setUser ||= user.length > 0;
      setRole ||= role.length > 0;
      return allowed.has(type) && user.length === 0 && role.length === 0;
    };
    const podBad = !valid(record(securityContext(spec)?.seLinuxOptions));
    const bad = containersOf(spec).filter(({ container }) => !valid(record(securityContext(container)?.seLinuxOptions)));
    if (!podBad && bad.length === 0) return undefined;
    const data = [
      ...(types.length > 0 ? [`${pluralize('type', 'types', sortedSet(types).length)} ${joinQuote(sortedSet(types))}`] : []),
      ...(setUser ? ['user may not be set'] : []),
      ...(setRole ? ['role may not be set'] : []),
    ];
    return {
      reason: 'seLinuxOptions',
      detail: `${settersOf(podBad, bad.map((entry) => entry.name))} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      places: [...(podBad ? [['spec', 'securityContext', 'seLinuxOptions']] : []), ...bad.map((entry) => [...entry.path, 'securityContext', 'seLinuxOptions'])],
    };
  };

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const allowedAppArmorAnnotation = (value: string) => value.length === 0 || value === 'runtime/default' || value.startsWith('localhost/');
const allowedAppArmorType = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';

const appArmorProfile: CheckFn = ({ metadata, spec }) => {
  const podProfile = record(securityContext(spec)?.appArmorProfile);
  const podBad = podProfile !== undefined && !allowedAppArmorType(podProfile.type);
  const bad = containersOf(spec).filter(({ container }) => {
    const profile = record(securityContext(container)?.appArmorProfile);
    return profile !== undefined && !allowedAppArmorType(profile.type);
  });
  const values = sortedSet([...(podBad ? [text(podProfile?.type) ?? ''] : []), ...bad.map(({ container }) => text(record(securityContext(container)?.appArmorProfile)?.type) ?? '')]);
  const annotations = Object.entries(record(metadata.annotations) ?? {}).filter(
    ([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && typeof value === 'string' && !allowedAppArmorAnnotation(value),
  );
  const setters = [...(podBad ? ['pod'] : []), ...(bad.length > 0 ? [containers(bad.map((entry) => entry.name))] : []), ...(annotations.length > 0 ? [pluralize('annotation', 'annotations', annotations.length)] : [])];
  if (setters.length === 0) return undefined;
  const listed = [...values, ...annotations.map(([key, value]) => `${key}=${JSON.stringify(value)}`).sort()];
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', listed.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(listed)}`,
    places: [
      ...(podBad ? [['spec', 'securityContext', 'appArmorProfile', 'type']] : []),
      ...bad.map((entry) => [...entry.path, 'securityContext', 'appArmorProfile', 'type']),
      ...annotations.map(([key]) => ['metadata', 'annotations', key]),
    ],
  };
};

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

const sysctls =
  (allowed: readonly string[]): CheckFn =>
  ({ spec }) => {
    const bad = (list(securityContext(spec)?.sysctls) ?? []).map((item, index) => ({ name: text(record(item)?.name) ?? '', index })).filter(({ name }) => !allowed.includes(name));
    if (bad.length === 0) return undefined;
    return { reason: 'forbidden sysctls', detail: bad.map(({ name }) => name).join(', '), places: bad.map(({ index }) => ['spec', 'securityContext', 'sysctls', index, 'name']) };
  };

const windowsHostProcess: CheckFn = ({ spec }) => {
  const hostProcess = (owner: Data) => record(securityContext(owner)?.windowsOptions)?.hostProcess === true;
  const podBad = hostProcess(spec);
  const bad = containersOf(spec).filter(({ container }) => hostProcess(container));
  if (!podBad && bad.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${settersOf(podBad, bad.map((entry) => entry.name))} must not set securityContext.windowsOptions.hostProcess=true`,
    places: [...(podBad ? [['spec', 'securityContext', 'windowsOptions', 'hostProcess']] : []), ...bad.map((entry) => [...entry.path, 'securityContext', 'windowsOptions', 'hostProcess'])],
  };
};

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE = ['postStart', 'preStop'];

const hostProbesAndLifecycle: CheckFn = ({ spec }) => {
  const bad = new Set<string>();
  const hosts: string[] = [];
  const places: PathSegment[][] = [];
  for (const entry of containersOf(spec)) {
    const handlers: [Data | undefined, PathSegment[]][] = [
      ...PROBES.map((probe): [Data | undefined, PathSegment[]] => [record(entry.container[probe]), [...entry.path, probe]]),
      ...LIFECYCLE.map((hook): [Data | undefined, PathSegment[]] => [record(record(entry.container.lifecycle)?.[hook]), [...entry.path, 'lifecycle', hook]]),
    ];
    for (const [handler, path] of handlers) {
      for (const action of ['httpGet', 'tcpSocket']) {
        const host = text(record(handler?.[action])?.host);
        if (!host) continue;
        bad.add(entry.name);
        hosts.push(host);
        places.push([...path, action, 'host']);
      }
    }
  }
  if (bad.size === 0) return undefined;
  const names = sortedSet(bad);
  const forbidden = sortedSet(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${containers(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', forbidden.length)} ${joinQuote(forbidden)}`,
    places,
  };
};

export const BASELINE_CHECKS: readonly CheckDefinition[] = [
  { id: 'privileged', level: 'baseline', versions: [{ from: 0, check: privileged }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ from: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ from: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ from: 0, check: hostPorts }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ from: 0, check: capabilitiesBaseline }] },
  { id: 'procMount', level: 'baseline', versions: [{ from: 0, check: procMount }, { from: 35, check: procMountRelaxed }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ from: 0, check: seccompBaselineAnnotations }, { from: 19, check: seccompBaseline }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ from: 0, check: seLinuxOptions(SELINUX_TYPES) }, { from: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) }] },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ from: 0, check: appArmorProfile }] },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [{ from: 0, check: sysctls(SYSCTLS_1_0) }, { from: 27, check: sysctls(SYSCTLS_1_27) }, { from: 29, check: sysctls(SYSCTLS_1_29) }, { from: 32, check: sysctls(SYSCTLS_1_32) }],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ from: 0, check: windowsHostProcess }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', versions: [{ from: 34, check: hostProbesAndLifecycle }] },
];

