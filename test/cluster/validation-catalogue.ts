/**
 * The values the validation oracle's mutations draw from: names, label keys and values, selector operators,
 * CIDRs, ports, RBAC words, CSR signers and usages, Secret types and keys. Each list mixes values the API server
 * accepts with near misses it refuses (and some it surprisingly accepts), so that every rule is tried from both
 * sides of its boundary.
 */

const long = (length: number, character = 'a') => character.repeat(length);
type Data = Record<string, unknown>;

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
  'apps/v1': ['apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  'batch/v1': ['batch/v1beta1', 'batch/v2alpha1'],
  v1: ['v1beta1'],
};

// Pods and their containers.

export const IMAGES: unknown[] = ['nginx:1.27', '', ' nginx', 'nginx ', null, 'registry.example.com:5000/team/app@sha256:' + 'a'.repeat(64), 'UPPER/case'];
export const CONTAINER_PORTS: unknown[] = [80, 8080, 1, 65535, 0, 65536, -1, '8080'];
export const ENV_NAMES = ['LOG_LEVEL', 'log.level', 'my-var', '1LEADING_DIGIT', 'WITH SPACE', 'A=B', '', 'é', '_'];
export const VALUE_FROMS: unknown[] = [
  {},
  { fieldRef: { fieldPath: 'metadata.name' } },
  { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } },
  { fieldRef: { fieldPath: 'status.phase' } },
  { fieldRef: { fieldPath: "metadata.labels['app']" } },
  { fieldRef: { fieldPath: "metadata.labels['a b']" } },
  { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v2' } },
  { fieldRef: { fieldPath: '' } },
  { secretKeyRef: { name: 'db', key: 'password' } },
  { secretKeyRef: { name: 'Db', key: 'password' } },
  { secretKeyRef: { name: 'db', key: 'pass word' } },
  { secretKeyRef: { name: 'db', key: '' } },
  { configMapKeyRef: { name: 'app-config', key: 'level' } },
  { configMapKeyRef: { name: 'app-config', key: 'level' }, secretKeyRef: { name: 'db', key: 'password' } },
  { resourceFieldRef: { resource: 'limits.cpu' } },
];
export const ENV_FROMS: unknown[] = [{ configMapRef: { name: 'app-config' } }, { secretRef: { name: 'db' }, prefix: 'DB_' }, {}, { configMapRef: { name: 'a' }, secretRef: { name: 'b' } }, { prefix: 'X=', secretRef: { name: 'db' } }, { configMapRef: { name: 'App' } }];
export const COMPUTE_RESOURCES = ['cpu', 'memory', 'ephemeral-storage', 'pods', 'gpu', 'example.com/gpu', 'nvidia.com/gpu', 'hugepages-2Mi', 'kubernetes.io/special', 'a b', 'requests.cpu'];
export const QUANTITIES: unknown[] = ['100m', '1', '0.5', '1Gi', '1.5Gi', 'abc', '-1', '1e3', '1E', '0', '', '1Ki', '.5', '1.2.3', 'k', 2, 0.25, '10Mi', '2Gi', '1000m', '64Mi'];
export const MOUNT_PATHS = ['/data', '/mnt/data0', '/etc/config', '', 'relative/path'];
export const SUB_PATHS = ['data', '/abs', '../up', 'a/../b', 'a/b'];
export const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional', 'bad'];
export const CONTAINER_SECURITY: [string, unknown[]][] = [
  ['runAsUser', [0, 1000, -1, 2147483647, 2147483648]],
  ['runAsGroup', [0, 3000, -5]],
  ['procMount', ['Default', 'Unmasked', '']],
  ['privileged', [true, false]],
  ['allowPrivilegeEscalation', [false, true]],
  ['capabilities', [{ add: ['CAP_SYS_ADMIN'] }, { add: ['NET_ADMIN'], drop: ['ALL'] }, { add: ['SYS_ADMIN'] }]],
  ['seccompProfile', [{ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'profiles/audit.json' }, { type: 'Localhost' }, { type: 'Unconfined', localhostProfile: 'x.json' }, { type: '' }, { type: 'bad' }, { type: 'Localhost', localhostProfile: '/abs.json' }, { type: 'Localhost', localhostProfile: '../x.json' }]],
  ['readOnlyRootFilesystem', [true]],
];
export const PROBES: Data[] = [
  { httpGet: { path: '/healthz', port: 8080 } },
  { httpGet: { port: 'http' } },
  { httpGet: { path: '/', port: 'HTTP' } },
  { httpGet: { path: '/', port: 65536 } },
  { httpGet: { path: '/', port: 8080, scheme: 'HTTPS' } },
  { httpGet: { path: '/', port: 8080, httpHeaders: [{ name: 'X Bad', value: 'x' }] } },
  { tcpSocket: { port: 0 } },
  { tcpSocket: { port: 8080 }, successThreshold: 2 },
  { tcpSocket: { port: 8080 }, successThreshold: 0 },
  { exec: { command: [] } },
  { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: -1 },
  { exec: { command: ['true'] }, httpGet: { path: '/', port: 80 } },
  { initialDelaySeconds: 5 },
  { tcpSocket: { port: 8080 }, terminationGracePeriodSeconds: 0 },
  { tcpSocket: { port: 8080 }, terminationGracePeriodSeconds: 10 },
  { grpc: { port: 9090 } },
];
export const VOLUME_VARIANTS: Data[] = [
  { name: 'scratch' },
  { name: 'scratch', emptyDir: {}, configMap: { name: 'x' } },
  { name: 'host', hostPath: { path: '' } },
  { name: 'host', hostPath: { path: '/var/../etc' } },
  { name: 'host', hostPath: { path: '/var/log', type: 'Dir' } },
  { name: 'host', hostPath: { path: '/var/log', type: '' } },
  { name: 'cfg', configMap: { name: '' } },
  { name: 'cfg', configMap: { name: 'app', defaultMode: 0o777 } },
  { name: 'cfg', configMap: { name: 'app', defaultMode: 0o1000 } },
  { name: 'cfg', configMap: { name: 'app', items: [{ key: 'a', path: '../a' }] } },
  { name: 'cfg', configMap: { name: 'app', items: [{ key: '', path: 'a' }] } },
  { name: 'sec', secret: { secretName: '' } },
  { name: 'sec', secret: { secretName: 'tls', defaultMode: -1 } },
  { name: 'claim', persistentVolumeClaim: { claimName: '' } },
  { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
  { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '-1Gi' } },
  { name: 'img', image: { reference: 'registry.example.com/models/llm:1', pullPolicy: '' } },
  { name: 'img', image: { reference: '', pullPolicy: 'IfNotPresent' } },
  { name: 'img', image: { pullPolicy: 'Sometimes' } },
  { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
  { name: 'Bad_Name', emptyDir: {} },
];
export const POD_SECURITY: [string, unknown[]][] = [
  ['runAsUser', [0, 1000, -1, 2147483648]],
  ['fsGroup', [2000, -2]],
  ['supplementalGroups', [[1000], [-1]]],
  ['seccompProfile', [{ type: 'RuntimeDefault' }, { type: 'Localhost' }, { type: '' }]],
  ['runAsNonRoot', [true, false]],
];
export const POD_FIELDS: [string, unknown[]][] = [
  ['restartPolicy', ['Always', 'OnFailure', 'Never', '', 'always']],
  ['dnsPolicy', ['ClusterFirst', 'Default', 'ClusterFirstWithHostNet', '', 'bad']],
  ['serviceAccountName', ['default', 'ci', 'Ci', 'ci_bot', 'web.example.com']],
  ['nodeSelector', [{ 'kubernetes.io/os': 'linux' }, { 'bad key': 'x' }, { disk: 'fast ssd' }]],
  ['hostPID', [true]],
  ['hostIPC', [true]],
  ['hostNetwork', [true, false]],
  ['hostUsers', [false, true]],
  ['shareProcessNamespace', [true, false]],
  ['activeDeadlineSeconds', [0, 1, -1, 600]],
  ['hostname', ['web', 'Web', 'web.example']],
  ['subdomain', ['svc', 'a.b']],
  ['imagePullSecrets', [[{ name: 'registry' }], [{ name: 'r', extra: 'x' }], [{}]]],
  ['ephemeralContainers', [[{ name: 'debug', image: 'busybox' }]]],
];
export const TOLERATIONS: Data[] = [
  { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
  { operator: 'Exists' },
  { key: 'dedicated', operator: 'Exists', value: 'web' },
  { operator: 'Equal', value: 'x' },
  { key: 'dedicated', value: 'web' },
  { key: 'dedicated', operator: 'Lt', value: '5' },
  { key: 'dedicated', operator: 'In', value: 'web' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'x', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 },
  { key: 'bad key', operator: 'Exists' },
  { key: 'dedicated', operator: 'Equal', value: 'bad value' },
  { key: 'dedicated', operator: 'Exists', effect: '' },
  { key: 'dedicated', operator: 'Exists', effect: 'Bad' },
];

// Controllers around a pod template.

export const CONTROLLER_SELECTORS: unknown[] = [
  {},
  { matchLabels: { app: 'other' } },
  { matchLabels: { app: 'web' } },
  { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
  { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web', 'api', 'agent', 'db', 'legacy'] }] },
  { matchLabels: { 'bad key': 'x' } },
  { app: 'legacy' },
  { app: 'other' },
  null,
];
export const TEMPLATE_LABELS: unknown[] = [{}, { app: 'other' }, { app: 'web', extra: 'x' }, { app: 'legacy' }, { app: 'db' }, { app: 'agent' }, null];
export const CONTROLLER_FIELDS: [string, unknown[]][] = [
  ['replicas', [-1, 0, 3]],
  ['minReadySeconds', [-1, 0, 30, 700]],
  ['progressDeadlineSeconds', [0, 10, 600, -5]],
  ['revisionHistoryLimit', [-1, 0, 5]],
  ['strategy', [{ type: 'Recreate' }, { type: 'Recreate', rollingUpdate: {} }, { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }, { rollingUpdate: { maxUnavailable: '150%' } }, { rollingUpdate: { maxSurge: 'x%' } }, { rollingUpdate: { maxUnavailable: 0 } }, { rollingUpdate: { maxSurge: '200%' } }, { type: '' }]],
  ['updateStrategy', [{ type: 'OnDelete' }, { type: 'OnDelete', rollingUpdate: { maxSurge: 1 } }, { rollingUpdate: { maxSurge: 1 } }, { rollingUpdate: { maxUnavailable: 0 } }, { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }, { rollingUpdate: { maxUnavailable: '200%' } }, { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } }, {}]],
  ['serviceName', ['db', 'Db', 'db.svc', '']],
  ['podManagementPolicy', ['Parallel', 'OrderedReady', '']],
  ['persistentVolumeClaimRetentionPolicy', [{ whenDeleted: 'Delete' }, { whenScaled: 'Keep' }, {}]],
];
