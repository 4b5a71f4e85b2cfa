/**
 * The command-line flags of the control plane's components, wherever a workspace writes them: the command and
 * args of a static pod's container that runs kube-apiserver, kube-controller-manager, kube-scheduler or etcd (a
 * whole command line), and the `extraArgs` of a kubeadm ClusterConfiguration (kubeadm.k8s.io/v1beta3 as a map,
 * v1beta4 as a list of name and value), which only add to the flags kubeadm sets itself.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { ManifestDocument } from '../../model/document';
import { findPair } from '../../model/nodes';
import { podSpecOf } from '../../model/views/workload';

export const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface Flag {
  /** With its dashes: `--authorization-mode`. */
  name: string;
  value?: string;
  node: Scalar;
}

export interface ComponentCommand {
  component: Component;
  /** Where to report what the command lacks: the binary, or the kubeadm section. */
  anchor: Scalar;
  flags: Flag[];
  /** A whole command line (a static pod); kubeadm's extraArgs only add to flags it sets itself. */
  complete: boolean;
  /** Whether it listens in the node's network namespace: a pod with hostNetwork, or kubeadm's static pods. */
  hostNetwork: boolean;
}

const KUBEADM_SECTIONS: [Component, string[]][] = [
  ['kube-apiserver', ['apiServer']],
  ['kube-controller-manager', ['controllerManager']],
  ['kube-scheduler', ['scheduler']],
  ['etcd', ['etcd', 'local']],
];

export function componentCommands(doc: ManifestDocument): ComponentCommand[] {
  const root = doc.root;
  const kind = doc.kind?.value;
  if (isMap(root) && kind === 'ClusterConfiguration' && /^kubeadm\.k8s\.io\/v1beta[34]$/.test(doc.apiVersion?.value ?? '')) return kubeadmCommands(root);
  const pod = podSpecOf(doc);
  const hostNetwork = isScalar(findPair(pod?.spec, 'hostNetwork')?.value) && (findPair(pod?.spec, 'hostNetwork')?.value as Scalar).value === true;
  return (pod?.containers ?? []).flatMap((container) => {
    const command = containerCommand(container.node, hostNetwork);
    return command ? [command] : [];
  });
}

function strings(node: unknown): Scalar[] {
  return isSeq(node) ? node.items.filter((item): item is Scalar => isScalar(item) && typeof item.value === 'string') : [];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `kube-apiserver …`, or `hyperkube kube-apiserver …` as older static pods have it. */
function containerCommand(container: YAMLMap, hostNetwork: boolean): ComponentCommand | undefined {
  const command = strings(findPair(container, 'command')?.value);
  const args = strings(findPair(container, 'args')?.value);
  const index = command.slice(0, 2).findIndex((item) => (COMPONENTS as readonly string[]).includes(basename(String(item.value))));
  if (index === -1) return undefined;
  const words = [...command.slice(index + 1), ...args];
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = String(words[i].value);
    if (!word.startsWith('--')) continue;
    const equals = word.indexOf('=');
    if (equals !== -1) flags.push({ name: word.slice(0, equals), value: word.slice(equals + 1), node: words[i] });
    else if (i + 1 < words.length && !String(words[i + 1].value).startsWith('-')) {
      flags.push({ name: word, value: String(words[i + 1].value), node: words[i] });
      i++;
    } else flags.push({ name: word, node: words[i] });
  }
  return { component: basename(String(command[index].value)) as Component, anchor: command[index], flags, complete: true, hostNetwork };
}

function kubeadmCommands(root: YAMLMap): ComponentCommand[] {
  return KUBEADM_SECTIONS.flatMap(([component, path]) => {
    let section: unknown = root;
    let key: unknown;
    for (const name of path) {
      const pair = isMap(section) ? findPair(section, name) : undefined;
      key = pair?.key;
      section = pair?.value;
    }
    const extraArgs = isMap(section) ? findPair(section, 'extraArgs') : undefined;
    if (!extraArgs || !isScalar(key)) return [];
    const flags: Flag[] = [];
    if (isMap(extraArgs.value)) {
      for (const pair of extraArgs.value.items) {
        if (isScalar(pair.key) && isScalar(pair.value)) flags.push({ name: `--${String(pair.key.value)}`, value: String(pair.value.value ?? ''), node: pair.key });
      }
    } else if (isSeq(extraArgs.value)) {
      for (const item of extraArgs.value.items) {
        const name = isMap(item) ? findPair(item, 'name') : undefined;
        const value = isMap(item) ? findPair(item, 'value')?.value : undefined;
        if (name && isScalar(name.value)) flags.push({ name: `--${String(name.value.value)}`, value: isScalar(value) ? String(value.value ?? '') : '', node: name.value });
      }
    }
    return [{ component, anchor: (isScalar(extraArgs.key) ? extraArgs.key : key) as Scalar, flags, complete: false, hostNetwork: true }];
  });
}
