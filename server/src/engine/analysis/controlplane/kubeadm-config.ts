/**
 * kubeadm's configuration files (kubeadm.k8s.io/v1beta3 and v1beta4) read as kubeadm 1.36 reads them (cmd/kubeadm
 * app/util/config and apis/kubeadm/validation): every document is decoded strictly against the fields of its kind
 * (reference/kubeadm-fields.json, printed from kubeadm's own types), defaulted, then validated. What is checked
 * here of the validation: bootstrap tokens (format, usages, groups, ttl beside expires), the local API endpoint,
 * the node name and image pull policy, the certificate key, certSANs, the control-plane endpoint, the certificates
 * directory, feature gates, the encryption algorithm, extraArgs names, the DNS domain, subnets that are not
 * CIDRs, the Kubernetes version kubeadm can deploy, and local and external etcd together. Values kubeadm detects on
 * the machine when they are left out (node name, advertise address) are not checked when absent.
 */
import fields from '../../reference/kubeadm-fields.json';
import type { PathSegment } from '../../model/nodes';
import { list, record, text, type Data } from '../../validation/data';
import { dnsSubdomainProblems } from '../../validation/formats';
import { decodeProblems, type DecodeProblem, type Shape } from './go-shape';
import { goDurationNanoseconds } from '../../validation/go-duration';
import { parseAddress, parseCidr } from '../netpol/ip';

export const KUBEADM_GROUP = 'kubeadm.k8s.io';
const READ_VERSIONS = ['v1beta3', 'v1beta4'];
/** The versions kubeadm names when it refuses them, with the release that last read them. */
const OLD_VERSIONS: Record<string, string> = { v1alpha1: '1.11', v1alpha2: '1.12', v1alpha3: '1.14', v1beta1: '1.15', v1beta2: '1.22' };
/** The oldest control plane kubeadm 1.36 deploys. */
const MINIMUM_CONTROL_PLANE: [number, number] = [1, 35];
const TOKEN_USAGES = ['signing', 'authentication'];
const DEFAULT_TOKEN_GROUPS = ['system:bootstrappers:kubeadm:default-node-token'];
const ENCRYPTION_ALGORITHMS = ['ECDSA-P256', 'ECDSA-P384', 'RSA-2048', 'RSA-3072', 'RSA-4096'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never', ''];

interface PrintedShape {
  type: string;
  goType?: string;
  fields?: Record<string, PrintedShape>;
  items?: PrintedShape;
}

const KINDS = fields.kinds as Record<string, Record<string, PrintedShape>>;
export const KUBEADM_FEATURE_GATES: readonly string[] = fields.featureGates;

/** The decoding shape of a field as kubeadm's Go type decodes it. */
function toShape(printed: PrintedShape): Shape {
  switch (printed.type) {
    case 'object': return { object: Object.fromEntries(Object.entries(printed.fields ?? {}).map(([name, field]) => [name, toShape(field)])) };
    case 'list': return { list: toShape(printed.items!) };
    case 'map': return { map: toShape(printed.items!) };
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'integer': return printed.goType === 'int64' ? 'int64' : 'int32';
    default: return printed.goType === 'v1.Duration' ? 'duration' : 'any';
  }
}

const shapes = new Map<string, Shape>();
function shapeOf(apiVersion: string, kind: string): Shape | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!shapes.has(key)) {
    const printed = KINDS[apiVersion]?.[kind];
    if (printed) shapes.set(key, toShape(printed));
  }
  return shapes.get(key);
}

export interface KubeadmWarning {
  path: PathSegment[];
  messageId: 'tokenNeverExpires' | 'tokenInFile' | 'deprecatedVersion';
}

export interface KubeadmReading {
  problems: DecodeProblem[];
  warnings: KubeadmWarning[];
}

/** Whether a document is one kubeadm reads (or refuses to read) as its configuration. */
export function isKubeadmDocument(apiVersion: string | undefined): boolean {
  return apiVersion?.startsWith(`${KUBEADM_GROUP}/`) === true;
}

