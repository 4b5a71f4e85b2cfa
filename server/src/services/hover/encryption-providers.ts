/**
 * On a provider of an EncryptionConfiguration: what it does, and for which resources of its entry it writes (the
 * first provider that applies) and for which it only reads data written earlier. Key material is never shown.
 */
import { parseGroupResource, readEncryptionConfiguration, type ProviderKind } from '../../engine/analysis/controlplane/encryption-config';
import { list, record, text } from '../../engine/validation/data';
import type { HoverProvider } from './index';

const WHAT: Record<ProviderKind, string> = {
  aesgcm: 'AES-GCM with a key from this file: fast and authenticated, but each key must be rotated well before about 2^32 writes.',
  aescbc: 'AES-CBC with a key from this file: open to padding-oracle attacks, so upstream recommends it only for reading old data.',
  secretbox: 'XSalsa20 and Poly1305 with a key from this file: strong and fast.',
  identity: 'no encryption: objects are written to etcd as they are.',
  kms: 'envelope encryption: each object gets its own data key, encrypted by an external key management service, so the key never lives on the control plane.',
};

export const encryptionProviderHover: HoverProvider = {
  id: 'encryption-provider',
  provide({ position, config }) {
    const { entry, target } = position;
    const document = entry.document;
    const path = target?.path ?? [];
    if (document.apiVersion?.value !== 'apiserver.config.k8s.io/v1' || document.kind?.value !== 'EncryptionConfiguration') return undefined;
    if (path[0] !== 'resources' || typeof path[1] !== 'number' || path[2] !== 'providers' || typeof path[3] !== 'number') return undefined;
    const object = record(document.data().data);
    if (!object) return undefined;
    const [entryIndex, providerIndex] = [path[1], path[3]];
    const reading = readEncryptionConfiguration(object, Number(config.kubernetesVersion.split('.')[1] ?? 0));
    if (reading.problems.some((problem) => problem.kind === 'refused')) return undefined;
    const resources = (list(record(list(object.resources)?.[entryIndex])?.resources) ?? []).map((item) => text(item) ?? '');
    const writes: string[] = [];
    const reads: string[] = [];
    let kind: ProviderKind | undefined;
    for (const resource of resources) {
      const { group, resource: name } = parseGroupResource(resource);
      const providers = reading.providersFor(group, name);
      const position = providers.findIndex((provider) => provider.entry === entryIndex && provider.index === providerIndex);
      if (position < 0) continue;
      kind = providers[position].kind;
      (position === 0 ? writes : reads).push(resource);
    }
    if (!kind) return undefined;
    const lines = [`**${kind}**: ${WHAT[kind]}`];
    if (writes.length > 0) lines.push(`- Writes ${writes.map((name) => `\`${name}\``).join(', ')}: every new or updated object is stored with it.`);
    if (reads.length > 0) lines.push(`- Only reads ${reads.map((name) => `\`${name}\``).join(', ')}: objects stored with it stay readable, but writes use the provider before it.`);
    return { markdown: lines.join('\n') };
  },
};
