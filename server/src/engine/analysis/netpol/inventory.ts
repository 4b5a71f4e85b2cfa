/**
 * What NetworkPolicy reachability needs from a set of files: the policies, the pod-bearing workloads and the
 * namespaces they define, kept per file so a changed file replaces only its own entries. It mirrors the RBAC
 * workspace index (`workspace.ts`) but stays separate, so NetworkPolicy work never moves the RBAC index's version.
 */
import type { Node } from 'yaml';
import type { ManifestDocument } from '../../model/document';
import { namespaceOf, workloadOf } from '../../model/views/workload';
import { perDocument } from '../per-document';
import type { SourceLocation } from '../../reference/policy-data';
import { placeNetworkPolicy, relativeNetworkPolicy, type NetworkPolicyData } from './policy';
import { NetworkModel } from './reach';

export interface ContainerPortData {
  name?: string;
  containerPort?: number;
  protocol: string;
}

/** A Pod or a workload's pods, as an endpoint of traffic. */
export interface WorkloadData {
  type: 'workload';
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ports: ContainerPortData[];
  source?: SourceLocation;
}

export interface NamespaceData {
  name: string;
  labels: Record<string, string>;
  source?: SourceLocation;
}

interface DocumentFacts {
  policy?: NetworkPolicyData;
  workload?: WorkloadData;
  namespace?: NamespaceData;
}

/** A file's NetworkPolicy-relevant objects, placed in the file; plain data, so it can cross a worker boundary. */
export interface NetworkFileFacts {
  policies: NetworkPolicyData[];
  workloads: WorkloadData[];
  namespaces: NamespaceData[];
  /** What the objects say, without where: equal meanings give equal reachability answers. */
  meaning: string;
}

/** The NetworkPolicy, workload or Namespace of a document, with locations relative to it. */
export const networkFacts: (document: ManifestDocument) => DocumentFacts = perDocument((document) => {
  const policy = relativeNetworkPolicy(document);
  const workload = workloadOf(document);
  const namespace = namespaceOf(document);
  return {
    ...(policy ? { policy } : {}),
    ...(workload?.name
      ? {
          workload: {
            type: 'workload' as const,
            kind: workload.kind,
            name: workload.name.value,
            namespace: workload.namespace,
            labels: workload.podLabels,
            ports: workload.ports.map((port) => ({ ...(port.name ? { name: port.name.value } : {}), ...(port.containerPort !== undefined ? { containerPort: port.containerPort } : {}), protocol: port.protocol })),
            source: at(workload.node),
          },
        }
      : {}),
    ...(namespace?.name ? { namespace: { name: namespace.name.value, labels: namespace.labels, source: at(namespace.node) } } : {}),
  };
});

/** What a document's facts say, without where: equal meanings give equal reachability answers. */
const factsMeaning: (document: ManifestDocument) => string = perDocument((document) =>
  JSON.stringify(networkFacts(document), (key, value: unknown) => (key === 'source' ? undefined : value)),
);

export class NetworkInventory {
  private readonly files = new Map<string, NetworkFileFacts>();
  private cachedModel: NetworkModel | undefined;
  private generation = 0;

  /** Moves whenever what the indexed policies, workloads or namespaces say changes. */
  get version(): number {
    return this.generation;
  }

  /** Records the NetworkPolicy-relevant objects of a file's documents, each starting at `offset` in the file. */
  setFile(file: string, documents: readonly { document: ManifestDocument; offset: number }[]): void {
    this.setFacts(file, networkFactsOfFile(file, documents));
  }

  /** Records facts extracted elsewhere (`networkFactsOfFile`), such as in an indexing worker. */
  setFacts(file: string, facts: NetworkFileFacts): void {
    if (facts.meaning !== (this.files.get(file)?.meaning ?? '')) this.generation++;
    this.files.set(file, facts);
    this.cachedModel = undefined;
  }

  removeFile(file: string): void {
    if (this.files.delete(file)) {
      this.cachedModel = undefined;
      this.generation++;
    }
  }

  /** The reachability model over every indexed file, rebuilt only after a change. */
  model(): NetworkModel {
    if (!this.cachedModel) {
      const files = [...this.files.values()];
      this.cachedModel = new NetworkModel(
        files.flatMap((facts) => facts.policies),
        files.flatMap((facts) => facts.workloads),
        files.flatMap((facts) => facts.namespaces),
      );
    }
    return this.cachedModel;
  }
}

/** The NetworkPolicy-relevant objects of a file's documents, each starting at `offset` in the file. */
export function networkFactsOfFile(file: string, documents: readonly { document: ManifestDocument; offset: number }[]): NetworkFileFacts {
  const facts: NetworkFileFacts = { policies: [], workloads: [], namespaces: [], meaning: documents.map(({ document }) => factsMeaning(document)).join('\n') };
  const place = <T extends { source?: SourceLocation }>(item: T, offset: number): T =>
    item.source ? { ...item, source: { file, start: item.source.start + offset, end: item.source.end + offset } } : item;
  for (const { document, offset } of documents) {
    const { policy, workload, namespace } = networkFacts(document);
    if (policy) facts.policies.push(placeNetworkPolicy(policy, file, offset));
    if (workload) facts.workloads.push(place(workload, offset));
    if (namespace) facts.namespaces.push(place(namespace, offset));
  }
  return facts;
}

function at(node: Node): SourceLocation {
  const [start, end] = node.range ?? [0, 0];
  return { file: '', start, end };
}
