/**
 * Containers as kube-apiserver validates them (pkg/apis/core/validation, v1.36): names, images, ports,
 * environment, volume mounts, resources, security context and probes. Enumerated fields (imagePullPolicy,
 * terminationMessagePolicy, port protocols) are the schema's to check; the API server fills their empty values
 * with defaults first, which the generated schema allows for.
 */
import type { PathSegment } from '../model/nodes';
import { child, int32, isSet, list, record, text, type Data } from './data';
import { FieldErrors } from './errors';
import { configKeyProblems, dnsLabelProblems, dnsSubdomainProblems, portNameProblems, portNumberProblems, qualifiedNameProblems } from './formats';
import { compareQuantities, isNegative, isWhole, parseQuantity, type QuantityValue } from './quantity';

export interface ContainerContext {
  /** Names of the pod's volumes that passed validation: mounts may only name these. */
  volumes: ReadonlySet<string>;
  /** False when the pod runs in its own user namespace (`hostUsers: false`). */
  hostUsers: boolean;
  /** Whether the object is a Pod (rather than a template): only then are requests defaulted from limits. */
  isPod: boolean;
  /** A Pod on the host network: its unset host ports are its container ports. */
  hostNetworkDefaults: boolean;
}

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** What every container of a pod is checked for, regular, init or sidecar alike. */
export function validateContainerCommon(container: Data, path: PathSegment[], context: ContainerContext, errors: FieldErrors): void {
  const name = text(container.name);
  if (name === '' && isSet(container.name)) errors.required(child(path, 'name'), 'must name the container');
  else if (name) for (const problem of dnsLabelProblems(name)) errors.add('k8s/invalid-name', 'invalid', child(path, 'name'), problem);
  // The schema leaves image optional (templates may omit it for a later mutation), validation does not.
  if (text(container.image) === '') errors.required(child(path, 'image'), 'must name the image to run', 'k8s/missing-field');
  validatePorts(container.ports, child(path, 'ports'), context, errors);
  validateEnv(container.env, child(path, 'env'), errors);
  validateEnvFrom(container.envFrom, child(path, 'envFrom'), errors);
  validateVolumeMounts(container, child(path, 'volumeMounts'), context, errors);
  validateResources(record(container.resources), child(path, 'resources'), context, errors);
  validateSecurityContext(record(container.securityContext), child(path, 'securityContext'), context, errors);
}

function validatePorts(value: unknown, path: PathSegment[], context: ContainerContext, errors: FieldErrors): void {
  const names = new Set<string>();
  (list(value) ?? []).forEach((item, index) => {
    const port = record(item);
    if (!port) return;
    const here = child(path, index);
    const name = text(port.name);
    if (name) {
      const problems = portNameProblems(name);
      for (const problem of problems) errors.add('k8s/invalid-value', 'invalid', child(here, 'name'), `"${name}" ${problem}`);
      if (problems.length === 0 && names.has(name)) errors.add('k8s/invalid-value', 'duplicate', child(here, 'name'), `"${name}" names another port of the container too`);
      names.add(name);
    }
    // A number that does not fit 32 bits is refused by the decoder (k8s/invalid-value's format finding) before validation.
    const containerPort = int32(port.containerPort);
    if (containerPort !== undefined) {
      if (containerPort === 0) errors.required(child(here, 'containerPort'), 'must be a port number from 1 to 65535');
      else for (const problem of portNumberProblems(containerPort)) errors.add('k8s/invalid-value', 'invalid', child(here, 'containerPort'), problem);
    }
    const hostPort = int32(port.hostPort);
    // On the host network a Pod's unset host port is its container port, refused again if the container port is.
    if (context.hostNetworkDefaults && !hostPort && containerPort !== undefined) {
      for (const problem of containerPort === 0 ? [] : portNumberProblems(containerPort)) errors.implied('k8s/invalid-value', child(here, 'hostPort'), problem);
    }
    if (hostPort !== undefined && hostPort !== 0) for (const problem of portNumberProblems(hostPort)) errors.add('k8s/invalid-value', 'invalid', child(here, 'hostPort'), problem);
  });
}

