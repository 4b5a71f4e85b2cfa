/**
 * Pods for the validation oracle: realistic pod specs (containers with ports, environment, resources, mounts,
 * probes and security contexts; init containers and sidecars; volumes; tolerations; host namespaces) and the
 * mutations that go after their fields. The same specs and mutations serve the pod templates of workloads.
 */
import * as catalogue from './validation-catalogue';
import { chance, findAll, getAt, isMap, pick, type Data, type Mutation, type Path, type Random } from './validation-data';

/** ServiceAccounts that exist in every oracle namespace: the ServiceAccount admission plugin refuses pods naming others. */
export const SERVICE_ACCOUNTS = ['default', 'ci', 'deployer', 'web', 'web-1', 'a', '1abc', 'web.example.com'];

const VOLUMES: Data[] = [
  { name: 'data', emptyDir: {} },
  { name: 'config', configMap: { name: 'app-config' } },
  { name: 'certs', secret: { secretName: 'app-tls', defaultMode: 0o400 } },
  { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } },
];

function container(random: Random, name: string, volumes: Data[]): Data {
  const result: Data = { name, image: pick(random, ['nginx:1.27', 'registry.example.com/shop/api:2.1', 'busybox']) };
  if (chance(random, 0.5)) result.ports = [{ containerPort: 8080, name: 'http', ...(chance(random, 0.5) ? { protocol: 'TCP' } : {}) }];
  if (chance(random, 0.4)) {
    result.env = [
      { name: 'LOG_LEVEL', value: 'info' },
      ...(chance(random, 0.5) ? [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] : []),
      ...(chance(random, 0.5) ? [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] : []),
    ];
  }
  if (chance(random, 0.5)) result.resources = chance(random, 0.6) ? { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } : { limits: { cpu: '1', memory: '1Gi' } };
  const mounted = volumes.filter(() => chance(random, 0.6));
  if (mounted.length > 0) result.volumeMounts = mounted.map((volume, index) => ({ name: volume.name, mountPath: `/mnt/${String(volume.name)}${index}` }));
  if (chance(random, 0.4)) result.securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...(chance(random, 0.5) ? { runAsNonRoot: true, readOnlyRootFilesystem: true } : {}) };
  if (chance(random, 0.3)) result.livenessProbe = { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10 };
  if (chance(random, 0.3)) result.readinessProbe = { tcpSocket: { port: 8080 } };
  if (chance(random, 0.2)) result.imagePullPolicy = 'IfNotPresent';
  if (chance(random, 0.2)) result.command = ['/bin/server', '--port=8080'];
  return result;
}

/** A valid pod spec; `restartPolicies` are the ones the owning kind accepts (all three for a Pod). */
export function podSpec(random: Random, restartPolicies: readonly string[] = ['Always', 'OnFailure', 'Never']): Data {
  const volumes = VOLUMES.filter(() => chance(random, 0.4)).map((volume) => structuredClone(volume));
  const spec: Data = { containers: [container(random, 'app', volumes), ...(chance(random, 0.3) ? [container(random, 'sidecar', volumes)] : [])] };
  if (volumes.length > 0) spec.volumes = volumes;
  if (chance(random, 0.2)) spec.initContainers = [chance(random, 0.5) ? { name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] } : { name: 'proxy', image: 'envoyproxy/envoy:v1.31', restartPolicy: 'Always' }];
  if (chance(random, 0.4)) spec.securityContext = { runAsNonRoot: true, runAsUser: 1000, ...(chance(random, 0.5) ? { fsGroup: 2000 } : {}), ...(chance(random, 0.5) ? { seccompProfile: { type: 'RuntimeDefault' } } : {}) };
  if (chance(random, 0.3) || restartPolicies.length < 3) spec.restartPolicy = pick(random, restartPolicies);
  if (chance(random, 0.2)) spec.dnsPolicy = pick(random, ['ClusterFirst', 'Default']);
  if (chance(random, 0.3)) spec.serviceAccountName = pick(random, ['default', 'ci', 'deployer']);
  if (chance(random, 0.2)) spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
  if (chance(random, 0.2)) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }];
  if (chance(random, 0.1)) spec.imagePullSecrets = [{ name: 'registry' }];
  if (chance(random, 0.1)) spec.automountServiceAccountToken = false;
  if (chance(random, 0.08)) spec.hostNetwork = true;
  return spec;
}

