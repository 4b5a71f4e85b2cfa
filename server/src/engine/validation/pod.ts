/**
 * Pods and pod templates as kube-apiserver validates them (pkg/apis/core/validation ValidatePodSpec and
 * ValidatePodCreate, v1.36), after its defaults: an empty restartPolicy or dnsPolicy is filled in, a volume with
 * no source is an emptyDir, a Pod's requests default to its limits, and with hostNetwork a Pod's host ports
 * default to its container ports. Volumes, containers (regular and init), security contexts, tolerations, host
 * namespaces and the names the spec refers to are checked; affinity, DNS config, topology spread, scheduling
 * gates, resource claims and the rarer volume types are not modelled yet and are left to the schema.
 */
import type { PathSegment } from '../model/nodes';
import { validateContainerCommon, validateProbe, validateSeccompProfile, type ContainerContext } from './container';
import { child, isSet, list, record, text, type Data } from './data';
import type { FieldErrors } from './errors';
import { dnsLabelProblems, dnsSubdomainProblems, labelValueProblems, qualifiedNameProblems } from './formats';
import { validateLabels, validateObjectMeta } from './object-meta';

export interface PodSpecOptions {
  /** A Pod rather than a template: a few defaults and checks apply to Pods only. */
  isPod: boolean;
  /** Volumes the owner adds to the pods (a StatefulSet's claim templates), which containers may mount. */
  extraVolumes?: readonly string[];
  /**
   * Whether the pod spec is written as a map ('written'); when it is not, the schema cannot say that containers are
   * missing, unless what holds the spec is missing too ('owner missing'), which is reported already.
   */
  written: 'written' | 'absent' | 'owner missing';
}

const MAX_ID = 2 ** 31 - 1;
const VOLUME_TYPES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
];
const FILE_MODE_MAX = 0o777;

export function validatePod(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
  const spec = record(object.spec) ?? {};
  validatePodSpec(spec, ['spec'], { isPod: true, written: record(object.spec) ? 'written' : 'absent' }, errors);
  if ((list(spec.ephemeralContainers) ?? []).length > 0) errors.add('k8s/invalid-value', 'forbidden', ['spec', 'ephemeralContainers'], 'cannot be set when the pod is created (kubectl debug adds them later)');
  for (const field of ['containers', 'initContainers'] as const) {
    (list(spec[field]) ?? []).forEach((item, index) => {
      const image = text(record(item)?.image);
      if (image && image !== image.trim()) errors.add('k8s/invalid-value', 'invalid', ['spec', field, index, 'image'], 'has spaces at its start or end');
    });
  }
}

export function validatePodSpec(spec: Data, path: PathSegment[], options: PodSpecOptions, errors: FieldErrors): void {
  const securityContext = record(spec.securityContext);
  const context: ContainerContext = {
    volumes: new Set([...validateVolumes(spec.volumes, child(path, 'volumes'), options.isPod, errors), ...(options.extraVolumes ?? [])]),
    hostUsers: spec.hostUsers !== false,
    isPod: options.isPod,
    hostNetworkDefaults: options.isPod && spec.hostNetwork === true,
  };
  validateContainers(spec, path, context, options.written, errors);
  validateInitContainers(spec, path, context, errors);
  validateHostNetworkPorts(spec, path, options, errors);
  validateLabels(spec.nodeSelector, child(path, 'nodeSelector'), errors);
  validatePodSecurityContext(securityContext, child(path, 'securityContext'), errors);
  validateHostUsers(spec, path, errors);
  // The API server keeps these two in the pod's security context internally, and names them there.
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errors.add('k8s/invalid-value', 'invalid', child(path, 'securityContext', 'shareProcessNamespace'), 'cannot be used with hostPID: true', { path: child(path, 'shareProcessNamespace') });
  }
  (list(spec.imagePullSecrets) ?? []).forEach((item, index) => {
    const secret = record(item);
    if (secret && Object.keys(secret).some((key) => key !== 'name')) errors.add('k8s/invalid-value', 'invalid', child(path, 'imagePullSecrets', index), 'may hold only a name');
  });
  validateTolerations(spec.tolerations, child(path, 'tolerations'), errors);
  for (const [field, problems] of [['serviceAccountName', dnsSubdomainProblems], ['nodeName', dnsSubdomainProblems], ['priorityClassName', dnsSubdomainProblems], ['hostname', dnsLabelProblems], ['subdomain', dnsLabelProblems]] as const) {
    const value = text(spec[field]);
    if (value) for (const problem of problems(value)) errors.add('k8s/invalid-name', 'invalid', child(path, field), problem);
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > MAX_ID)) errors.add('k8s/invalid-value', 'invalid', child(path, 'activeDeadlineSeconds'), `must be between 1 and ${MAX_ID}`);
}

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** The pod's volumes; returns the names of those that passed, which are the ones containers may mount. */
function validateVolumes(value: unknown, path: PathSegment[], isPod: boolean, errors: FieldErrors): Set<string> {
  const valid = new Set<string>();
  const seen = new Set<string>();
  (list(value) ?? []).forEach((item, index) => {
    const volume = record(item);
    if (!volume) return;
    const here = child(path, index);
    const before = errors.errors.length;
    validateVolumeSource(volume, here, isPod, errors);
    const name = text(volume.name) ?? '';
    if (name === '' && isSet(volume.name)) errors.required(child(here, 'name'), 'must name the volume');
    else if (name) for (const problem of dnsLabelProblems(name)) errors.add('k8s/invalid-name', 'invalid', child(here, 'name'), problem);
    if (seen.has(name)) errors.add('k8s/invalid-value', 'duplicate', child(here, 'name'), `"${name}" names another volume of the pod too`);
    seen.add(name);
    if (errors.errors.length === before) valid.add(name);
  });
  return valid;
}