export function readKubeadmConfiguration(apiVersion: string, kind: string, object: Data): KubeadmReading {
  const reading: KubeadmReading = { problems: [], warnings: [] };
  const refuse = (path: PathSegment[], message: string) => reading.problems.push({ path, kind: 'refused', message });
  const version = apiVersion.slice(KUBEADM_GROUP.length + 1);
  if (OLD_VERSIONS[version]) {
    refuse(['apiVersion'], `is an old kubeadm API that kubeadm ${OLD_VERSIONS[version]} was the last to read; migrate it with that release's kubeadm config migrate`);
    return reading;
  }
  const shape = READ_VERSIONS.includes(version) ? shapeOf(apiVersion, kind) : undefined;
  if (!shape) {
    refuse(READ_VERSIONS.includes(version) ? ['kind'] : ['apiVersion'], READ_VERSIONS.includes(version) ? `is not a kind of ${apiVersion}` : `is not a kubeadm API version kubeadm 1.36 reads (${READ_VERSIONS.map((known) => `${KUBEADM_GROUP}/${known}`).join(', ')})`);
    return reading;
  }
  reading.problems.push(...decodeProblems(object, shape, { strict: true }));
  if (reading.problems.length > 0) return reading;
  if (version === 'v1beta3') reading.warnings.push({ path: ['apiVersion'], messageId: 'deprecatedVersion' });
  if (kind === 'InitConfiguration') initProblems(object, refuse, reading.warnings);
  if (kind === 'ClusterConfiguration') clusterProblems(object, version, refuse);
  return reading;
}

type Refuse = (path: PathSegment[], message: string) => void;

function initProblems(object: Data, refuse: Refuse, warnings: KubeadmWarning[]): void {
  (list(object.bootstrapTokens) ?? []).forEach((item, index) => {
    const token = record(item) ?? {};
    const path = ['bootstrapTokens', index];
    if (token.token !== undefined && token.token !== null) {
      if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(String(token.token))) refuse([...path, 'token'], 'is not a bootstrap token of the form [a-z0-9]{6}.[a-z0-9]{16}');
      else warnings.push({ path: [...path, 'token'], messageId: 'tokenInFile' });
    }
    // Defaults first, as kubeadm applies them before it validates.
    const usages = (list(token.usages) ?? []).map(String);
    const groups = (list(token.groups) ?? []).map(String);
    const effectiveUsages = usages.length > 0 ? usages : TOKEN_USAGES;
    const effectiveGroups = groups.length > 0 ? groups : DEFAULT_TOKEN_GROUPS;
    const unknown = usages.filter((usage) => !TOKEN_USAGES.includes(usage));
    if (unknown.length > 0) refuse([...path, 'usages'], `names usages other than ${TOKEN_USAGES.join(' and ')}: ${unknown.join(', ')}`);
    if (!effectiveUsages.includes('authentication')) refuse([...path, groups.length > 0 ? 'groups' : 'usages'], `gives the token groups${groups.length > 0 ? '' : ` (by default ${DEFAULT_TOKEN_GROUPS[0]})`}, which need the usage "authentication"`);
    for (const group of effectiveGroups) {
      if (!/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(group)) refuse([...path, 'groups'], `holds "${group}", which is not a group of the form system:bootstrappers:…`);
    }
    // The ttl is defaulted to 24h when absent, so a token with expires always has both.
    if (token.expires !== undefined && token.expires !== null) refuse([...path, 'expires'], 'cannot be used: kubeadm gives every token a ttl (24h when none is written), and ttl and expires exclude each other');
    if (typeof token.ttl === 'string' && goDurationNanoseconds(token.ttl) === 0n) warnings.push({ path: [...path, 'ttl'], messageId: 'tokenNeverExpires' });
  });
  const registration = record(object.nodeRegistration) ?? {};
  const name = text(registration.name) ?? '';
  if (name && dnsSubdomainProblems(name).length > 0) refuse(['nodeRegistration', 'name'], `is not a valid node name: ${dnsSubdomainProblems(name)[0]}`);
  const pullPolicy = text(registration.imagePullPolicy) ?? '';
  if (!PULL_POLICIES.includes(pullPolicy)) refuse(['nodeRegistration', 'imagePullPolicy'], 'must be Always, IfNotPresent or Never');
  extraArgsProblems(registration.kubeletExtraArgs, ['nodeRegistration', 'kubeletExtraArgs'], refuse);
  const endpoint = record(object.localAPIEndpoint) ?? {};
  const address = text(endpoint.advertiseAddress) ?? '';
  if (address && !isSloppyIp(address)) refuse(['localAPIEndpoint', 'advertiseAddress'], 'is not an IP address');
  const port = typeof endpoint.bindPort === 'number' ? endpoint.bindPort : 0;
  // 0 is kubeadm's default, 6443.
  if (port < 0 || port > 65535) refuse(['localAPIEndpoint', 'bindPort'], 'is not a port number (1-65535)');
  const key = text(object.certificateKey) ?? '';
  if (key && !/^([0-9a-fA-F]{2}){32}$/.test(key)) refuse(['certificateKey'], 'is not a 32-byte AES key written in hex (64 hex digits)');
}

