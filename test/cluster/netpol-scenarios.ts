/**
 * The NetworkPolicy oracle's generator: seeded scenarios of labelled namespaces (declared or not), Pods and
 * Deployments with named and numbered ports over TCP, UDP and SCTP, and policies that mix empty and non-empty
 * selectors, every matchExpressions operator, absent, empty and listed `from`/`to`/`ports`, policyTypes present,
 * absent and inconsistent with the rules, ipBlocks with exceptions, port ranges and default denies. Pods get IPv6
 * addresses in fd00::/8, which no generated ipBlock holds, so ipBlocks decide only for addresses outside the cluster.
 */
import { stringify } from 'yaml';
import { chance, pick, type Data, type Random } from './validation-data';

export interface ScenarioPort {
  name?: string;
  port: number;
  protocol: string;
}

export interface ScenarioPod {
  namespace: string;
  name: string;
  kind: 'Pod' | 'Deployment';
  labels: Record<string, string>;
  ports: ScenarioPort[];
  ip: string;
}

export interface ScenarioNamespace {
  name: string;
  labels: Record<string, string>;
  /** Whether the manifests hold the Namespace object; otherwise only its name label is known, as in the cluster. */
  declared: boolean;
}

export interface Scenario {
  index: number;
  namespaces: ScenarioNamespace[];
  pods: ScenarioPod[];
  /** NetworkPolicies as written (not defaulted). */
  policies: Data[];
}

export const NAMESPACES = ['alpha', 'beta', 'gamma'];
export const EXTERNAL_ADDRESSES = ['203.0.113.5', '10.1.2.3', '10.200.0.1', '192.0.2.10', '8.8.8.8', '2001:db8::5', '2001:db8:1::9'];
/** A port no pod exposes, asked about on every protocol. */
export const UNEXPOSED_PORT = 7777;
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const NAME_LABEL = 'kubernetes.io/metadata.name';

const PORTS: ScenarioPort[] = [
  { name: 'http', port: 80, protocol: 'TCP' },
  { name: 'http', port: 8080, protocol: 'TCP' },
  { name: 'metrics', port: 9090, protocol: 'TCP' },
  { port: 8443, protocol: 'TCP' },
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  { name: 'sctp', port: 9000, protocol: 'SCTP' },
  { name: 'grpc', port: 50051, protocol: 'TCP' },
];

const LABEL_VALUES: Record<string, string[]> = {
  app: ['web', 'api', 'db', 'job'],
  tier: ['front', 'back'],
  team: ['red', 'blue'],
  env: ['prod', 'dev'],
  [NAME_LABEL]: NAMESPACES,
};

const CIDRS = ['10.0.0.0/8', '0.0.0.0/0', '203.0.113.0/24', '192.0.2.0/24', '2001:db8::/32', '8.8.8.0/24', '10.1.2.3/32'];
const EXCEPTS = ['10.1.0.0/16', '203.0.113.0/28', '2001:db8:1::/48', '8.8.8.8/32', '10.200.0.0/16'];

const PORT_ENTRIES: Data[] = [
  { port: 80 },
  { port: 8080 },
  { port: 'http' },
  { port: 'metrics' },
  { port: 'dns' },
  { protocol: 'UDP', port: 'dns' },
  { protocol: 'UDP', port: 53 },
  { protocol: 'SCTP' },
  { protocol: 'SCTP', port: 'sctp' },
  { port: 8000, endPort: 9100 },
  { port: 50000, endPort: 50100 },
  { protocol: 'UDP' },
  { protocol: 'TCP' },
  {},
];

export function generateScenario(random: Random, index: number): Scenario {
  const namespaces = NAMESPACES.filter((_, position) => position < 2 || chance(random, 0.5)).map((name) => ({
    name,
    labels: { team: pick(random, LABEL_VALUES.team), ...(chance(random, 0.5) ? { env: pick(random, LABEL_VALUES.env) } : {}) },
    declared: chance(random, 0.8),
  }));
  let address = 0;
  const pods = namespaces.flatMap((namespace) =>
    LABEL_VALUES.app.filter((_, position) => position === 0 || chance(random, 0.5)).map((app): ScenarioPod => {
      const ports: ScenarioPort[] = [];
      for (const port of PORTS) {
        if (!chance(random, 0.3)) continue;
        // Names are unique in a pod, and so is a number with its protocol.
        if (ports.some((other) => (port.name && other.name === port.name) || (other.port === port.port && other.protocol === port.protocol))) continue;
        ports.push(port);
      }
      return {
        namespace: namespace.name,
        name: app,
        kind: chance(random, 0.6) ? 'Pod' : 'Deployment',
        labels: { app, ...(chance(random, 0.6) ? { tier: pick(random, LABEL_VALUES.tier) } : {}), ...(chance(random, 0.3) ? { team: pick(random, LABEL_VALUES.team) } : {}) },
        ports,
        ip: `fd00::${(++address).toString(16)}`,
      };
    }),
  );
  const policies = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, position) => policy(random, `p${position}`, pick(random, namespaces).name));
  return { index, namespaces, pods, policies };
}