function validateEnv(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  (list(value) ?? []).forEach((item, index) => {
    const variable = record(item);
    if (!variable) return;
    const here = child(path, index);
    const name = text(variable.name);
    if (name === '' && isSet(variable.name)) errors.required(child(here, 'name'), 'must name the variable');
    else if (name) for (const problem of envNameProblems(name)) errors.add('k8s/invalid-value', 'invalid', child(here, 'name'), `"${name}" ${problem}`);
    const from = record(variable.valueFrom);
    if (!from) return;
    const fromPath = child(here, 'valueFrom');
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((source) => isSet(from[source]));
    if (sources.length === 0) errors.add('k8s/invalid-value', 'invalid', fromPath, 'must name one source: fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef or fileKeyRef');
    else if (text(variable.value)) errors.add('k8s/invalid-value', 'invalid', fromPath, 'cannot be used beside a value: write one or the other');
    else if (sources.length > 1) errors.add('k8s/invalid-value', 'invalid', fromPath, `names ${sources.length} sources; a variable takes its value from one`);
    const fieldRef = record(from.fieldRef);
    if (fieldRef) validateFieldRef(fieldRef, child(fromPath, 'fieldRef'), errors);
    for (const source of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const reference = record(from[source]);
      if (reference) validateKeyReference(reference, child(fromPath, source), errors);
    }
  });
}

/** Environment variable names: any printable ASCII but '=' (the relaxed rule, on by default since 1.34). */
function envNameProblems(name: string): string[] {
  return /^[\x20-\x3c\x3e-\x7e]+$/.test(name) ? [] : ["may hold only printable ASCII characters other than '='"];
}

function validateFieldRef(fieldRef: Data, path: PathSegment[], errors: FieldErrors): void {
  const apiVersion = text(fieldRef.apiVersion);
  const fieldPath = text(fieldRef.fieldPath);
  if (apiVersion === undefined || fieldPath === undefined) return;
  // An empty apiVersion is filled in with v1.
  if (apiVersion !== '' && apiVersion !== 'v1') {
    errors.add('k8s/invalid-value', 'invalid', child(path, 'fieldPath'), `cannot be read from apiVersion "${apiVersion}": pod fields are read from v1`);
    return;
  }
  if (fieldPath === '') {
    errors.required(child(path, 'fieldPath'), 'must name a field of the pod');
    return;
  }
  const subscript = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(fieldPath);
  if (subscript) {
    const key = subscript[1] === 'metadata.annotations' ? subscript[2].toLowerCase() : subscript[2];
    for (const problem of qualifiedNameProblems(key)) errors.add('k8s/invalid-value', 'invalid', path, `names the key "${subscript[2]}", which ${problem}`);
  } else if (!FIELD_PATHS.has(fieldPath) && !['metadata.labels', 'metadata.annotations'].includes(fieldPath)) {
    errors.add('k8s/invalid-value', 'notSupported', child(path, 'fieldPath'), `"${fieldPath}" is not a pod field a variable can read`);
  }
}

function validateKeyReference(reference: Data, path: PathSegment[], errors: FieldErrors): void {
  const name = text(reference.name);
  const key = text(reference.key);
  if (name !== undefined) for (const problem of dnsSubdomainProblems(name)) errors.add('k8s/invalid-name', 'invalid', child(path, 'name'), name === '' ? 'must name the object to read' : problem);
  if (key === '' && isSet(reference.key)) errors.required(child(path, 'key'), 'must name the key to read');
  else if (key) for (const problem of configKeyProblems(key)) errors.add('k8s/invalid-value', 'invalid', child(path, 'key'), `"${key}" ${problem}`);
}

