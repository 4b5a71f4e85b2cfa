/**
 * The names kube-apiserver's serving certificate must carry, and whether it carries them as Go's TLS clients check
 * it (crypto/x509 VerifyHostname: a DNS name matches a SAN case-insensitively, a `*.` wildcard stands for one
 * label, an IP address must be listed as one, and the CN is not looked at). Every client in a pod reaches the API
 * server as kubernetes.default.svc (and its short forms), at the first address of the service range; the workspace
 * adds the addresses a kubeadm configuration or a kube-apiserver static pod says clients use.
 *
 * Which certificate is the serving one: kubeadm's apiserver.crt, the file a static pod's --tls-cert-file names (a
 * node path, matched by node-paths), or a leaf for CN kube-apiserver that may serve.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { ManifestDocument } from '../../model/document';
import { findPair } from '../../model/nodes';
import { componentCommands } from '../controlplane/component-flags';
import { FactsByFile } from '../facts-by-file';
import { standsFor } from '../node-paths';
import { formatAddress, parseAddress, parseCidr } from '../netpol/ip';
import type { CertificateInfo } from '../credentials/x509';

export interface ApiserverNameFacts {
  /** The cluster's DNS domain (kubeadm networking.dnsDomain). */
  dnsDomain?: string;
  /** The service range (`--service-cluster-ip-range` or kubeadm networking.serviceSubnet), first range if two. */
  serviceRange?: string;
  /** Host names and addresses clients use: controlPlaneEndpoint's host, certSANs, the advertise address. */
  names: string[];
  /** The node path of the serving certificate a kube-apiserver static pod names (`--tls-cert-file`). */
  servingCertificate?: string;
}

const text = (node: unknown): string | undefined => (isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined);
const at = (root: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => (isMap(node) ? findPair(node, key)?.value : undefined), root);

export function apiserverNameFactsOf(documents: readonly { document: ManifestDocument }[]): ApiserverNameFacts[] {
  const facts: ApiserverNameFacts[] = [];
  for (const { document } of documents) {
    const root = document.root;
    const group = document.apiVersion?.value ?? '';
    if (/^kubeadm\.k8s\.io\/v1beta[34]$/.test(group) && document.kind?.value === 'ClusterConfiguration') {
      const endpoint = text(at(root, 'controlPlaneEndpoint'));
      const sans = at(root, 'apiServer', 'certSANs');
      facts.push({
        ...(text(at(root, 'networking', 'dnsDomain')) ? { dnsDomain: text(at(root, 'networking', 'dnsDomain'))! } : {}),
        ...(text(at(root, 'networking', 'serviceSubnet')) ? { serviceRange: text(at(root, 'networking', 'serviceSubnet'))!.split(',')[0] } : {}),
        names: [...(endpoint ? [hostOf(endpoint)] : []), ...(isSeq(sans) ? sans.items.map(text).filter((name): name is string => !!name) : [])],
      });
    } else if (/^kubeadm\.k8s\.io\/v1beta[34]$/.test(group) && document.kind?.value === 'InitConfiguration') {
      const address = text(at(root, 'localAPIEndpoint', 'advertiseAddress'));
      if (address) facts.push({ names: [address] });
    } else if (document.category === 'kubernetes') {
      for (const command of componentCommands(document)) {
        if (command.component !== 'kube-apiserver' || !command.complete) continue;
        const flag = (name: string) => command.flags.findLast((found) => found.name === name)?.value;
        const range = flag('--service-cluster-ip-range');
        const address = flag('--advertise-address');
        const serving = flag('--tls-cert-file');
        facts.push({ ...(range ? { serviceRange: range.split(',')[0] } : {}), names: address ? [address] : [], ...(serving ? { servingCertificate: serving } : {}) });
      }
    }
  }
  return facts;
}

/** The host of `host[:port]` or `[ipv6]:port`. */
function hostOf(endpoint: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(endpoint);
  if (bracketed) return bracketed[1];
  return endpoint.split(':').length === 2 ? endpoint.split(':')[0] : endpoint;
}

export class ApiserverNameInventory extends FactsByFile<ApiserverNameFacts> {}

/**
 * The names a kube-apiserver serving certificate must carry for the workspace: the kubernetes.default names in the
 * cluster's domain (the workspace's, else the one the certificate itself uses, else cluster.local), the first
 * address of the service range when the workspace gives one, and the names its configuration says clients use.
 */
export function requiredApiserverNames(facts: readonly ApiserverNameFacts[], certificate: Pick<CertificateInfo, 'sans'>): string[] {
  const ownDomain = certificate.sans.map((san) => /^DNS:kubernetes\.default\.svc\.(.+)$/i.exec(san)?.[1]).find(Boolean);
  const domain = facts.find((fact) => fact.dnsDomain)?.dnsDomain ?? ownDomain ?? 'cluster.local';
  const names = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${domain}`];
  const range = facts.find((fact) => fact.serviceRange)?.serviceRange;
  const parsed = range ? parseCidr(range) : undefined;
  if (parsed) names.push(formatAddress(parsed.family, parsed.base + 1n));
  for (const fact of facts) names.push(...fact.names);
  return [...new Set(names)];
}

/** Whether the certificate in `file` (the first of the file) is kube-apiserver's serving certificate. */
export function isApiserverServing(file: string, certificate: CertificateInfo, facts: readonly ApiserverNameFacts[], workspaceFiles: Iterable<string>): boolean {
  if (/(^|\/)apiserver\.crt$/.test(file)) return true;
  const files = [...workspaceFiles];
  if (facts.some((fact) => fact.servingCertificate && standsFor(fact.servingCertificate, file, files))) return true;
  const serves = !certificate.extendedKeyUsages || certificate.extendedKeyUsages.some((usage) => usage === 'server auth' || usage === 'any');
  return !certificate.isCA && serves && certificate.subject.commonName === 'kube-apiserver';
}

/** Whether Go's VerifyHostname accepts `name` for a certificate with these SANs. */
export function certificateNames(certificate: Pick<CertificateInfo, 'sans'>, name: string): boolean {
  const ip = parseAddress(name.replace(/^\[|\]$/g, ''));
  if (ip) return certificate.sans.some((san) => san.startsWith('IP:') && parseAddress(san.slice(3))?.value === ip.value && parseAddress(san.slice(3))?.family === ip.family);
  const host = name.toLowerCase().replace(/\.$/, '');
  return certificate.sans.some((san) => {
    if (!san.startsWith('DNS:')) return false;
    // A SAN written with a trailing dot matches no name a client dials (the apiserver-san oracle showed it).
    const pattern = san.slice(4).toLowerCase();
    if (pattern === host) return true;
    if (!pattern.startsWith('*.')) return false;
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot + 1) === pattern.slice(2);
  });
}