// ------------------------------------------------------------------------------------------------------------
// Mutations of pod specs, wherever the spec sits in the object.

/** The path of the pod spec inside an object (a Pod's spec, a workload's template, a CronJob's job template). */
function specPaths(object: Data): Path[] {
  return findAll({ root: object }, (_path, value) => isMap(value) && Array.isArray(value.containers)).map((path) => path.slice(1));
}

function containerPaths(object: Data): Path[] {
  return findAll(object, (path, value) => isMap(value) && (path[path.length - 2] === 'containers' || path[path.length - 2] === 'initContainers'));
}

function onContainer(change: (container: Data, random: Random, spec: Data) => string | undefined): Mutation {
  return (random, { object }) => {
    const candidates = containerPaths(object);
    if (candidates.length === 0) return undefined;
    const path = pick(random, candidates);
    const description = change(getAt(object, path) as Data, random, getAt(object, path.slice(0, -2)) as Data);
    return description && `${description} at ${path.join('.')}`;
  };
}

function onSpec(change: (spec: Data, random: Random) => string | undefined): Mutation {
  return (random, { object }) => {
    const candidates = specPaths(object);
    if (candidates.length === 0) return undefined;
    const path = pick(random, candidates);
    const description = change((path.length === 0 ? object : getAt(object, path)) as Data, random);
    return description && `${description} at ${path.join('.') || 'spec'}`;
  };
}