function validateEnvFrom(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  (list(value) ?? []).forEach((item, index) => {
    const source = record(item);
    if (!source) return;
    const prefix = text(source.prefix);
    if (prefix) for (const problem of envNameProblems(prefix)) errors.add('k8s/invalid-value', 'invalid', child(path, index, 'prefix'), problem);
    const sources = ['configMapRef', 'secretRef'].filter((field) => isSet(source[field]));
    if (sources.length === 0) errors.add('k8s/invalid-value', 'invalid', path, 'must name a configMapRef or a secretRef', { path: child(path, index) });
    else if (sources.length > 1) errors.add('k8s/invalid-value', 'invalid', path, 'names both a configMapRef and a secretRef; each entry takes one', { path: child(path, index) });
    for (const field of sources) {
      const name = text(record(source[field])?.name);
      if (name !== undefined) for (const problem of dnsSubdomainProblems(name)) errors.add('k8s/invalid-name', 'invalid', child(path, index, field, 'name'), name === '' ? 'must name the object to read' : problem);
    }
  });
}

function validateVolumeMounts(container: Data, path: PathSegment[], context: ContainerContext, errors: FieldErrors): void {
  const mountPaths = new Set<string>();
  const privileged = record(container.securityContext)?.privileged === true;
  (list(container.volumeMounts) ?? []).forEach((item, index) => {
    const mount = record(item);
    if (!mount) return;
    const here = child(path, index);
    const name = text(mount.name) ?? '';
    if (name === '' && isSet(mount.name)) errors.required(child(here, 'name'), 'must name a volume of the pod');
    if (!context.volumes.has(name)) errors.add('k8s/invalid-value', 'invalid', child(here, 'name'), name ? `"${name}" is not a volume of the pod` : 'must name a volume of the pod');
    const mountPath = text(mount.mountPath);
    if (mountPath === '' && isSet(mount.mountPath)) errors.required(child(here, 'mountPath'), 'must say where to mount the volume');
    if (mountPath !== undefined) {
      if (mountPaths.has(mountPath)) errors.add('k8s/invalid-value', 'invalid', child(here, 'mountPath'), `"${mountPath}" is used by another mount of the container`);
      mountPaths.add(mountPath);
    }
    const subPath = text(mount.subPath);
    if (subPath) for (const problem of localPathProblems(subPath)) errors.add('k8s/invalid-value', 'invalid', child(path, 'subPath'), problem, { path: child(here, 'subPath') });
    const propagation = text(mount.mountPropagation);
    if (propagation === 'Bidirectional' && !privileged) errors.add('k8s/invalid-value', 'forbidden', child(path, 'mountPropagation'), 'Bidirectional propagation needs a privileged container', { path: child(here, 'mountPropagation') });
  });
}

/** A path inside a volume: relative, and never climbing out with "..". */
export function localPathProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.startsWith('/')) problems.push('must be a relative path');
  if (value.split('/').includes('..')) problems.push('may not contain ".."');
  return problems;
}

function validateResources(resources: Data | undefined, path: PathSegment[], context: ContainerContext, errors: FieldErrors): void {
  if (!resources) return;
  const limits = quantities(resources.limits, child(path, 'limits'), errors);
  const requests = quantities(resources.requests, child(path, 'requests'), errors);
  // A Pod's requests default to its limits; a template's are validated as written. What is wrong with a copied
  // entry is refused again under requests, as a consequence of the finding under limits.
  if (context.isPod) {
    for (const [name, limit] of limits) {
      if (requests.has(name)) continue;
      requests.set(name, { ...limit, written: false });
      const copied = new FieldErrors();
      checkQuantity(name, limit.value, child(path, 'requests', name), copied);
      for (const error of copied.errors) errors.implied(error.rule, error.path, error.detail);
    }
  }
  const names = [...limits.keys(), ...requests.keys()];
  if (names.some((name) => name.startsWith('hugepages-')) && !names.some((name) => name === 'cpu' || name === 'memory')) {
    errors.add('k8s/invalid-value', 'forbidden', path, 'asks for huge pages without cpu or memory, which huge pages require');
  }
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    // Native resources may be requested below their limit; huge pages and extended resources may not.
    const overcommit = (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');
    if (!limit) {
      if (!overcommit) errors.add('k8s/missing-field', 'required', child(path, 'limits'), `must set a limit for "${name}", which cannot be overcommitted`, { path: child(path, 'requests', name), onKey: true });
      continue;
    }
    if (!request.value || !limit.value) continue;
    const order = compareQuantities(request.value, limit.value);
    if (!overcommit && order !== 0) errors.add('k8s/invalid-value', 'invalid', child(path, 'requests'), `"${name}" must equal its limit`, { path: child(path, 'requests', name) });
    else if (order > 0) errors.add('k8s/invalid-value', 'invalid', child(path, 'requests'), `${name} asks for more than its limit of ${limit.text}`, { path: child(path, 'requests', name) });
  }
}