function validateVolumeSource(volume: Data, path: PathSegment[], isPod: boolean, errors: FieldErrors): void {
  const types = VOLUME_TYPES.filter((type) => isSet(volume[type]));
  // A volume with no source at all is made an emptyDir by the API server's defaults.
  for (const extra of types.slice(1)) errors.add('k8s/invalid-value', 'forbidden', child(path, extra), `cannot be used beside ${types[0]}: a volume has one source`);
  const source = record(volume[types[0]]);
  if (!source) return;
  const sourcePath = child(path, types[0]);
  switch (types[0]) {
    case 'hostPath': {
      const hostPath = text(source.path);
      if (hostPath === '') errors.required(child(sourcePath, 'path'), 'must name a path on the node');
      else if (hostPath && hostPath.split('/').includes('..')) errors.add('k8s/invalid-value', 'invalid', child(sourcePath, 'path'), 'may not contain ".."');
      // An unknown type is the schema's finding; it still keeps the volume from being mounted.
      if (isSet(source.type) && !HOST_PATH_TYPES.includes(text(source.type) ?? '-')) errors.implied('k8s/invalid-value', child(sourcePath, 'type'), 'is not a host path type');
      break;
    }
    case 'image': {
      // Only a Pod must name its image: a template may leave it to be filled in.
      if (isPod && !text(source.reference)) errors.required(child(sourcePath, 'reference'), 'must name the image or artifact to mount');
      // An empty pullPolicy is defaulted; another unknown one is the schema's finding.
      const pullPolicy = text(source.pullPolicy);
      if (pullPolicy && !PULL_POLICIES.includes(pullPolicy)) errors.implied('k8s/invalid-value', child(sourcePath, 'pullPolicy'), 'is not a pull policy');
      break;
    }
    case 'secret':
    case 'configMap': {
      const nameField = types[0] === 'secret' ? 'secretName' : 'name';
      if (text(source[nameField]) === '') errors.required(child(sourcePath, nameField), `must name the ${types[0] === 'secret' ? 'Secret' : 'ConfigMap'}`);
      checkFileMode(source.defaultMode, child(sourcePath, 'defaultMode'), errors);
      (list(source.items) ?? []).forEach((item, index) => validateKeyToPath(record(item), child(sourcePath, 'items', index), errors));
      break;
    }
    case 'persistentVolumeClaim':
      if (text(source.claimName) === '') errors.required(child(sourcePath, 'claimName'), 'must name the PersistentVolumeClaim');
      break;
    case 'emptyDir': {
      const limit = source.sizeLimit;
      if ((typeof limit === 'number' && limit < 0) || (typeof limit === 'string' && limit.trim().startsWith('-'))) {
        errors.add('k8s/invalid-value', 'forbidden', child(sourcePath, 'sizeLimit'), 'must not be negative');
      }
      break;
    }
  }
}

function validateKeyToPath(item: Data | undefined, path: PathSegment[], errors: FieldErrors): void {
  if (!item) return;
  if (text(item.key) === '') errors.required(child(path, 'key'), 'must name the key to project');
  const target = text(item.path);
  if (target === '') errors.required(child(path, 'path'), 'must name the file to write');
  else if (target) {
    if (target.startsWith('/')) errors.add('k8s/invalid-value', 'invalid', child(path, 'path'), 'must be a relative path');
    if (target.split('/').includes('..')) errors.add('k8s/invalid-value', 'invalid', child(path, 'path'), 'may not contain ".."');
    else if (target.startsWith('..')) errors.add('k8s/invalid-value', 'invalid', child(path, 'path'), 'may not start with ".."');
  }
  checkFileMode(item.mode, child(path, 'mode'), errors);
}