export const POD_MUTATIONS: Record<string, Mutation> = {
  containerName: onContainer((container, random, spec) => {
    const others = [...((spec.containers as Data[]) ?? []), ...((spec.initContainers as Data[]) ?? [])].map((item) => item.name);
    container.name = chance(random, 0.3) ? pick(random, others) : pick(random, catalogue.NAMES);
    return `container name ${JSON.stringify(container.name)}`;
  }),
  image: onContainer((container, random) => {
    container.image = pick(random, catalogue.IMAGES);
    return `image ${JSON.stringify(container.image)}`;
  }),
  port: onContainer((container, random) => {
    const port: Data = { containerPort: pick(random, catalogue.CONTAINER_PORTS) };
    if (chance(random, 0.3)) port.hostPort = pick(random, catalogue.CONTAINER_PORTS);
    if (chance(random, 0.4)) port.protocol = pick(random, catalogue.PROTOCOLS);
    if (chance(random, 0.5)) port.name = pick(random, catalogue.PORTS.filter((value) => typeof value === 'string'));
    container.ports = [...((container.ports as Data[]) ?? []), port];
    return `port ${JSON.stringify(port)}`;
  }),
  env: onContainer((container, random) => {
    const variable: Data = { name: pick(random, catalogue.ENV_NAMES) };
    const choice = random();
    if (choice < 0.3) variable.value = 'x';
    else if (choice < 0.8) variable.valueFrom = pick(random, catalogue.VALUE_FROMS);
    else Object.assign(variable, { value: 'x', valueFrom: pick(random, catalogue.VALUE_FROMS) });
    container.env = [...((container.env as Data[]) ?? []), variable];
    return `env ${JSON.stringify(variable)}`;
  }),
  envFrom: onContainer((container, random) => {
    const source = pick(random, catalogue.ENV_FROMS);
    container.envFrom = [source];
    return `envFrom ${JSON.stringify(source)}`;
  }),
  resources: onContainer((container, random) => {
    const resources = (container.resources ??= {}) as Data;
    const field = pick(random, ['requests', 'limits']);
    const list = (resources[field] ??= {}) as Data;
    const name = chance(random, 0.7) ? pick(random, ['cpu', 'memory']) : pick(random, catalogue.COMPUTE_RESOURCES);
    list[name] = pick(random, catalogue.QUANTITIES);
    return `${field}.${name} ${JSON.stringify(list[name])}`;
  }),
  volumeMount: onContainer((container, random, spec) => {
    const volumes = ((spec.volumes as Data[]) ?? []).map((volume) => volume.name);
    const mount: Data = { name: chance(random, 0.6) && volumes.length > 0 ? pick(random, volumes) : pick(random, ['missing', 'data', 'Data']), mountPath: pick(random, catalogue.MOUNT_PATHS) };
    if (chance(random, 0.3)) mount.subPath = pick(random, catalogue.SUB_PATHS);
    if (chance(random, 0.2)) mount.mountPropagation = pick(random, catalogue.PROPAGATIONS);
    container.volumeMounts = [...((container.volumeMounts as Data[]) ?? []), mount];
    return `volumeMount ${JSON.stringify(mount)}`;
  }),
  containerSecurity: onContainer((container, random, spec) => {
    const context = (isMap(container.securityContext) ? container.securityContext : (container.securityContext = {})) as Data;
    const [field, values] = pick(random, catalogue.CONTAINER_SECURITY);
    context[field] = pick(random, values);
    if (field === 'procMount' && chance(random, 0.5)) spec.hostUsers = false;
    return `securityContext.${field} ${JSON.stringify(context[field])}`;
  }),
  probe: onContainer((container, random) => {
    const kind = pick(random, ['livenessProbe', 'readinessProbe', 'startupProbe']);
    container[kind] = structuredClone(pick(random, catalogue.PROBES));
    return `${kind} ${JSON.stringify(container[kind])}`;
  }),
  volume: onSpec((spec, random) => {
    const volume = structuredClone(pick(random, catalogue.VOLUME_VARIANTS));
    if (chance(random, 0.3)) volume.name = pick(random, catalogue.NAMES);
    spec.volumes = [...((spec.volumes as Data[]) ?? []), volume];
    return `volume ${JSON.stringify(volume)}`;
  }),
  podSecurity: onSpec((spec, random) => {
    const context = (isMap(spec.securityContext) ? spec.securityContext : (spec.securityContext = {})) as Data;
    const [field, values] = pick(random, catalogue.POD_SECURITY);
    context[field] = pick(random, values);
    return `pod securityContext.${field} ${JSON.stringify(context[field])}`;
  }),
  podField: onSpec((spec, random) => {
    const [field, values] = pick(random, catalogue.POD_FIELDS);
    spec[field] = structuredClone(pick(random, values));
    return `${field} ${JSON.stringify(spec[field])}`;
  }),
  toleration: onSpec((spec, random) => {
    const toleration = structuredClone(pick(random, catalogue.TOLERATIONS));
    spec.tolerations = [...((spec.tolerations as Data[]) ?? []), toleration];
    return `toleration ${JSON.stringify(toleration)}`;
  }),
  initContainer: onSpec((spec, random) => {
    const init: Data = { name: pick(random, ['init', 'app', 'setup']), image: 'busybox' };
    if (chance(random, 0.5)) init.restartPolicy = pick(random, ['Always', 'Never', 'OnFailure', 'Sometimes']);
    if (chance(random, 0.5)) init[pick(random, ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'])] = structuredClone(pick(random, catalogue.PROBES));
    spec.initContainers = [...((spec.initContainers as Data[]) ?? []), init];
    return `init container ${JSON.stringify(init)}`;
  }),
  hostNetworkPorts: onSpec((spec, random) => {
    spec.hostNetwork = true;
    const first = ((spec.containers as Data[]) ?? [])[0];
    if (!first) return undefined;
    first.ports = [{ containerPort: 8080, ...(chance(random, 0.6) ? { hostPort: pick(random, [8080, 9090, 0]) } : {}) }];
    return `hostNetwork with ports ${JSON.stringify(first.ports)}`;
  }),
};

/** A pod template selected by `app=<app>`, with the restart policy controllers need. */
function template(random: Random, app: string): Data {
  return { metadata: { labels: { app, ...(chance(random, 0.3) ? { tier: 'front' } : {}) } }, spec: podSpec(random, ['Always']) };
}

function selectorFor(random: Random, app: string): Data {
  return chance(random, 0.8) ? { matchLabels: { app } } : { matchExpressions: [{ key: 'app', operator: 'In', values: [app, 'other'] }] };
}

/** Builders of the pod-bearing kinds: the pod spec sits where each kind keeps it. */
export const WORKLOAD_BUILDERS: Record<string, (random: Random, namespace: string, meta: Data) => { apiVersion: string; object: Data }> = {
  Pod: (random, _namespace, meta) => ({ apiVersion: 'v1', object: { metadata: meta, spec: podSpec(random) } }),
  Deployment: (random, _namespace, meta) => {
    const app = pick(random, ['web', 'api']);
    const spec: Data = { selector: selectorFor(random, app), template: template(random, app) };
    if (chance(random, 0.5)) spec.replicas = pick(random, [1, 3]);
    if (chance(random, 0.3)) spec.strategy = pick(random, [{ type: 'Recreate' }, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }, { rollingUpdate: { maxSurge: '50%' } }]);
    if (chance(random, 0.2)) Object.assign(spec, { minReadySeconds: 10, progressDeadlineSeconds: 300 });
    return { apiVersion: 'apps/v1', object: { metadata: meta, spec } };
  },
  ReplicaSet: (random, _namespace, meta) => {
    const app = pick(random, ['web', 'api']);
    return { apiVersion: 'apps/v1', object: { metadata: meta, spec: { replicas: 2, selector: selectorFor(random, app), template: template(random, app) } } };
  },
  DaemonSet: (random, _namespace, meta) => {
    const app = 'agent';
    const spec: Data = { selector: selectorFor(random, app), template: template(random, app) };
    if (chance(random, 0.3)) spec.updateStrategy = pick(random, [{ type: 'OnDelete' }, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } }, { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }]);
    return { apiVersion: 'apps/v1', object: { metadata: meta, spec } };
  },
  StatefulSet: (random, _namespace, meta) => {
    const app = 'db';
    const spec: Data = { selector: selectorFor(random, app), template: template(random, app), ...(chance(random, 0.7) ? { serviceName: 'db' } : {}) };
    if (chance(random, 0.3)) spec.podManagementPolicy = 'Parallel';
    if (chance(random, 0.3)) spec.updateStrategy = pick(random, [{ type: 'OnDelete' }, { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }]);
    return { apiVersion: 'apps/v1', object: { metadata: meta, spec } };
  },
  ReplicationController: (random, _namespace, meta) => {
    const app = 'legacy';
    return { apiVersion: 'v1', object: { metadata: meta, spec: { replicas: 1, ...(chance(random, 0.7) ? { selector: { app } } : {}), template: template(random, app) } } };
  },
  PodTemplate: (random, _namespace, meta) => ({ apiVersion: 'v1', object: { metadata: meta, template: { metadata: { labels: { app: 'batch' } }, spec: podSpec(random) } } }),
};

/** Mutations of the controller settings around a pod template. */
export const CONTROLLER_MUTATIONS: Record<string, Mutation> = {
  selector(random, { object }) {
    const spec = object.spec as Data | undefined;
    if (!isMap(spec)) return undefined;
    spec.selector = structuredClone(pick(random, catalogue.CONTROLLER_SELECTORS));
    return `selector ${JSON.stringify(spec.selector)}`;
  },
  templateLabels(random, { object }) {
    const metadata = getAt(object, ['spec', 'template', 'metadata']) ?? getAt(object, ['template', 'metadata']);
    if (!isMap(metadata)) return undefined;
    metadata.labels = structuredClone(pick(random, catalogue.TEMPLATE_LABELS));
    return `template labels ${JSON.stringify(metadata.labels)}`;
  },
  controllerField(random, { object }) {
    const spec = object.spec as Data | undefined;
    if (!isMap(spec)) return undefined;
    const [field, values] = pick(random, catalogue.CONTROLLER_FIELDS);
    spec[field] = structuredClone(pick(random, values));
    return `${field} ${JSON.stringify(spec[field])}`;
  },
};
