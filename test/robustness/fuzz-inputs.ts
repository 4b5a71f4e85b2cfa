/**
 * fast-check arbitraries for Kubernetes-shaped YAML: real kinds and fields with plausible values, serialised, then
 * mutated the way hostile or broken files are (wrong types, deep nesting, huge scalars, anchors and aliases, tabs,
 * broken indentation, random base64 and unicode). Shared by the short seeded pass of `npm test` and `npm run fuzz`.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

const NAME = fc.constantFrom('web', 'db', 'pod-reader', 'system:masters', 'ci', '', 'a'.repeat(300), 'ünïcødé', '*', 'default');
const NAMESPACE = fc.option(fc.constantFrom('shop', 'kube-system', 'default', 'team-a', ''), { nil: undefined });
const VERB = fc.constantFrom('get', 'list', 'watch', 'create', 'update', 'patch', 'delete', '*', 'escalate', 'bind', 'impersonate', 'lsit', 'GET');
const RESOURCE = fc.constantFrom('pods', 'pods/exec', 'secrets', 'deployments', '*', 'nodes/proxy', 'clusterroles', 'certificatesigningrequests/approval', 'Pods');
const GROUP = fc.constantFrom('', 'apps', 'rbac.authorization.k8s.io', '*', 'certificates.k8s.io', 'core', 'networking.k8s.io');
const BASE64 = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const CIDR = fc.constantFrom('10.0.0.0/8', '10.0.0.1/24', '0.0.0.0/0', '::/0', '::ffff:10.0.0.0/104', '300.1.1.1/8', '10.0.0.0', 'fd00::/8', '010.0.0.0/8');
const LABELS = fc.dictionary(fc.constantFrom('app', 'tier', 'kubernetes.io/metadata.name', 'role'), fc.constantFrom('web', 'db', 'shop', ''), { maxKeys: 3 });
/** A value of the wrong type, wherever it lands. */
const ANYTHING: fc.Arbitrary<unknown> = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }));

const rule = fc.record({ apiGroups: fc.array(GROUP, { maxLength: 3 }), resources: fc.array(RESOURCE, { maxLength: 3 }), verbs: fc.array(VERB, { maxLength: 4 }) }, { requiredKeys: [] });
const metadata = fc.record({ name: NAME, namespace: NAMESPACE, labels: fc.option(LABELS, { nil: undefined }) }, { requiredKeys: ['name'] });
const subject = fc.record({ kind: fc.constantFrom('User', 'Group', 'ServiceAccount', 'Robot'), name: NAME, namespace: NAMESPACE, apiGroup: fc.option(fc.constantFrom('rbac.authorization.k8s.io', ''), { nil: undefined }) });
const selector = fc.record({ matchLabels: fc.option(LABELS, { nil: undefined }) }, { requiredKeys: [] });
const peer = fc.record({ podSelector: fc.option(selector, { nil: undefined }), namespaceSelector: fc.option(selector, { nil: undefined }), ipBlock: fc.option(fc.record({ cidr: CIDR, except: fc.array(CIDR, { maxLength: 2 }) }), { nil: undefined }) }, { requiredKeys: [] });

