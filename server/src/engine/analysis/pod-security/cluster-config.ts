/**
 * The cluster-wide Pod Security configuration a workspace may hold: a PodSecurityConfiguration, alone or inside an
 * AdmissionConfiguration's PodSecurity plugin entry, gives the defaults for namespaces without labels and the
 * exemptions (namespaces, runtime classes, users). Kept per file in the workspace index, as plain data.
 */
import { perDocument } from '../per-document';
import type { ManifestDocument } from '../../model/document';
import { list, record, text, type Data } from '../../validation/data';
import type { Exemptions } from './admission';
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

/** The Pod Security configurations of the workspace's files; the first one found is the cluster's. */
export class PodSecurityInventory {
  private readonly files = new Map<string, ClusterPodSecurity>();
  private generation = 0;

  get version(): number {
    return this.generation;
  }

  setFacts(file: string, facts: ClusterPodSecurity | undefined): void {
    if (JSON.stringify(this.files.get(file)) !== JSON.stringify(facts)) this.generation++;
    if (facts) this.files.set(file, facts);
    else this.files.delete(file);
  }

  removeFile(file: string): void {
    if (this.files.delete(file)) this.generation++;
  }

  cluster(): ClusterPodSecurity | undefined {
    const [first] = [...this.files.keys()].sort();
    return first === undefined ? undefined : this.files.get(first);
  }
}

/** The first Pod Security configuration among a file's documents. */
export function podSecurityOfFile(documents: readonly { document: ManifestDocument }[]): ClusterPodSecurity | undefined {
  for (const { document } of documents) {
    const found = clusterPodSecurityOf(document);
    if (found) return found;
  }
  return undefined;
}
