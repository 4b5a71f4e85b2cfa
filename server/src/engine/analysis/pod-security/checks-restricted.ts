/**
 * The restricted Pod Security checks, ported by meaning from k8s.io/pod-security-admission v0.36. From 1.25 the
 * Linux-only ones pass a Windows pod, and from 1.35 runAsNonRoot and runAsUser pass a pod in its own user
 * namespace (`hostUsers: false`). Some replace a baseline check at the restricted level (`overrides`).
 */
import { isSet, list, record, text } from '../../validation/data';
import type { PathSegment } from '../../model/nodes';
import { procMount, validSeccompType, type CheckDefinition, type CheckFn } from './checks-baseline';
import { containersOf, inUserNamespace, isWindows, joinQuote, pluralize, securityContext, sortedSet } from './pod-data';

const containers = (names: readonly string[]) => `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
const notOnWindows = (check: CheckFn): CheckFn => (pod) => (isWindows(pod.spec) ? undefined : check(pod));
const notInUserNamespace = (check: CheckFn): CheckFn => (pod) => (inUserNamespace(pod.spec) ? undefined : check(pod));

const allowPrivilegeEscalation: CheckFn = ({ spec }) => {
  const bad = containersOf(spec).filter(({ container }) => securityContext(container)?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containers(bad.map((entry) => entry.name))} must set securityContext.allowPrivilegeEscalation=false`,
    places: bad.map((entry) => [...entry.path, 'securityContext', 'allowPrivilegeEscalation']),
  };
};

const capabilitiesRestricted: CheckFn = ({ spec }) => {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const added: string[] = [];
  const places: PathSegment[][] = [];
  for (const entry of containersOf(spec)) {
    const capabilities = record(securityContext(entry.container)?.capabilities);
    // Only "ALL" in capitals drops everything; "all" is not the same to the admission plugin.
    if (!capabilities || !(list(capabilities.drop) ?? []).includes('ALL')) {
      missingDrop.push(entry.name);
      places.push([...entry.path, 'securityContext', 'capabilities', 'drop']);
    }
    const forbidden = (list(capabilities?.add) ?? []).map((item, index) => ({ name: text(item) ?? '', index })).filter(({ name }) => name !== 'NET_BIND_SERVICE');
    if (forbidden.length === 0) continue;
    adding.push(entry.name);
    for (const { name, index } of forbidden) {
      added.push(name);
      places.push([...entry.path, 'securityContext', 'capabilities', 'add', index]);
    }
  }
  const details = [
    ...(missingDrop.length > 0 ? [`${containers(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`] : []),
    ...(adding.length > 0 ? [`${containers(adding)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`] : []),
  ];
  return details.length > 0 ? { reason: 'unrestricted capabilities', detail: details.join('; '), places } : undefined;
};