const OBJECTS: fc.Arbitrary<Record<string, unknown>>[] = [
  fc.record({ apiVersion: fc.constantFrom('rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'), kind: fc.constantFrom('Role', 'ClusterRole'), metadata, rules: fc.array(rule, { maxLength: 4 }) }),
  fc.record({
    apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
    kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding'),
    metadata,
    subjects: fc.array(subject, { maxLength: 3 }),
    roleRef: fc.record({ apiGroup: fc.constant('rbac.authorization.k8s.io'), kind: fc.constantFrom('Role', 'ClusterRole', 'Group'), name: NAME }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.k8s.io/v1'),
    kind: fc.constant('NetworkPolicy'),
    metadata,
    spec: fc.record({
      podSelector: selector,
      policyTypes: fc.array(fc.constantFrom('Ingress', 'Egress', 'Both'), { maxLength: 2 }),
      ingress: fc.array(fc.record({ from: fc.array(peer, { maxLength: 3 }), ports: fc.array(fc.record({ port: fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.constantFrom('http', 'dns')), protocol: fc.constantFrom('TCP', 'UDP', 'ICMP') }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }),
      egress: fc.array(fc.record({ to: fc.array(peer, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }),
    }, { requiredKeys: [] }),
  }),
  fc.record({
    apiVersion: fc.constantFrom('certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1'),
    kind: fc.constant('CertificateSigningRequest'),
    metadata,
    spec: fc.record({ request: BASE64, signerName: fc.constantFrom('kubernetes.io/kube-apiserver-client', 'kubernetes.io/kubelet-serving', 'example.com/x'), usages: fc.array(fc.constantFrom('client auth', 'server auth', 'digital signature', 'bogus'), { maxLength: 3 }), groups: fc.array(NAME, { maxLength: 2 }) }, { requiredKeys: [] }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Config'),
    clusters: fc.array(fc.record({ name: NAME, cluster: fc.record({ server: fc.constantFrom('https://k8s.example.com', 'http://1.2.3.4:8080', 'not a url', ''), 'certificate-authority-data': BASE64, 'insecure-skip-tls-verify': fc.boolean() }, { requiredKeys: [] }) }), { maxLength: 2 }),
    users: fc.array(fc.record({ name: NAME, user: fc.record({ token: fc.string(), 'client-key-data': BASE64, exec: fc.record({ command: fc.string(), apiVersion: fc.constant('client.authentication.k8s.io/v1') }) }, { requiredKeys: [] }) }), { maxLength: 2 }),
    contexts: fc.array(fc.record({ name: NAME, context: fc.record({ cluster: NAME, user: NAME }) }), { maxLength: 2 }),
    'current-context': NAME,
  }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constantFrom('Deployment', 'DaemonSet'),
    metadata,
    spec: fc.record({
      selector,
      template: fc.record({
        metadata: fc.record({ labels: LABELS }),
        spec: fc.record({
          hostNetwork: fc.boolean(),
          securityContext: fc.record({ runAsUser: fc.integer({ min: -1, max: 1000 }), capabilities: fc.record({ add: fc.array(fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'ALL'), { maxLength: 2 }) }) }, { requiredKeys: [] }),
          containers: fc.array(fc.record({ name: NAME, image: fc.constantFrom('nginx:1.27', ''), securityContext: fc.record({ privileged: fc.boolean(), runAsNonRoot: fc.boolean() }, { requiredKeys: [] }) }), { maxLength: 2 }),
        }, { requiredKeys: [] }),
      }),
    }, { requiredKeys: [] }),
  }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Secret'), metadata, data: fc.dictionary(fc.constantFrom('tls.crt', 'password', 'ca.crt'), BASE64, { maxKeys: 3 }) }),
];

/** Replaces a random value somewhere in the object with a value of the wrong type. */
function withWrongType(object: Record<string, unknown>, path: number[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(object);
  let node: unknown = copy;
  for (const step of path) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length];
    const child = (node as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null || step % 3 === 0) {
      (node as Record<string, unknown>)[key] = replacement;
      break;
    }
    node = child;
  }
  return copy;
}

type Mutation = (text: string) => string;

const MUTATIONS: fc.Arbitrary<Mutation>[] = [
  fc.nat().map((line) => (text: string) => text.split('\n').filter((_, index) => index !== line % Math.max(1, text.split('\n').length)).join('\n')),
  fc.nat().map((line) => (text: string) => text.split('\n').map((content, index) => (index === line % Math.max(1, text.split('\n').length) ? `\t${content}` : content)).join('\n')),
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })).map(([line, shift]) => (text: string) =>
    text.split('\n').map((content, index) => (index === line % Math.max(1, text.split('\n').length) ? (shift > 0 ? ' '.repeat(shift) + content : content.slice(-shift)) : content)).join('\n'),
  ),
  fc.nat({ max: 400 }).map((depth) => (text: string) => `${text}\nnested: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
  fc.integer({ min: 1, max: 200_000 }).map((length) => (text: string) => `${text}\nhuge: ${'x'.repeat(length)}\n`),
  fc.integer({ min: 2, max: 12 }).map((levels) => (text: string) => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < levels; level++) lines.push(`a${level}: &a${level} [${Array(8).fill(`*a${level - 1}`).join(', ')}]`);
    return `${text}\n${lines.join('\n')}\n`;
  }),
  fc.string({ unit: 'grapheme', maxLength: 60 }).chain((noise) => fc.nat().map((at) => (text: string) => text.slice(0, at % (text.length + 1)) + noise + text.slice(at % (text.length + 1)))),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => (text: string) => text + Buffer.from(bytes).toString('latin1')),
  fc.constant((text: string) => text.replace(/\n/g, '\r\n')),
  fc.constant((text: string) => `\uFEFF${text}`),
];

/** One YAML stream: a few Kubernetes-shaped documents, some with a wrong-typed value, then a few mutations. */
export const kubernetesYaml: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(...OBJECTS), fc.option(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), ANYTHING), { nil: undefined })), { minLength: 1, maxLength: 4 }),
    fc.array(fc.oneof(...MUTATIONS), { maxLength: 3 }),
  )
  .map(([documents, mutations]) => {
    const text = documents.map(([object, wrong]) => stringify(wrong ? withWrongType(object, wrong[0], wrong[1]) : object)).join('---\n');
    return mutations.reduce((current, mutate) => mutate(current), text);
  });
