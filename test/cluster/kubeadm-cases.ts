/**
 * Generated kubeadm configuration files for the kubeadm oracle: an InitConfiguration and a ClusterConfiguration in
 * v1beta4 (or the deprecated v1beta3), with the values kubeadm would otherwise detect on the machine written out
 * (node name, advertise address, an exact Kubernetes version), then zero to three mutations in the areas
 * controlplane/kubeadm-config checks: unknown and misspelt fields, wrong types, bootstrap tokens, endpoints,
 * names, subnets, versions, feature gates and the etcd choice; some of them valid on purpose.
 */
import { stringify } from 'yaml';
import { chance, pick, type Data, type Random } from './validation-data';

export interface KubeadmCase {
  index: number;
  text: string;
  mutations: string[];
}

interface Documents {
  version: 'v1beta3' | 'v1beta4';
  init: Data;
  cluster: Data;
}

function base(random: Random): Documents {
  const version = chance(random, 0.75) ? 'v1beta4' : 'v1beta3';
  const init: Data = {
    apiVersion: `kubeadm.k8s.io/${version}`,
    kind: 'InitConfiguration',
    localAPIEndpoint: { advertiseAddress: pick(random, ['10.0.0.10', '192.168.1.5', 'fd00::10']), bindPort: pick(random, [6443, 443, 0]) },
    nodeRegistration: { name: pick(random, ['cp-1', 'master.example.com', 'node-a']) },
  };
  if (chance(random, 0.5)) init.bootstrapTokens = [{ ttl: pick(random, ['24h', '2h0m0s', '30m']), usages: ['signing', 'authentication'], groups: ['system:bootstrappers:kubeadm:default-node-token'] }];
  const cluster: Data = {
    apiVersion: `kubeadm.k8s.io/${version}`,
    kind: 'ClusterConfiguration',
    kubernetesVersion: pick(random, ['v1.36.3', 'v1.36.0', '1.35.2']),
    networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', dnsDomain: 'cluster.local' },
  };
  if (chance(random, 0.5)) cluster.controlPlaneEndpoint = pick(random, ['k8s.example.com:6443', '10.0.0.100', 'lb.internal']);
  if (chance(random, 0.5)) cluster.apiServer = { certSANs: ['k8s.example.com', '10.0.0.100'] };
  return { version, init, cluster };
}

type Mutation = { name: string; apply: (docs: Documents, random: Random) => boolean };
const at = (root: Data, path: string[]): Data => path.reduce<Data>((node, key) => (node[key] ??= {}) as Data, root);
const token = (docs: Documents): Data => {
  docs.init.bootstrapTokens ??= [{}];
  return (docs.init.bootstrapTokens as Data[])[0];
};
/** Sets a field; a function value is given the case's random generator to pick a variant. */
const set = (document: 'init' | 'cluster', path: string[], value: unknown): Mutation['apply'] => (docs, random) => {
  at(docs[document], path.slice(0, -1))[path[path.length - 1]] = typeof value === 'function' ? (value as (random: Random) => unknown)(random) : value;
  return true;
};

