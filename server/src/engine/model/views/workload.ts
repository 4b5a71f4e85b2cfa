/**
 * Typed views of the objects NetworkPolicies select: Pods and the workloads that stamp out Pods from a template,
 * with the template's labels and declared container ports, and Namespaces with their labels. Policies match these
 * labels, and named ports in policies resolve against these ports, so reachability questions start here.
 * `podSpecOf` gives pod rules the pod spec itself, with its containers and their securityContexts.
 */
import { isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { perDocument } from '../../analysis/per-document';
import type { ManifestDocument } from '../document';
import { decodedStringMap, findPair, stringValue, type StringValue } from '../nodes';

/** Where each kind keeps its pod template, as a path of map keys from the object's root. */
const POD_TEMPLATE_PATHS: Record<string, { apiVersion: string; path: string[] }> = {
  Pod: { apiVersion: 'v1', path: [] },
  ReplicationController: { apiVersion: 'v1', path: ['spec', 'template'] },
  Deployment: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  StatefulSet: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  DaemonSet: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  ReplicaSet: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  Job: { apiVersion: 'batch/v1', path: ['spec', 'template'] },
  CronJob: { apiVersion: 'batch/v1', path: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** The label every namespace carries, set by the API server from its name since Kubernetes 1.22. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface ContainerPortView {
  node: YAMLMap;
  name?: StringValue;
  containerPort?: number;
  /** As written, or `TCP` when absent, as the API server defaults it. */
  protocol: string;
}

export interface WorkloadView {
  kind: string;
  node: YAMLMap;
  kindNode: Scalar;
  name?: StringValue;
  /** As written, or `default` when absent (see ARCHITECTURE.md). */
  namespace: string;
  /** The labels its pods carry: the pod template's labels, or a Pod's own. */
  podLabels: Record<string, string>;
  ports: ContainerPortView[];
}

export interface NamespaceView {
  node: YAMLMap;
  kindNode: Scalar;
  name?: StringValue;
  /** The written labels plus `kubernetes.io/metadata.name`, which the API server always sets. */
  labels: Record<string, string>;
}

/** The pod-bearing workload a document defines, if it defines one that parsed. */
export const workloadOf: (document: ManifestDocument) => WorkloadView | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || !document.kind || !document.decodable) return undefined;
  const template = POD_TEMPLATE_PATHS[document.kind.value];
  if (!template || document.readAsApiVersion !== template.apiVersion) return undefined;
  const metadata = mapAt(root, ['metadata']);
  const pod = mapAt(root, template.path);
  return {
    kind: document.kind.value,
    node: root,
    kindNode: document.kind.node,
    name: metadata && stringValue(findPair(metadata, 'name')?.value),
    namespace: (metadata && stringValue(findPair(metadata, 'namespace')?.value)?.value) || 'default',
    podLabels: labelsOf(pod && mapAt(pod, ['metadata'])),
    ports: pod ? portsOf(pod) : [],
  };
});

/** The Namespace a document defines, if it defines one that parsed. */
export const namespaceOf: (document: ManifestDocument) => NamespaceView | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || !document.decodable) return undefined;
  if (document.apiVersion?.value !== 'v1' || document.kind?.value !== 'Namespace') return undefined;
  const metadata = mapAt(root, ['metadata']);
  const name = metadata && stringValue(findPair(metadata, 'name')?.value);
  return {
    node: root,
    kindNode: document.kind.node,
    name,
    labels: { ...labelsOf(metadata), ...(name ? { [NAMESPACE_NAME_LABEL]: name.value } : {}) },
  };
});

function mapAt(map: YAMLMap, path: readonly string[]): YAMLMap | undefined {
  let current: YAMLMap | undefined = map;
  for (const key of path) {
    const next: unknown = current && findPair(current, key)?.value;
    current = isMap(next) ? next : undefined;
  }
  return current;
}

function labelsOf(metadata: YAMLMap | undefined): Record<string, string> {
  return decodedStringMap(findPair(metadata, 'labels')?.value);
}