function clusterProblems(object: Data, version: string, refuse: Refuse): void {
  const apiServer = record(object.apiServer) ?? {};
  (list(apiServer.certSANs) ?? []).forEach((name, index) => {
    // kubeadm lowercases the names before it validates them.
    const value = String(name).toLowerCase();
    const wildcard = value.startsWith('*.') && dnsSubdomainProblems(value.slice(2)).length === 0;
    if (!isSloppyIp(value) && !wildcard && dnsSubdomainProblems(value).length > 0) refuse(['apiServer', 'certSANs', index], 'is neither an IP address, a DNS name nor a DNS name with a leading "*." wildcard');
  });
  for (const component of ['apiServer', 'controllerManager', 'scheduler']) {
    if (version === 'v1beta4') extraArgsProblems(record(object[component])?.extraArgs, [component, 'extraArgs'], refuse);
  }
  const endpoint = text(object.controlPlaneEndpoint) ?? '';
  if (endpoint && !isHostPort(endpoint)) refuse(['controlPlaneEndpoint'], 'is not a host name or IP address with an optional port');
  const certificatesDir = text(object.certificatesDir) ?? '';
  if (certificatesDir && !certificatesDir.startsWith('/')) refuse(['certificatesDir'], 'is not an absolute path');
  for (const gate of Object.keys(record(object.featureGates) ?? {})) {
    if (!KUBEADM_FEATURE_GATES.includes(gate)) refuse(['featureGates', gate], `is not a kubeadm feature gate (${KUBEADM_FEATURE_GATES.join(', ')})`);
  }
  const algorithm = text(object.encryptionAlgorithm) ?? '';
  if (version === 'v1beta4' && algorithm && !ENCRYPTION_ALGORITHMS.includes(algorithm)) refuse(['encryptionAlgorithm'], `must be one of ${ENCRYPTION_ALGORITHMS.join(', ')}`);
  const networking = record(object.networking) ?? {};
  const domain = text(networking.dnsDomain) ?? '';
  if (domain && dnsSubdomainProblems(domain).length > 0) refuse(['networking', 'dnsDomain'], `is not a DNS domain: ${dnsSubdomainProblems(domain)[0]}`);
  for (const field of ['serviceSubnet', 'podSubnet']) {
    const value = text(networking[field]) ?? '';
    if (value && value.split(',').some((cidr) => !isCidr(cidr))) refuse(['networking', field], 'is not a CIDR (or two, comma-separated, for dual stack)');
  }
  const kubernetesVersion = text(object.kubernetesVersion) ?? '';
  const problem = kubernetesVersion && versionProblem(kubernetesVersion);
  if (problem) refuse(['kubernetesVersion'], problem);
  const etcd = record(object.etcd) ?? {};
  if (etcd.local && etcd.external) refuse(['etcd'], 'names both a local and an external etcd, which exclude each other');
}

function extraArgsProblems(value: unknown, path: PathSegment[], refuse: Refuse): void {
  if (!Array.isArray(value)) return;
  value.forEach((arg, index) => {
    if (!(text(record(arg)?.name) ?? '')) refuse([...path, index, 'name'], 'is empty: every argument needs a name');
  });
}

/** Kubernetes' sloppy IP parsing, which also takes IPv4 numbers with leading zeros. */
function isSloppyIp(value: string): boolean {
  return value.trim() === value && parseAddress(value) !== undefined;
}

function isCidr(value: string): boolean {
  return value.trim() === value && parseCidr(value) !== undefined;
}

/** host[:port] as kubeadm parses an endpoint: the host an IP or DNS name, the port 1-65535. */
function isHostPort(endpoint: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(endpoint);
  const bareIpv6 = endpoint.includes(':') && parseAddress(endpoint)?.family === 6;
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : endpoint.includes(':') && !bareIpv6 ? endpoint.split(/:(?=[^:]*$)/) : [endpoint, undefined];
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) return false;
  return isSloppyIp(host) || dnsSubdomainProblems(host).length === 0;
}

/**
 * What kubeadm says of a kubernetesVersion: a release it can parse and deploy, or a label (stable, latest, ci/…)
 * it resolves over the network, which is not checked here.
 */
function versionProblem(value: string): string | undefined {
  const release = /^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)([-0-9a-zA-Z_.+]*)?$/.exec(value);
  if (!release) {
    const label = /^(ci\/|ci-cross\/)?((latest|stable)+(-[1-9](\.[1-9]([0-9])?)?)?)$/.test(value);
    return label ? undefined : 'is neither a Kubernetes release such as v1.36.0 nor a label such as stable';
  }
  const [major, minor] = [Number(release[1]), Number(release[2])];
  if (major < MINIMUM_CONTROL_PLANE[0] || (major === MINIMUM_CONTROL_PLANE[0] && minor < MINIMUM_CONTROL_PLANE[1])) {
    return `is older than v${MINIMUM_CONTROL_PLANE.join('.')}.0, the oldest control plane kubeadm 1.36 deploys`;
  }
  return undefined;
}