function selector(random: Random): Data {
  const choice = random();
  if (choice < 0.3) return {};
  const key = pick(random, Object.keys(LABEL_VALUES));
  const matchLabels = { [key]: pick(random, LABEL_VALUES[key]) };
  if (choice < 0.65) return { matchLabels };
  const expressionKey = pick(random, Object.keys(LABEL_VALUES));
  const operator = pick(random, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  const values = operator === 'In' || operator === 'NotIn' ? LABEL_VALUES[expressionKey].filter(() => chance(random, 0.6)).slice(0, 2) : [];
  const expression = { key: expressionKey, operator, ...(values.length > 0 || operator === 'In' || operator === 'NotIn' ? { values: values.length > 0 ? values : [LABEL_VALUES[expressionKey][0]] } : {}) };
  return choice < 0.85 ? { matchExpressions: [expression] } : { matchLabels, matchExpressions: [expression] };
}

function peer(random: Random): Data {
  const choice = random();
  if (choice < 0.3) return { podSelector: selector(random) };
  if (choice < 0.55) return { namespaceSelector: selector(random) };
  if (choice < 0.8) return { namespaceSelector: selector(random), podSelector: selector(random) };
  const cidr = pick(random, CIDRS);
  const except = EXCEPTS.filter(() => chance(random, 0.2));
  return { ipBlock: { cidr, ...(except.length > 0 ? { except } : {}) } };
}

/** A rule's peers or ports: absent, empty, or one or two entries. */
function entries(random: Random, make: () => Data): Data[] | undefined {
  const choice = random();
  if (choice < 0.3) return undefined;
  if (choice < 0.4) return [];
  return Array.from({ length: 1 + Math.floor(random() * 2) }, make);
}

function rules(random: Random, peersKey: 'from' | 'to'): Data[] | undefined {
  const choice = random();
  if (choice < 0.3) return undefined;
  if (choice < 0.4) return [];
  return Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
    const peers = entries(random, () => peer(random));
    const ports = entries(random, () => structuredClone(pick(random, PORT_ENTRIES)));
    return { ...(peers ? { [peersKey]: peers } : {}), ...(ports ? { ports } : {}) };
  });
}

function policy(random: Random, name: string, namespace: string): Data {
  const spec: Data = { podSelector: selector(random) };
  const ingress = rules(random, 'from');
  const egress = rules(random, 'to');
  if (ingress) spec.ingress = ingress;
  if (egress) spec.egress = egress;
  if (chance(random, 0.6)) spec.policyTypes = pick(random, [['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress']]);
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** The labels a namespace carries in the cluster: its own and its name. */
export function namespaceLabels(namespace: ScenarioNamespace): Record<string, string> {
  return { ...(namespace.declared ? namespace.labels : {}), [NAME_LABEL]: namespace.name };
}

/** The manifests Kubeward reads: declared Namespaces, the workloads, and the policies the API server accepted. */
export function manifests(scenario: Scenario, policies: readonly Data[]): string {
  const objects: Data[] = [
    ...scenario.namespaces.filter((namespace) => namespace.declared).map((namespace) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace.name, labels: namespace.labels } })),
    ...scenario.pods.map(workload),
    ...policies,
  ];
  return objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
}

function workload(pod: ScenarioPod): Data {
  const containers = [{ name: 'main', image: 'registry.example.com/app:1', ports: pod.ports.map(({ name, port, protocol }) => ({ ...(name ? { name } : {}), containerPort: port, protocol })) }];
  if (pod.kind === 'Pod') return { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.name, namespace: pod.namespace, labels: pod.labels }, spec: { containers } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: pod.name, namespace: pod.namespace },
    spec: { selector: { matchLabels: pod.labels }, template: { metadata: { labels: pod.labels }, spec: { containers } } },
  };
}

/**
 * The ports that decide whether any port is allowed between two endpoints: every port set a rule allows starts at
 * 1, at a number or range start it names, or at a destination's named port, so where egress and ingress meet, they
 * meet at one of these (on some protocol).
 */
export function decidingPorts(scenario: Scenario, destination: ScenarioPod | undefined): { port: number; protocol: string }[] {
  const numbers = new Set<number>([1, UNEXPOSED_PORT, ...(destination?.ports.map((port) => port.port) ?? [])]);
  for (const item of scenario.policies) {
    const spec = item.spec as Data;
    for (const rule of [...((spec.ingress as Data[] | undefined) ?? []), ...((spec.egress as Data[] | undefined) ?? [])]) {
      for (const entry of (rule.ports as Data[] | undefined) ?? []) if (typeof entry.port === 'number') numbers.add(entry.port);
    }
  }
  return [...numbers].flatMap((port) => PROTOCOLS.map((protocol) => ({ port, protocol })));
}