const runAsNonRoot: CheckFn = ({ spec }) => {
  const podValue = securityContext(spec)?.runAsNonRoot;
  const podSaysFalse = isSet(podValue) && podValue !== true;
  const podSaysTrue = podValue === true;
  const explicitlyBad = containersOf(spec).filter(({ container }) => {
    const value = securityContext(container)?.runAsNonRoot;
    return isSet(value) && value !== true;
  });
  const implicitlyBad = containersOf(spec).filter(({ container }) => !isSet(securityContext(container)?.runAsNonRoot) && !podSaysTrue);
  if (podSaysFalse || explicitlyBad.length > 0) {
    const setters = [...(podSaysFalse ? ['pod'] : []), ...(explicitlyBad.length > 0 ? [containers(explicitlyBad.map((entry) => entry.name))] : [])];
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      places: [...(podSaysFalse ? [['spec', 'securityContext', 'runAsNonRoot']] : []), ...explicitlyBad.map((entry) => [...entry.path, 'securityContext', 'runAsNonRoot'])],
    };
  }
  if (implicitlyBad.length === 0) return undefined;
  return {
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containers(implicitlyBad.map((entry) => entry.name))} must set securityContext.runAsNonRoot=true`,
    places: [['spec', 'securityContext', 'runAsNonRoot'], ...implicitlyBad.map((entry) => [...entry.path, 'securityContext', 'runAsNonRoot'])],
  };
};

const runAsUser: CheckFn = ({ spec }) => {
  const podBad = securityContext(spec)?.runAsUser === 0;
  const bad = containersOf(spec).filter(({ container }) => securityContext(container)?.runAsUser === 0);
  if (!podBad && bad.length === 0) return undefined;
  const setters = [...(podBad ? ['pod'] : []), ...(bad.length > 0 ? [containers(bad.map((entry) => entry.name))] : [])];
  return {
    reason: 'runAsUser=0',
    detail: `${setters.join(' and ')} must not set runAsUser=0`,
    places: [...(podBad ? [['spec', 'securityContext', 'runAsUser']] : []), ...bad.map((entry) => [...entry.path, 'securityContext', 'runAsUser'])],
  };
};

const seccompRestricted: CheckFn = ({ spec }) => {
  const podProfile = record(securityContext(spec)?.seccompProfile);
  const podBad = podProfile !== undefined && !validSeccompType(podProfile.type);
  const podSet = podProfile !== undefined && !podBad;
  const explicitlyBad = containersOf(spec).filter(({ container }) => {
    const profile = record(securityContext(container)?.seccompProfile);
    return profile !== undefined && !validSeccompType(profile.type);
  });
  const implicitlyBad = containersOf(spec).filter(({ container }) => record(securityContext(container)?.seccompProfile) === undefined && !podSet);
  if (podBad || explicitlyBad.length > 0) {
    const values = sortedSet([...(podBad ? [text(podProfile?.type) ?? ''] : []), ...explicitlyBad.map(({ container }) => text(record(securityContext(container)?.seccompProfile)?.type) ?? '')]);
    const setters = [...(podBad ? ['pod'] : []), ...(explicitlyBad.length > 0 ? [containers(explicitlyBad.map((entry) => entry.name))] : [])];
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(values)}`,
      places: [...(podBad ? [['spec', 'securityContext', 'seccompProfile', 'type']] : []), ...explicitlyBad.map((entry) => [...entry.path, 'securityContext', 'seccompProfile', 'type'])],
    };
  }
  if (implicitlyBad.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containers(implicitlyBad.map((entry) => entry.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    places: [['spec', 'securityContext', 'seccompProfile'], ...implicitlyBad.map((entry) => [...entry.path, 'securityContext', 'seccompProfile'])],
  };
};

/** Volume sources the restricted level allows, and the others, named as the plugin names them. */
const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUMES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

const restrictedVolumes: CheckFn = ({ spec }) => {
  const bad = (list(spec.volumes) ?? []).flatMap((item, index) => {
    const volume = record(item) ?? {};
    if (ALLOWED_VOLUMES.some((type) => isSet(volume[type]))) return [];
    // A volume with no source is made an emptyDir by the API server's defaults.
    const type = RESTRICTED_VOLUMES.find((candidate) => isSet(volume[candidate]));
    return type ? [{ name: text(volume.name) ?? '', type, index }] : [];
  });
  if (bad.length === 0) return undefined;
  const types = sortedSet(bad.map(({ type }) => type));
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad.map(({ name }) => name))} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
    places: bad.map(({ index, type }) => ['spec', 'volumes', index, type]),
  };
};

export const RESTRICTED_CHECKS: readonly CheckDefinition[] = [
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ from: 8, check: allowPrivilegeEscalation }, { from: 25, check: notOnWindows(allowPrivilegeEscalation) }] },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { from: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { from: 25, check: notOnWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  { id: 'procMount_restricted', level: 'restricted', versions: [{ from: 35, check: procMount, overrides: ['procMount'] }] },
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ from: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ from: 0, check: runAsNonRoot }, { from: 35, check: notInUserNamespace(runAsNonRoot) }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ from: 23, check: runAsUser }, { from: 35, check: notInUserNamespace(runAsUser) }] },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { from: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { from: 25, check: notOnWindows(seccompRestricted), overrides: ['seccompProfile_baseline'] },
    ],
  },
];