/** Ports of regular and init containers: a restartable init container (a sidecar) can serve traffic too. */
function portsOf(pod: YAMLMap): ContainerPortView[] {
  const spec = mapAt(pod, ['spec']);
  if (!spec) return [];
  const ports: ContainerPortView[] = [];
  for (const field of ['containers', 'initContainers']) {
    const containers = findPair(spec, field)?.value;
    if (!isSeq(containers)) continue;
    for (const container of containers.items) {
      const list = isMap(container) ? findPair(container, 'ports')?.value : undefined;
      if (!isSeq(list)) continue;
      for (const port of list.items) {
        if (!isMap(port)) continue;
        const number = findPair(port, 'containerPort')?.value;
        ports.push({
          node: port,
          name: stringValue(findPair(port, 'name')?.value),
          ...(isScalar(number) && typeof number.value === 'number' ? { containerPort: number.value } : {}),
          protocol: stringValue(findPair(port, 'protocol')?.value)?.value ?? 'TCP',
        });
      }
    }
  }
  return ports;
}

/** Kinds that hold a pod spec: the pod-bearing workloads, plus PodTemplate, which only stores a template. */
const POD_SPEC_PATHS: Record<string, { apiVersion: string; path: string[] }> = {
  ...POD_TEMPLATE_PATHS,
  PodTemplate: { apiVersion: 'v1', path: ['template'] },
};

/** The three lists of containers a pod spec can hold. */
export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerView {
  node: YAMLMap;
  field: ContainerField;
  name?: StringValue;
  /** The container's `securityContext` entry, when written. */
  securityContext?: Pair;
}

export interface PodSpecView {
  kind: string;
  node: YAMLMap;
  name?: StringValue;
  /** As written, or `default` when absent. */
  namespace: string;
  /** The `spec:` key of the pod (or pod template) and its map. */
  specKey?: Scalar;
  spec: YAMLMap;
  /** The pod-level `securityContext` entry, when written. */
  securityContext?: Pair;
  containers: ContainerView[];
}

/**
 * The pod spec a document holds, with its containers of every list and their securityContexts: a Pod, a
 * pod-bearing workload's template or a PodTemplate. Security rules read pods through this view.
 */
export const podSpecOf: (document: ManifestDocument) => PodSpecView | undefined = perDocument((document) => {
  const root = document.root;
  if (!isMap(root) || !document.kind || !document.decodable) return undefined;
  const template = POD_SPEC_PATHS[document.kind.value];
  if (!template || document.readAsApiVersion !== template.apiVersion) return undefined;
  const pod = mapAt(root, template.path);
  const specPair = pod && findPair(pod, 'spec');
  if (!specPair || !isMap(specPair.value)) return undefined;
  const spec = specPair.value;
  const metadata = mapAt(root, ['metadata']);
  const containers: ContainerView[] = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const list = findPair(spec, field)?.value;
    if (!isSeq(list)) continue;
    for (const container of list.items) {
      if (!isMap(container)) continue;
      const securityContext = findPair(container, 'securityContext');
      containers.push({
        node: container,
        field,
        name: stringValue(findPair(container, 'name')?.value),
        ...(securityContext ? { securityContext } : {}),
      });
    }
  }
  const securityContext = findPair(spec, 'securityContext');
  return {
    kind: document.kind.value,
    node: root,
    name: metadata && stringValue(findPair(metadata, 'name')?.value),
    namespace: (metadata && stringValue(findPair(metadata, 'namespace')?.value)?.value) || 'default',
    ...(isScalar(specPair.key) ? { specKey: specPair.key } : {}),
    spec,
    ...(securityContext ? { securityContext } : {}),
    containers,
  };
});

/** A value of a securityContext entry, when it is a map. */
export function securityContextMap(pair: Pair | undefined): YAMLMap | undefined {
  return pair && isMap(pair.value) ? pair.value : undefined;
}

/** How a container is named in messages: `container "web"`, or `init container "setup"`. */
export function describeContainer(container: ContainerView): string {
  const label = container.field === 'containers' ? 'container' : container.field === 'initContainers' ? 'init container' : 'ephemeral container';
  return container.name ? `${label} "${container.name.value}"` : `an unnamed ${label}`;
}