/** The quantities of a resource list, with their names and values checked. */
function quantities(value: unknown, path: PathSegment[], errors: FieldErrors): Map<string, { value: ReturnType<typeof parseQuantity>; text: string; written: boolean }> {
  const result = new Map<string, { value: ReturnType<typeof parseQuantity>; text: string; written: boolean }>();
  for (const [name, written] of Object.entries(record(value) ?? {})) {
    const here = child(path, name);
    // A null quantity decodes to 0; a value that is no quantity is k8s/invalid-value's schema finding (format).
    const quantity = written === null ? { numerator: 0n, denominator: 1n } : parseQuantity(written);
    checkQuantity(name, quantity, here, errors);
    if (quantity === undefined) continue;
    result.set(name, { value: quantity, text: written === null ? '0' : String(written), written: true });
  }
  return result;
}

/** A resource's name and value, as checked wherever it is listed. */
function checkQuantity(name: string, quantity: QuantityValue | null | undefined, path: PathSegment[], errors: FieldErrors): void {
  for (const problem of resourceNameProblems(name)) errors.add('k8s/invalid-value', 'invalid', path, `resource "${name}" ${problem}`, { path, onKey: true });
  if (!quantity) return;
  if (isNegative(quantity)) errors.add('k8s/invalid-value', 'invalid', path, 'must not be negative');
  if (isExtended(name) && !isWhole(quantity)) errors.add('k8s/invalid-value', 'invalid', path, 'must be a whole number');
  if (name.startsWith('hugepages-') && !hugePagesDivisible(name, quantity)) errors.add('k8s/invalid-value', 'invalid', path, `must be a whole number of ${name.slice('hugepages-'.length)} pages`);
}

/** Whether a huge page quantity is a whole number of pages (the value rounded up to a whole byte first). */
function hugePagesDivisible(name: string, quantity: QuantityValue): boolean {
  const page = parseQuantity(name.slice('hugepages-'.length));
  if (!page || page.numerator <= 0n || !isWhole(page)) return false;
  const pageBytes = page.numerator / page.denominator;
  const bytes = (quantity.numerator + quantity.denominator - 1n) / quantity.denominator;
  return bytes % pageBytes === 0n;
}

function isExtended(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.') && qualifiedNameProblems(`requests.${name}`).length === 0;
}

function resourceNameProblems(name: string): string[] {
  const problems = qualifiedNameProblems(name);
  if (problems.length > 0) return problems.map((problem) => `is not a valid name: it ${problem}`);
  if (!name.includes('/')) return CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-') ? [] : ['is not a resource containers can ask for (cpu, memory, ephemeral-storage, hugepages-*) or a domain-qualified extended resource'];
  if (name.includes('kubernetes.io/') || isExtended(name)) return [];
  return ['does not follow the extended resource naming rule'];
}

const MAX_ID = 2 ** 31 - 1;

function validateSecurityContext(context: Data | undefined, path: PathSegment[], pod: ContainerContext, errors: FieldErrors): void {
  if (!context) return;
  for (const field of ['runAsUser', 'runAsGroup'] as const) {
    const id = context[field];
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) errors.add('k8s/invalid-value', 'invalid', child(path, field), `must be between 0 and ${MAX_ID}`);
  }
  const procMount = text(context.procMount);
  if (procMount === 'Unmasked' && pod.hostUsers) errors.add('k8s/invalid-value', 'invalid', child(path, 'procMount'), 'Unmasked needs the pod to run in its own user namespace (hostUsers: false in the pod spec)');
  validateSeccompProfile(record(context.seccompProfile), child(path, 'seccompProfile'), errors);
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) errors.add('k8s/invalid-value', 'invalid', path, 'cannot set allowPrivilegeEscalation to false in a privileged container', { path: child(path, 'allowPrivilegeEscalation') });
    const added = list(record(context.capabilities)?.add) ?? [];
    if (added.includes('CAP_SYS_ADMIN')) errors.add('k8s/invalid-value', 'invalid', path, 'cannot set allowPrivilegeEscalation to false and add CAP_SYS_ADMIN', { path: child(path, 'allowPrivilegeEscalation') });
  }
}