const MUTATIONS: Mutation[] = [
  { name: 'a misspelt top-level field', apply: set('cluster', ['kubernetesVerison'], 'v1.36.3') },
  { name: 'a misspelt nested field', apply: set('cluster', ['apiServer', 'certSans'], ['k8s.example.com']) },
  { name: 'a field of the wrong case', apply: set('init', ['nodeRegistration', 'Name'], 'cp-2') },
  { name: 'timeouts', apply: set('init', ['timeouts', 'controlPlaneComponentHealthCheck'], '4m0s') },
  { name: 'extraArgs as a map', apply: set('cluster', ['apiServer', 'extraArgs'], { 'audit-log-path': '/var/log/audit.log' }) },
  { name: 'extraArgs as a list', apply: set('cluster', ['apiServer', 'extraArgs'], [{ name: 'audit-log-path', value: '/var/log/audit.log' }]) },
  { name: 'an extraArgs entry without a name', apply: set('cluster', ['controllerManager', 'extraArgs'], [{ name: '', value: 'x' }]) },
  { name: 'bindPort as a string', apply: set('init', ['localAPIEndpoint', 'bindPort'], '6443') },
  { name: 'bindPort out of range', apply: set('init', ['localAPIEndpoint', 'bindPort'], (random: Random) => pick(random, [70000, -1])) },
  { name: 'a ttl as a number', apply: (docs) => ((token(docs).ttl = 24), true) },
  { name: 'a ttl that is not a duration', apply: (docs) => ((token(docs).ttl = '1d'), true) },
  { name: 'a ttl of zero', apply: (docs, random) => ((token(docs).ttl = pick(random, ['0s', '0', '0h0m0s'])), true) },
  { name: 'a token in the file', apply: (docs) => ((token(docs).token = 'abcdef.0123456789abcdef'), true) },
  { name: 'a malformed token', apply: (docs, random) => ((token(docs).token = pick(random, ['abcdef.0123456789ABCDEF', 'abc.0123456789abcdef', 'abcdef0123456789abcdef', ''])), true) },
  { name: 'only the signing usage', apply: (docs) => ((token(docs).usages = ['signing']), delete token(docs).groups, true) },
  { name: 'an unknown usage', apply: (docs) => ((token(docs).usages = ['authentication', 'kubelet']), true) },
  { name: 'a group outside system:bootstrappers', apply: (docs) => ((token(docs).groups = ['developers']), true) },
  { name: 'expires beside the ttl', apply: (docs) => ((token(docs).expires = '2030-01-01T00:00:00Z'), true) },
  { name: 'an advertise address that is no IP', apply: set('init', ['localAPIEndpoint', 'advertiseAddress'], (random: Random) => pick(random, ['10.0.0.300', 'cp-1.example.com'])) },
  { name: 'an advertise address with leading zeros', apply: set('init', ['localAPIEndpoint', 'advertiseAddress'], '010.000.000.010') },
  { name: 'a node name that is no DNS name', apply: set('init', ['nodeRegistration', 'name'], (random: Random) => pick(random, ['CP_1', 'cp-1-'])) },
  { name: 'an image pull policy in lower case', apply: set('init', ['nodeRegistration', 'imagePullPolicy'], 'always') },
  { name: 'a valid image pull policy', apply: set('init', ['nodeRegistration', 'imagePullPolicy'], 'IfNotPresent') },
  { name: 'a short certificate key', apply: set('init', ['certificateKey'], 'abcdef0123') },
  { name: 'a certificate key', apply: set('init', ['certificateKey'], 'e6a2eb8581237ab72a4f494f30285ec12a9694d750b9785706a83bfcbbbd2204') },
  { name: 'certSANs with a wildcard', apply: set('cluster', ['apiServer', 'certSANs'], ['*.example.com', '10.0.0.1', 'fd00::1']) },
  { name: 'certSANs with a bad name', apply: set('cluster', ['apiServer', 'certSANs'], (random: Random) => [pick(random, ['bad_name', '*bad.example.com', 'Upper.example.com', 'a..b'])]) },
  { name: 'a control-plane endpoint with a bad port', apply: set('cluster', ['controlPlaneEndpoint'], (random: Random) => pick(random, ['k8s.example.com:99999', 'k8s.example.com:http'])) },
  { name: 'a control-plane endpoint in brackets', apply: set('cluster', ['controlPlaneEndpoint'], '[fd00::100]:6443') },
  { name: 'a control-plane endpoint with a bad host', apply: set('cluster', ['controlPlaneEndpoint'], 'bad_host:6443') },
  { name: 'a relative certificates directory', apply: set('cluster', ['certificatesDir'], 'pki') },
  { name: 'a known feature gate', apply: set('cluster', ['featureGates'], { RootlessControlPlane: true }) },
  { name: 'an unknown feature gate', apply: set('cluster', ['featureGates'], { ControlPlaneKubeletLocalMode: true }) },
  { name: 'an encryption algorithm', apply: set('cluster', ['encryptionAlgorithm'], (random: Random) => pick(random, ['ECDSA-P256', 'RSA-1024'])) },
  { name: 'a DNS domain in capitals', apply: set('cluster', ['networking', 'dnsDomain'], 'Cluster.Local') },
  { name: 'a service subnet that is no CIDR', apply: set('cluster', ['networking', 'serviceSubnet'], (random: Random) => pick(random, ['10.96.0.0/33', '10.96.0.0'])) },
  { name: 'dual-stack subnets', apply: set('cluster', ['networking', 'podSubnet'], '10.244.0.0/16,fd00:10:244::/56') },
  { name: 'an old Kubernetes version', apply: set('cluster', ['kubernetesVersion'], 'v1.34.2') },
  { name: 'a version without its patch', apply: set('cluster', ['kubernetesVersion'], 'v1.36') },
  { name: 'local and external etcd', apply: set('cluster', ['etcd'], { local: { dataDir: '/var/lib/etcd' }, external: { endpoints: ['https://10.0.0.5:2379'], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/client.crt', keyFile: '/etc/etcd/client.key' } }) },
  { name: 'an old API version', apply: (docs) => ((docs.cluster.apiVersion = 'kubeadm.k8s.io/v1beta2'), true) },
  { name: 'an unknown kind', apply: (docs) => ((docs.cluster.kind = 'ClusterConfig'), true) },
];

export function generateKubeadmCase(random: Random, index: number): KubeadmCase {
  const docs = base(random);
  const mutations: string[] = [];
  const wanted = Math.floor(random() * 4);
  for (let attempt = 0; mutations.length < wanted && attempt < 10; attempt++) {
    const mutation = pick(random, MUTATIONS);
    if (!mutations.includes(mutation.name) && mutation.apply(docs, random)) mutations.push(mutation.name);
  }
  const text = `${stringify(docs.init)}---\n${stringify(docs.cluster)}`;
  return { index, text, mutations };
}