function checkFileMode(mode: unknown, path: PathSegment[], errors: FieldErrors): void {
  if (typeof mode === 'number' && (mode < 0 || mode > FILE_MODE_MAX)) errors.add('k8s/invalid-value', 'invalid', path, 'must be a file mode from 0 to 0777 (511 in decimal)');
}

function validateContainers(spec: Data, path: PathSegment[], context: ContainerContext, written: PodSpecOptions['written'], errors: FieldErrors): void {
  const containers = list(spec.containers);
  if (!containers) return;
  const containersPath = child(path, 'containers');
  // In a written pod spec, an absent list is k8s/missing-field's finding from the schema.
  if (containers.length === 0 && written === 'owner missing') errors.implied('k8s/missing-field', containersPath, 'must hold at least one container');
  else if (containers.length === 0 && (isSet(spec.containers) || written === 'absent')) errors.required(containersPath, 'must hold at least one container');
  const names = new Set<string>();
  containers.forEach((item, index) => {
    const container = record(item);
    if (!container) return;
    const here = child(containersPath, index);
    validateContainerCommon(container, here, context, errors);
    checkContainerRestartPolicy(container, here, errors);
    const name = text(container.name) ?? '';
    if (names.has(name)) errors.add('k8s/invalid-value', 'duplicate', child(here, 'name'), `"${name}" names another container of the pod too`);
    names.add(name);
    for (const kind of ['liveness', 'readiness', 'startup'] as const) {
      const probe = record(container[`${kind}Probe`]);
      if (probe) validateProbe(probe, child(here, `${kind}Probe`), kind, errors);
    }
  });
  validateUniqueHostPorts(containers, containersPath, context, errors);
}

function validateInitContainers(spec: Data, path: PathSegment[], context: ContainerContext, errors: FieldErrors): void {
  const names = new Set((list(spec.containers) ?? []).map((item) => text(record(item)?.name) ?? ''));
  const initPath = child(path, 'initContainers');
  (list(spec.initContainers) ?? []).forEach((item, index) => {
    const container = record(item);
    if (!container) return;
    const here = child(initPath, index);
    validateContainerCommon(container, here, context, errors);
    checkContainerRestartPolicy(container, here, errors);
    const restartPolicy = text(container.restartPolicy);
    const name = text(container.name) ?? '';
    if (names.has(name)) errors.add('k8s/invalid-value', 'duplicate', child(here, 'name'), `"${name}" names another container of the pod too`);
    else if (name) names.add(name);
    validateUniqueHostPorts([container], initPath, context, errors, index);
    const sidecar = restartPolicy === 'Always';
    for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (!isSet(container[field])) continue;
      if (!sidecar) errors.add('k8s/invalid-value', 'forbidden', child(here, field), 'can only be set on an init container with restartPolicy: Always (a sidecar)');
      else if (field !== 'lifecycle') validateProbe(record(container[field]) ?? {}, child(here, field), field.replace('Probe', '') as 'liveness' | 'readiness' | 'startup', errors);
    }
  });
}

/** A container's own restartPolicy (with the ContainerRestartRules feature, on by default since 1.35). */
function checkContainerRestartPolicy(container: Data, path: PathSegment[], errors: FieldErrors): void {
  const policy = text(container.restartPolicy);
  if (isSet(container.restartPolicy) && policy !== undefined && !['Always', 'OnFailure', 'Never'].includes(policy)) {
    errors.add('k8s/invalid-value', 'notSupported', child(path, 'restartPolicy'), 'must be Always, OnFailure or Never');
  }
}

/**
 * No two ports of the containers may claim the same host port (protocol, address and number). With hostNetwork a
 * Pod's unset host ports are its container ports, so two containers serving the same port clash.
 */
function validateUniqueHostPorts(containers: unknown[], path: PathSegment[], context: ContainerContext, errors: FieldErrors, firstIndex = 0): void {
  const claimed = new Set<string>();
  containers.forEach((item, offset) => {
    (list(record(item)?.ports) ?? []).forEach((portItem, portIndex) => {
      const port = record(portItem);
      const written = typeof port?.hostPort === 'number' ? port.hostPort : 0;
      const hostPort = written === 0 && context.hostNetworkDefaults && typeof port?.containerPort === 'number' ? port.containerPort : written;
      if (!port || hostPort === 0) return;
      const key = `${text(port.protocol) || 'TCP'}/${text(port.hostIP) ?? ''}/${hostPort}`;
      if (claimed.has(key)) errors.add('k8s/invalid-value', 'duplicate', child(path, firstIndex + offset, 'ports', portIndex, 'hostPort'), `${hostPort} is claimed by another port of the pod too`);
      claimed.add(key);
    });
  });
}

