/**
 * The values the validation oracle's mutations draw from: names, label keys and values, selector operators,
 * CIDRs, ports, RBAC words, CSR signers and usages, Secret types and keys. Each list mixes values the API server
 * accepts with near misses it refuses (and some it surprisingly accepts), so that every rule is tried from both
 * sides of its boundary.
 */

const long = (length: number, character = 'a') => character.repeat(length);

/** Object names: DNS labels and subdomains, path segments, and what breaks each. */
export const NAMES = [
  'web',
  'web-1',
  'a',
  '1abc',
  'web.example.com',
  'Web',
  'web_1',
  '-web',
  'web-',
  'web..x',
  '.web',
  'a/b',
  'a%2Fb',
  '..',
  '.',
  'system:kube-proxy',
  'web@x',
  'wéb',
  'web x',
  long(63),
  long(64),
  long(253),
  long(254),
  `${long(63)}.${long(63)}`,
  `${long(64)}.x`,
];

export const GENERATE_NAMES = ['web-', 'Web-', 'web', 'a-', '-', 'web.', 'a/b-', long(250) + '-'];

/** Label and annotation keys: names, prefixed names, and malformed ones. */
export const LABEL_KEYS = [
  'app',
  'app.kubernetes.io/name',
  'example.com/team',
  'Example.com/team',
  'x/y/z',
  '/app',
  'app/',
  '-app',
  'app-',
  'a_b.c-d',
  'a b',
  'a:b',
  long(63),
  long(64),
  `${long(253)}/x`,
  `${long(254)}/x`,
  'kubernetes.io/metadata.name',
  'UPPER/case',
  'ünicode',
];

export const LABEL_VALUES = ['web', '', 'Web_1.x', '-web', 'web-', 'a b', 'a/b', long(63), long(64), '1', 'true', 'ünicode', '_x_'];

export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'in', 'Equals', 'Gt', ''];

export const CIDRS = [
  '10.0.0.0/8',
  '10.1.0.0/16',
  '192.168.1.0/24',
  '0.0.0.0/0',
  '10.0.0.1/8',
  '10.0.0.0/33',
  '10.0.0.0',
  '010.0.0.0/8',
  '10.0.0.0/08',
  '2001:db8::/32',
  '2001:db8::1/32',
  '::/0',
  '::ffff:10.0.0.0/104',
  'not-a-cidr',
  '',
];

export const EXCEPTS = ['10.1.0.0/16', '10.1.2.0/24', '10.0.0.0/8', '11.0.0.0/8', '2001:db8:1::/48', '10.1.0.5/16', 'x'];

export const PORTS: unknown[] = [80, 443, 1, 65535, 0, 65536, -1, 'http', 'metrics', 'HTTP', 'a--b', '-web', '8080', 'abcdefghijklmnop', 'dns-tcp', ''];
export const END_PORTS: unknown[] = [90, 443, 65535, 65536, 0, 79, 'x'];
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'tcp', 'ICMP', ''];

export const POLICY_TYPES: string[][] = [['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress'], ['Ingress', 'Ingress'], ['Ingress', 'Egress', 'Egress'], ['ingress'], []];

export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*', 'lsit', 'GET', 'escalate', 'bind', 'impersonate', ''];
export const API_GROUPS = ['', 'apps', 'batch', '*', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'extensions', 'app', 'example.com', 'v1'];
export const RESOURCES = ['pods', 'pods/log', 'pods/exec', 'deployments', 'secrets', 'configmaps', '*', '*/scale', 'pod', 'Pods', 'deployments.apps', 'networkpolicies', ''];
export const RESOURCE_NAMES = ['web', 'db', '', '*'];
export const NON_RESOURCE_URLS = ['/healthz', '/metrics', '/api/*', '*', 'healthz', '/logs/'];

export const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount', 'user', 'Serviceaccount', 'Bot', ''];
export const SUBJECT_API_GROUPS = ['', 'rbac.authorization.k8s.io', 'v1', 'rbac.authorization.k8s.io/v1', 'core'];
export const SUBJECT_NAMES = ['jane', 'system:authenticated', 'ci', 'subject:bad', 'CI', 'ci.bot', '', 'a/b'];
export const ROLE_REF_KINDS = ['Role', 'ClusterRole', 'role', 'Clusterrole', 'User', ''];
export const ROLE_REF_API_GROUPS = ['rbac.authorization.k8s.io', '', 'rbac.authorization.k8s.io/v1', 'v1'];

export const SIGNER_NAMES = [
  'kubernetes.io/kube-apiserver-client',
  'kubernetes.io/kube-apiserver-client-kubelet',
  'kubernetes.io/kubelet-serving',
  'kubernetes.io/legacy-unknown',
  'example.com/my-signer',
  'example.com/team.signer',
  'example/foo',
  'example.com',
  'example.com/',
  '/signer',
  'Example.com/signer',
  'example.com/a/b',
  'example.com/Signer',
  'a.b.c/d.e.f',
  '',
];
export const USAGES = [
  'client auth',
  'server auth',
  'digital signature',
  'key encipherment',
  'signing',
  'any',
  'Client Auth',
  'client-auth',
  'clientauth',
  'lient auth',
  '',
];
export const EXPIRATIONS: unknown[] = [600, 599, 3600, 0, -1, 86400 * 365, '600'];

export const SECRET_TYPES = [
  'Opaque',
  'kubernetes.io/tls',
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/dockercfg',
  'kubernetes.io/basic-auth',
  'kubernetes.io/ssh-auth',
  'kubernetes.io/service-account-token',
  'example.com/custom',
  '',
];
export const SECRET_KEYS = ['tls.crt', 'tls.key', '.dockerconfigjson', '.dockercfg', 'username', 'password', 'ssh-privatekey', 'token', 'key with space', '..data', '.', 'a/b', 'A_B-c.d', long(254)];
export const SECRET_JSON_VALUES = ['{"auths":{}}', '[]', 'not json', 'null', '{}', '"text"'];

/** Plain YAML 1.1 scalars that Kubernetes' decoder does not read as the strings they look like. */
export const YAML_11_SCALARS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'OFF', '~', 'null', '0755', '0x1F', '1_000', '12e3', '.inf', 'true', '2026-01-01'];

/** Field names that are not in any of the covered kinds, and misspellings of common ones. */
export const UNKNOWN_FIELDS = ['verb', 'resource', 'selector', 'labels', 'podselector', 'namespaces', 'ports_', 'extra', 'spec', 'metadata', 'subject', 'rule', 'signer'];

/** apiVersions the target release no longer serves, with the kinds they held. */
export const REMOVED_VERSIONS: Record<string, string[]> = {
  'rbac.authorization.k8s.io/v1': ['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'],
  'networking.k8s.io/v1': ['extensions/v1beta1', 'networking.k8s.io/v1beta1'],
  'certificates.k8s.io/v1': ['certificates.k8s.io/v1beta1'],
  v1: ['v1beta1'],
};