/** A seccomp profile: a type is required, and a localhost profile path goes with the Localhost type only. */
export function validateSeccompProfile(profile: Data | undefined, path: PathSegment[], errors: FieldErrors): void {
  if (!profile) return;
  const type = text(profile.type);
  if (type === '' && isSet(profile.type)) errors.required(child(path, 'type'), 'must be RuntimeDefault, Localhost or Unconfined');
  const localhost = profile.localhostProfile;
  if (type === 'Localhost') {
    if (!isSet(localhost)) errors.required(child(path, 'localhostProfile'), 'must name the profile file for the Localhost type', 'k8s/missing-field');
    else if (typeof localhost === 'string') for (const problem of localPathProblems(localhost)) errors.add('k8s/invalid-value', 'invalid', child(path, 'localhostProfile'), problem);
  } else if (isSet(localhost)) errors.add('k8s/invalid-value', 'invalid', child(path, 'localhostProfile'), 'goes only with the Localhost type');
}

/** A probe or a lifecycle handler: exactly one way to check. */
export function validateProbe(probe: Data, path: PathSegment[], kind: 'liveness' | 'readiness' | 'startup', errors: FieldErrors): void {
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((handler) => isSet(probe[handler]));
  if (handlers.length === 0) errors.required(path, 'must say how to probe: exec, httpGet, tcpSocket or grpc', 'k8s/missing-field');
  for (const extra of handlers.slice(1)) errors.add('k8s/invalid-value', 'forbidden', child(path, extra), `cannot be used beside ${handlers[0]}: a probe checks one way`);
  const first = handlers[0];
  const handler = first ? record(probe[first]) : undefined;
  if (first === 'exec' && handler && (list(handler.command) ?? []).length === 0) errors.required(child(path, 'exec', 'command'), 'must hold the command to run');
  if ((first === 'httpGet' || first === 'tcpSocket') && handler) validatePortNumberOrName(handler.port, child(path, first, 'port'), errors);
  if (first === 'httpGet' && handler) {
    (list(handler.httpHeaders) ?? []).forEach((header) => {
      const name = text(record(header)?.name);
      if (name !== undefined && !/^[-A-Za-z0-9]+$/.test(name)) errors.add('k8s/invalid-value', 'invalid', child(path, 'httpGet', 'httpHeaders'), `"${name}" is not a header name (letters, digits and '-')`);
    });
  }
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const value = probe[field];
    if (typeof value === 'number' && value < 0) errors.add('k8s/invalid-value', 'invalid', child(path, field), 'must not be negative');
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) errors.add('k8s/invalid-value', 'invalid', child(path, 'terminationGracePeriodSeconds'), 'must be greater than 0');
  const success = probe.successThreshold;
  // An unset or zero successThreshold is filled in with 1.
  if (kind !== 'readiness' && typeof success === 'number' && success !== 0 && success !== 1) errors.add('k8s/invalid-value', 'invalid', child(path, 'successThreshold'), `must be 1 for a ${kind} probe`);
  if (kind === 'readiness' && isSet(probe.terminationGracePeriodSeconds)) errors.add('k8s/invalid-value', 'invalid', child(path, 'terminationGracePeriodSeconds'), 'cannot be set on a readiness probe');
}

export function validatePortNumberOrName(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  if (typeof value === 'number') for (const problem of portNumberProblems(value)) errors.add('k8s/invalid-value', 'invalid', path, problem);
  else if (typeof value === 'string') for (const problem of portNameProblems(value)) errors.add('k8s/invalid-value', 'invalid', path, `"${value}" ${problem}`);
  else if (value === null || value === undefined) errors.add('k8s/invalid-value', 'invalid', path, 'must be a port number from 1 to 65535 or a port name');
}