/** With hostNetwork a pod's ports are the node's: a host port must equal its container port. */
function validateHostNetworkPorts(spec: Data, path: PathSegment[], options: PodSpecOptions, errors: FieldErrors): void {
  if (spec.hostNetwork !== true) return;
  (list(spec.containers) ?? []).forEach((item, index) => {
    (list(record(item)?.ports) ?? []).forEach((portItem, portIndex) => {
      const port = record(portItem);
      if (!port) return;
      const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
      // A Pod's unset host ports are filled in with the container port; a template's are not.
      const hostPort = typeof port.hostPort === 'number' && port.hostPort !== 0 ? port.hostPort : options.isPod ? containerPort : 0;
      if ((options.isPod || hostPort !== 0) && hostPort !== containerPort) {
        errors.add('k8s/invalid-value', 'invalid', child(path, 'containers', index, 'ports', portIndex, 'hostPort'), 'must equal containerPort when the pod uses the host network');
      }
    });
  });
}

function validatePodSecurityContext(context: Data | undefined, path: PathSegment[], errors: FieldErrors): void {
  if (!context) return;
  for (const field of ['fsGroup', 'runAsUser', 'runAsGroup'] as const) {
    const id = context[field];
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) errors.add('k8s/invalid-value', 'invalid', child(path, field), `must be between 0 and ${MAX_ID}`);
  }
  (list(context.supplementalGroups) ?? []).forEach((id, index) => {
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) errors.add('k8s/invalid-value', 'invalid', child(path, 'supplementalGroups', index), `must be between 0 and ${MAX_ID}`);
  });
  validateSeccompProfile(record(context.seccompProfile), child(path, 'seccompProfile'), errors);
}

/** In its own user namespace (`hostUsers: false`) a pod cannot share the node's PID or IPC namespace or network. */
function validateHostUsers(spec: Data, path: PathSegment[], errors: FieldErrors): void {
  if (spec.hostUsers !== false) return;
  if (spec.hostNetwork === true) errors.add('k8s/invalid-value', 'forbidden', child(path, 'hostNetwork'), 'cannot be used with hostUsers: false');
  // The API server names these fields with capitals (HostPID, HostIPC); the finding points at what is written.
  if (spec.hostPID === true) errors.add('k8s/invalid-value', 'forbidden', child(path, 'HostPID'), 'cannot be used with hostUsers: false', { path: child(path, 'hostPID') });
  if (spec.hostIPC === true) errors.add('k8s/invalid-value', 'forbidden', child(path, 'HostIPC'), 'cannot be used with hostUsers: false', { path: child(path, 'hostIPC') });
}

function validateTolerations(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  (list(value) ?? []).forEach((item, index) => {
    const toleration = record(item);
    if (!toleration) return;
    const here = child(path, index);
    const key = text(toleration.key) ?? '';
    const operator = text(toleration.operator) ?? '';
    const effect = text(toleration.effect) ?? '';
    const tolerationValue = text(toleration.value) ?? '';
    if (key) for (const problem of qualifiedNameProblems(key)) errors.add('k8s/invalid-label', 'invalid', child(here, 'key'), `"${key}" ${problem}`);
    if (!key && operator !== 'Exists') errors.add('k8s/invalid-value', 'invalid', child(here, 'operator'), 'must be Exists when no key is given (which tolerates every taint)');
    if (isSet(toleration.tolerationSeconds) && effect !== 'NoExecute') errors.add('k8s/invalid-value', 'invalid', child(here, 'effect'), 'must be NoExecute when tolerationSeconds is set');
    if (operator === 'Equal' || operator === '') {
      const problems = labelValueProblems(tolerationValue);
      if (problems.length > 0) errors.add('k8s/invalid-value', 'invalid', child(here, 'operator'), `value "${tolerationValue}" ${problems.join(' and ')}`, { path: child(here, isSet(toleration.value) ? 'value' : 'operator') });
    } else if (operator === 'Exists') {
      if (tolerationValue) errors.add('k8s/invalid-value', 'invalid', child(here, 'operator'), 'takes no value: Exists matches any value of the key', { path: child(here, 'value') });
    } else if (operator === 'Lt' || operator === 'Gt') {
      errors.add('k8s/invalid-value', 'notSupported', child(here, 'operator'), `${operator} needs the TaintTolerationComparisonOperators feature, which is off in Kubernetes 1.36; use Equal or Exists`);
    }
  });
}
