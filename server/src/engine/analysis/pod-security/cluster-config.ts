/**
 * The cluster-wide Pod Security configuration a workspace may hold: a PodSecurityConfiguration, alone or inside an
 * AdmissionConfiguration's PodSecurity plugin entry, gives the defaults for namespaces without labels and the
 * exemptions (namespaces, runtime classes, users). Kept per file in the workspace index, as plain data.
 */
import { perDocument } from '../per-document';
import type { ManifestDocument } from '../../model/document';
import { list, record, text, type Data } from '../../validation/data';
import { runningPod, type Exemptions } from './admission';
import type { PodData } from './pod-data';
import type { SourceLocation } from '../../reference/policy-data';
import { MODES, readLevel, readVersion, PRIVILEGED_POLICY, type NamespacePolicy } from './policy';

export interface ClusterPodSecurity {
  defaults: NamespacePolicy;
  exemptions: Exemptions & { usernames: readonly string[] };
}

/** The configuration a document holds, when it is (or embeds) a PodSecurityConfiguration. */
export const clusterPodSecurityOf: (document: ManifestDocument) => ClusterPodSecurity | undefined = perDocument((document) => {
  const { data } = document.data();
  const root = record(data);
  if (!root) return undefined;
  if (root.kind === 'PodSecurityConfiguration') return configuration(root);
  if (root.kind !== 'AdmissionConfiguration') return undefined;
  const plugin = (list(root.plugins) ?? []).map(record).find((item) => item?.name === 'PodSecurity');
  const embedded = record(plugin?.configuration);
  return embedded?.kind === 'PodSecurityConfiguration' ? configuration(embedded) : undefined;
});

function configuration(root: Data): ClusterPodSecurity {
  const defaults = record(root.defaults) ?? {};
  const exemptions = record(root.exemptions) ?? {};
  const policy: NamespacePolicy = { ...PRIVILEGED_POLICY };
  for (const mode of MODES) {
    const level = readLevel(text(defaults[mode]) || 'privileged');
    const version = readVersion(text(defaults[`${mode}-version`]) || 'latest');
    // An unreadable default keeps kube-apiserver from starting; what it would have been is unknown, so it is left out.
    if (level && version !== undefined) policy[mode] = { level, version };
  }
  const strings = (value: unknown) => (list(value) ?? []).flatMap((item) => (typeof item === 'string' ? [item] : []));
  return { defaults: policy, exemptions: { namespaces: strings(exemptions.namespaces), runtimeClasses: strings(exemptions.runtimeClasses), usernames: strings(exemptions.usernames) } };
}

/** A Pod or workload of the workspace, with the pod it runs as the admission plugin sees it. */
export interface RunningPod {
  kind: string;
  namespace: string;
  name: string;
  pod: PodData;
  source: SourceLocation;
}

/** What a file says about Pod Security: a cluster configuration, and the pods its workloads run. */
export interface PodSecurityFileFacts {
  cluster?: ClusterPodSecurity;
  pods: RunningPod[];
}

/** The Pod Security facts of the workspace's files; the first configuration found is the cluster's. */
export class PodSecurityInventory {
  private readonly files = new Map<string, PodSecurityFileFacts>();
  private generation = 0;

  get version(): number {
    return this.generation;
  }

  setFacts(file: string, facts: PodSecurityFileFacts): void {
    if (JSON.stringify(this.files.get(file)?.cluster) !== JSON.stringify(facts.cluster)) this.generation++;
    if (facts.cluster || facts.pods.length > 0) this.files.set(file, facts);
    else this.files.delete(file);
  }

  removeFile(file: string): void {
    if (this.files.delete(file)) this.generation++;
  }

  cluster(): ClusterPodSecurity | undefined {
    const file = [...this.files.keys()].sort().find((candidate) => this.files.get(candidate)?.cluster);
    return file === undefined ? undefined : this.files.get(file)?.cluster;
  }

  /** The pods of a namespace's workloads, in every file. */
  podsIn(namespace: string): RunningPod[] {
    return [...this.files.values()].flatMap((facts) => facts.pods.filter((pod) => pod.namespace === namespace));
  }
}

/** A file's Pod Security facts, from its documents placed at their offsets. */
export function podSecurityOfFile(file: string, documents: readonly { document: ManifestDocument; offset: number }[]): PodSecurityFileFacts {
  const cluster = documents.map(({ document }) => clusterPodSecurityOf(document)).find((found) => found !== undefined);
  const pods = documents.flatMap(({ document, offset }) => {
    const object = record(document.data().data);
    const pod = object && document.category === 'kubernetes' ? runningPod(object) : undefined;
    if (!object || !pod) return [];
    const metadata = record(object.metadata) ?? {};
    const [start, end] = document.root?.range ?? [0, 0];
    return [{ kind: text(object.kind) ?? '', namespace: text(metadata.namespace) || 'default', name: text(metadata.name) ?? '', pod, source: { file, start: offset + start, end: offset + end } }];
  });
  return { ...(cluster ? { cluster } : {}), pods };
}
