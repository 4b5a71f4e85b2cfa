/**
 * NetworkPolicy reachability against the semantics of shared/k8s/SEMANTICS.md section 6, one table row per case:
 * default allow, isolation, policyTypes defaulting, absent vs [] vs [{}], peer AND/OR, empty selectors, ipBlock,
 * ports (protocol default, named, ranges), policies adding up, egress AND ingress, and selector operators. Allowed
 * rows also name the rules that allow them, since `kubeward netpol reach` and hovers cite those rules.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainPolicy } from '../../server/src/engine/analysis/netpol/explain';
import { NetworkInventory } from '../../server/src/engine/analysis/netpol/inventory';
import { parseRange, rangeContains } from '../../server/src/engine/analysis/netpol/ip';
import type { IpBlockMatchesPods } from '../../server/src/engine/config';
import type { Answer, Endpoint, NetworkModel, PortQuery } from '../../server/src/engine/analysis/netpol/reach';
import { ManifestDocument } from '../../server/src/engine/model/document';
import { splitDocuments } from '../../server/src/engine/model/parse';

// --- The cluster every case runs in ------------------------------------------------------------------------------

/** prod and dev are declared with labels; `other` is not declared, so it carries only its name label. */
const WORLD = `apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {team: payments, env: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {team: web, env: dev}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: prod}
spec:
  template:
    metadata: {labels: {app: web, tier: frontend}}
    spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    metadata: {labels: {app: api, tier: backend}}
    spec: {containers: [{name: api, ports: [{name: http, containerPort: 9090}, {name: dns, containerPort: 53, protocol: UDP}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: prod}
spec:
  template:
    metadata: {labels: {app: db, role: db}}
    spec: {containers: [{name: postgres, ports: [{name: postgres, containerPort: 5432}]}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: prod}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: report}}, spec: {containers: [{name: report}]}}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: dev}
spec: {template: {metadata: {labels: {app: web, tier: frontend}}, spec: {containers: [{name: web}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: tester, namespace: dev, labels: {app: tester}}
spec: {containers: [{name: tester}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: client, namespace: other}
spec: {template: {metadata: {labels: {app: client}}, spec: {containers: [{name: client}]}}}
`;

/** A NetworkPolicy document; `spec` is the body of `spec:`, written unindented. */
function policy(name: string, spec: string, namespace = 'prod'): string {
  const body = spec.trim().split('\n').map((line) => `  ${line}`).join('\n');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${body}\n`;
}

function modelOf(policies: string[]): NetworkModel {
  const inventory = new NetworkInventory();
  for (const [file, text] of [['world.yaml', WORLD], ['policies.yaml', policies.join('---\n')]]) {
    inventory.setFile(file, splitDocuments(text).map((chunk) => ({ offset: chunk.offset, document: new ManifestDocument(chunk.text) })));
  }
  return inventory.model();
}

function endpoint(model: NetworkModel, text: string): Endpoint {
  if (parseRange(text)) return { type: 'address', cidr: text };
  const [namespace, name] = text.split('/');
  const workload = model.findWorkload(namespace, name);
  assert.ok(workload, `no workload ${text} in the test world`);
  return workload;
}

/** `5432`, `53/UDP`, or a port name resolved against the destination (`postgres`). */
function port(model: NetworkModel, to: Endpoint, text: string): PortQuery {
  const [number, protocol] = text.split('/');
  if (/^\d+$/.test(number)) return { port: Number(number), protocol: protocol ?? 'TCP' };
  const resolved = model.resolveNamedPort(to, number, protocol);
  assert.ok(resolved, `the destination has a port named ${number}`);
  return resolved;
}

// --- Policies reused by several rows -------------------------------------------------------------------------------

const DENY_ALL_INGRESS = policy('deny-all-ingress', 'podSelector: {}');
const DB_ANY_IP = policy('db-any-ip', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]');
const DB_FROM_WEB = policy('db-from-web', `podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]`);
const WEB_EGRESS_TO_DB = policy('web-egress', `podSelector: {matchLabels: {app: web}}\negress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]`);
const DB_FROM_DEV_WEB_AND = policy(
  'db-and',
  `podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: web}}}]}]`,
);
const DB_FROM_DEV_OR_WEB = policy(
  'db-or',
  `podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: web}}}, {podSelector: {matchLabels: {app: web}}}]}]`,
);
const DB_IPBLOCK = policy('db-ipblock', `podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]`);
const DB_PORT_5432 = policy('db-5432', `podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {}}], ports: [{port: 5432}]}]`);
const DB_NAMED_PORT = policy('db-named', `podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{port: postgres}]}]`);
const DB_RANGE = policy('db-range', `podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{port: 32000, endPort: 32768}]}]`);
const DB_FROM_TIER = (operator: string, values: string[]) =>
  policy(
    'db-tier',
    `podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {}, podSelector: {matchExpressions: [{key: tier, operator: ${operator}, values: [${values.join(', ')}]}]}}]}]`,
  );

interface Case {
  name: string;
  policies: string[];
  from: string;
  to: string;
  port?: string;
  allowed: boolean;
  /** The answer when it is `depends`; otherwise it follows from `allowed`. */
  answer?: Answer;
  ipBlockMatchesPods?: IpBlockMatchesPods;
  /** Rules that allow egress and ingress, as `policy#ruleIndex` (0-based); checked when given. */
  egressBy?: string[];
  ingressBy?: string[];
  /** Which side refuses the traffic; checked when given. */
  deniedAt?: 'egress' | 'ingress' | 'both';
}

const CASES: Case[] = [
  // Without policies, and isolation by any selecting policy.
  { name: 'no policy: everything is allowed', policies: [], from: 'prod/web', to: 'prod/db', allowed: true, egressBy: [], ingressBy: [] },
  { name: 'no policy: external clients are allowed', policies: [], from: '203.0.113.5', to: 'prod/db', allowed: true },
  { name: 'an empty podSelector with no ingress isolates every pod of the namespace', policies: [DENY_ALL_INGRESS], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'ingress' },
  { name: 'deny-all ingress also denies the other way round', policies: [DENY_ALL_INGRESS], from: 'prod/db', to: 'prod/web', allowed: false },
  { name: 'deny-all ingress is not deny-all egress: prod pods still reach dev', policies: [DENY_ALL_INGRESS], from: 'prod/web', to: 'dev/web', allowed: true },
  { name: 'a policy isolates only the pods it selects', policies: [policy('db-deny', 'podSelector: {matchLabels: {app: db}}')], from: 'prod/web', to: 'prod/api', allowed: true },
  { name: 'a policy in another namespace isolates nothing here', policies: [policy('dev-deny', 'podSelector: {}', 'dev')], from: 'prod/web', to: 'prod/db', allowed: true },
  { name: 'a policy isolates CronJob pods by their template labels', policies: [policy('report-deny', 'podSelector: {matchLabels: {app: report}}\npolicyTypes: [Egress]')], from: 'prod/report', to: '8.8.8.8', allowed: false, deniedAt: 'egress' },
  // policyTypes defaulting.
  { name: 'without policyTypes, an egress section adds Egress and Ingress stays: ingress to web is denied', policies: [WEB_EGRESS_TO_DB], from: 'prod/api', to: 'prod/web', allowed: false, deniedAt: 'ingress' },
  { name: 'without policyTypes, the egress rule allows web to db', policies: [WEB_EGRESS_TO_DB], from: 'prod/web', to: 'prod/db', allowed: true, egressBy: ['web-egress#0'] },
  { name: 'without policyTypes, egress to a pod no rule names is denied', policies: [WEB_EGRESS_TO_DB], from: 'prod/web', to: 'prod/api', allowed: false, deniedAt: 'egress' },
  {
    name: 'an explicit policyTypes [Egress] leaves ingress open',
    policies: [policy('web-egress-only', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]')],
    from: 'prod/api',
    to: 'prod/web',
    allowed: true,
  },
  { name: 'policyTypes [Egress] without an egress section denies all egress', policies: [policy('web-no-egress', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]')], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'egress' },
  { name: 'no policyTypes and no egress section: egress is not restricted', policies: [policy('web-in', 'podSelector: {matchLabels: {app: web}}')], from: 'prod/web', to: '203.0.113.5', allowed: true },
  { name: 'no policyTypes and egress: [] defaults to Ingress only, as upstream checks len(egress)', policies: [policy('web-empty-egress', 'podSelector: {matchLabels: {app: web}}\negress: []')], from: 'prod/web', to: 'prod/db', allowed: true },
  {
    name: 'policyTypes [Ingress] ignores egress rules',
    policies: [policy('web-in-only', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress]\negress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]')],
    from: 'prod/web',
    to: 'prod/api',
    allowed: true,
  },
  // Absent, [] and [{}].
  { name: 'ingress: [] denies all ingress', policies: [policy('db-empty', 'podSelector: {matchLabels: {app: db}}\ningress: []')], from: 'prod/web', to: 'prod/db', allowed: false },
  { name: 'ingress written with no value denies all ingress', policies: [policy('db-null', 'podSelector: {matchLabels: {app: db}}\ningress:')], from: 'prod/web', to: 'prod/db', allowed: false },
  { name: 'ingress: [{}] allows all ingress', policies: [policy('db-all', 'podSelector: {matchLabels: {app: db}}\ningress: [{}]')], from: '203.0.113.5', to: 'prod/db', allowed: true, ingressBy: ['db-all#0'] },
  { name: 'from: [] means every peer', policies: [policy('db-from-empty', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: []}]')], from: 'other/client', to: 'prod/db', allowed: true, ingressBy: ['db-from-empty#0'] },
  { name: 'a rule with ports but no from admits every peer on those ports', policies: [DB_PORT_5432.replace('from: [{podSelector: {}}], ', '')], from: 'other/client', to: 'prod/db', port: '5432', allowed: true },
  { name: 'a rule with ports but no from still restricts the port', policies: [DB_PORT_5432.replace('from: [{podSelector: {}}], ', '')], from: 'other/client', to: 'prod/db', port: '22', allowed: false },
  { name: 'egress: [{}] with policyTypes Egress allows all egress', policies: [policy('web-out', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{}]')], from: 'prod/web', to: '8.8.8.8', allowed: true, egressBy: ['web-out#0'] },
  // podSelector alone: the policy's namespace.
  { name: 'podSelector alone admits matching pods of the same namespace', policies: [DB_FROM_WEB], from: 'prod/web', to: 'prod/db', allowed: true, ingressBy: ['db-from-web#0'] },
  { name: 'podSelector alone does not admit matching pods of other namespaces', policies: [DB_FROM_WEB], from: 'dev/web', to: 'prod/db', allowed: false },
  { name: 'an empty podSelector alone admits every pod of the same namespace', policies: [DB_PORT_5432], from: 'prod/api', to: 'prod/db', port: '5432', allowed: true },
  { name: 'an empty podSelector alone does not reach into other namespaces', policies: [DB_PORT_5432], from: 'dev/web', to: 'prod/db', port: '5432', allowed: false },
  // namespaceSelector alone.
  { name: 'namespaceSelector alone admits every pod of matching namespaces', policies: [policy('db-dev', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: web}}}]}]')], from: 'dev/tester', to: 'prod/db', allowed: true },
  { name: 'namespaceSelector alone does not admit the policy\'s own namespace unless it matches', policies: [policy('db-dev', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: web}}}]}]')], from: 'prod/web', to: 'prod/db', allowed: false },
  { name: 'an empty namespaceSelector admits pods of every namespace, declared or not', policies: [policy('db-cluster', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {}}]}]')], from: 'other/client', to: 'prod/db', allowed: true },
  { name: 'an empty namespaceSelector does not admit addresses outside the cluster', policies: [policy('db-cluster', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {}}]}]')], from: '203.0.113.5', to: 'prod/db', allowed: false },
  { name: 'every namespace carries kubernetes.io/metadata.name', policies: [policy('db-other', "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': other}}}]}]")], from: 'other/client', to: 'prod/db', allowed: true },
  // Both selectors in one peer (AND) and in two peers (OR).
  { name: 'both selectors in one peer: matching pod in matching namespace', policies: [DB_FROM_DEV_WEB_AND], from: 'dev/web', to: 'prod/db', allowed: true, ingressBy: ['db-and#0'] },
  { name: 'both selectors in one peer: the namespace matches but the pod does not', policies: [DB_FROM_DEV_WEB_AND], from: 'dev/tester', to: 'prod/db', allowed: false },
  { name: 'both selectors in one peer: the pod matches but the namespace does not', policies: [DB_FROM_DEV_WEB_AND], from: 'prod/web', to: 'prod/db', allowed: false },
  { name: 'two peers: any pod of the matching namespace', policies: [DB_FROM_DEV_OR_WEB], from: 'dev/tester', to: 'prod/db', allowed: true },
  { name: 'two peers: the matching pod of the policy\'s namespace', policies: [DB_FROM_DEV_OR_WEB], from: 'prod/web', to: 'prod/db', allowed: true },
  { name: 'two peers: neither matches', policies: [DB_FROM_DEV_OR_WEB], from: 'other/client', to: 'prod/db', allowed: false },
  // ipBlock.
  { name: 'ipBlock admits an address inside the CIDR', policies: [DB_IPBLOCK], from: '10.2.3.4', to: 'prod/db', allowed: true, ingressBy: ['db-ipblock#0'] },
  { name: 'ipBlock refuses an address in an except range', policies: [DB_IPBLOCK], from: '10.1.2.3', to: 'prod/db', allowed: false },
  { name: 'ipBlock refuses an address outside the CIDR', policies: [DB_IPBLOCK], from: '192.168.1.1', to: 'prod/db', allowed: false },
  { name: 'ipBlock answers depends for a range that overlaps an except range', policies: [DB_IPBLOCK], from: '10.0.0.0/8', to: 'prod/db', allowed: false, answer: 'depends' },
  { name: 'ipBlock admits a range inside the CIDR and clear of exceptions', policies: [DB_IPBLOCK], from: '10.2.0.0/16', to: 'prod/db', allowed: true },
  { name: 'whether an ipBlock matches pods depends on the network plugin', policies: [DB_ANY_IP], from: 'prod/web', to: 'prod/db', allowed: false, answer: 'depends' },
  { name: 'with a plugin that matches pod addresses, 0.0.0.0/0 admits every pod', policies: [DB_ANY_IP], from: 'prod/web', to: 'prod/db', allowed: true, ipBlockMatchesPods: 'yes' },
  { name: 'with a plugin that matches pod addresses, a narrower block depends on the pod address', policies: [DB_IPBLOCK], from: 'prod/web', to: 'prod/db', allowed: false, answer: 'depends', ipBlockMatchesPods: 'yes' },
  { name: 'with a plugin that never matches pod addresses, an ipBlock admits no pod', policies: [DB_ANY_IP], from: 'prod/web', to: 'prod/db', allowed: false, ipBlockMatchesPods: 'no' },
  { name: 'a range only partly inside the ipBlock depends on the address', policies: [DB_IPBLOCK], from: '0.0.0.0/0', to: 'prod/db', allowed: false, answer: 'depends' },
  { name: 'a range wholly inside an except range is refused', policies: [DB_IPBLOCK], from: '10.1.0.0/24', to: 'prod/db', allowed: false },
  { name: 'egress ipBlock except blocks the metadata address', policies: [policy('web-no-metadata', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]')], from: 'prod/web', to: '169.254.169.254', allowed: false },
  { name: 'egress ipBlock allows other addresses', policies: [policy('web-no-metadata', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]')], from: 'prod/web', to: '8.8.8.8', allowed: true },
  { name: 'IPv6 ipBlock admits an address inside it', policies: [policy('db-v6', "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: '2001:db8::/32'}}]}]")], from: '2001:db8:1::5', to: 'prod/db', allowed: true },
  { name: 'IPv6 ipBlock refuses an address outside it', policies: [policy('db-v6', "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: '2001:db8::/32'}}]}]")], from: '2001:db9::1', to: 'prod/db', allowed: false },
  { name: 'an IPv4 address never matches an IPv6 block', policies: [policy('db-v6', "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: '::/0'}}]}]")], from: '10.0.0.1', to: 'prod/db', allowed: false },
  // Ports.
  { name: 'a port without protocol means TCP', policies: [DB_PORT_5432], from: 'prod/web', to: 'prod/db', port: '5432/TCP', allowed: true },
  { name: 'a port without protocol does not admit UDP', policies: [DB_PORT_5432], from: 'prod/web', to: 'prod/db', port: '5432/UDP', allowed: false },
  { name: 'an egress UDP port rule admits DNS over UDP', policies: [policy('web-dns', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{protocol: UDP, port: 53}]}]')], from: 'prod/web', to: '10.96.0.10', port: '53/UDP', allowed: true },
  { name: 'an egress UDP port rule does not admit TCP', policies: [policy('web-dns', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{protocol: UDP, port: 53}]}]')], from: 'prod/web', to: '10.96.0.10', port: '53/TCP', allowed: false },
  { name: 'a named port resolves against the destination pod', policies: [DB_NAMED_PORT], from: 'prod/web', to: 'prod/db', port: '5432', allowed: true, ingressBy: ['db-named#0'] },
  { name: 'a named port does not admit other port numbers', policies: [DB_NAMED_PORT], from: 'prod/web', to: 'prod/db', port: '5433', allowed: false },
  { name: 'a question by port name matches the named rule', policies: [DB_NAMED_PORT], from: 'prod/web', to: 'prod/db', port: 'postgres', allowed: true },
  { name: 'an egress named port resolves against the destination, not the source', policies: [policy('web-pg', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{port: postgres}]}]')], from: 'prod/web', to: 'prod/db', port: '5432', allowed: true },
  { name: 'an egress named port the destination does not declare admits nothing', policies: [policy('web-pg', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{port: postgres}]}]')], from: 'prod/web', to: 'prod/api', port: '5432', allowed: false },
  { name: 'endPort: the first port of the range', policies: [DB_RANGE], from: 'prod/web', to: 'prod/db', port: '32000', allowed: true },
  { name: 'endPort: the last port of the range is included', policies: [DB_RANGE], from: 'prod/web', to: 'prod/db', port: '32768', allowed: true },
  { name: 'endPort: past the range', policies: [DB_RANGE], from: 'prod/web', to: 'prod/db', port: '32769', allowed: false },
  { name: 'endPort: before the range', policies: [DB_RANGE], from: 'prod/web', to: 'prod/db', port: '31999', allowed: false },
  { name: 'a protocol without port admits every port of that protocol', policies: [policy('db-udp', 'podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{protocol: UDP}]}]')], from: 'prod/web', to: 'prod/db', port: '9999/UDP', allowed: true },
  { name: 'without a port in the question, a port-restricted rule still counts', policies: [DB_PORT_5432], from: 'prod/web', to: 'prod/db', allowed: true },
  { name: 'without a port, a named port the destination does not define allows nothing', policies: [policy('db-metrics', 'podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{port: metrics}]}]')], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'ingress' },
  { name: 'a named port matches only with its own protocol', policies: [policy('api-dns', 'podSelector: {matchLabels: {app: api}}\ningress: [{ports: [{port: dns}]}]')], from: 'prod/web', to: 'prod/api', allowed: false, deniedAt: 'ingress' },
  { name: 'a named port with its protocol matches', policies: [policy('api-dns', 'podSelector: {matchLabels: {app: api}}\ningress: [{ports: [{protocol: UDP, port: dns}]}]')], from: 'prod/web', to: 'prod/api', port: 'dns', allowed: true },
  {
    name: 'without a port, egress and ingress must allow the same port',
    policies: [policy('web-out', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{port: 443}]}]'), DB_PORT_5432],
    from: 'prod/web',
    to: 'prod/db',
    allowed: false,
  },
  {
    name: 'without a port, egress and ingress that share a port allow it',
    policies: [policy('web-out', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{port: 443}, {port: 5000, endPort: 6000}]}]'), DB_PORT_5432],
    from: 'prod/web',
    to: 'prod/db',
    allowed: true,
  },
  // Several policies add up; there is no deny rule.
  {
    name: 'two policies selecting the same pod add up (first)',
    policies: [DB_FROM_WEB, policy('db-from-api', 'podSelector: {matchLabels: {role: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]')],
    from: 'prod/api',
    to: 'prod/db',
    allowed: true,
    ingressBy: ['db-from-api#0'],
  },
  {
    name: 'two policies selecting the same pod add up (second)',
    policies: [DB_FROM_WEB, policy('db-from-api', 'podSelector: {matchLabels: {role: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]')],
    from: 'prod/web',
    to: 'prod/db',
    allowed: true,
    ingressBy: ['db-from-web#0'],
  },
  { name: 'a deny-all policy does not cancel another policy\'s allow', policies: [DENY_ALL_INGRESS, DB_FROM_WEB], from: 'prod/web', to: 'prod/db', allowed: true, ingressBy: ['db-from-web#0'] },
  { name: 'every allowing rule is reported', policies: [DB_FROM_WEB, policy('db-all', 'podSelector: {matchLabels: {app: db}}\ningress: [{}, {from: [{podSelector: {}}]}]')], from: 'prod/web', to: 'prod/db', allowed: true, ingressBy: ['db-from-web#0', 'db-all#0', 'db-all#1'] },
  // Egress at the source AND ingress at the destination.
  { name: 'ingress allows but the source\'s egress does not', policies: [DB_FROM_WEB, policy('web-to-api', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {matchLabels: {app: api}}}]}]')], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'egress', ingressBy: ['db-from-web#0'] },
  { name: 'egress allows but the destination\'s ingress does not', policies: [WEB_EGRESS_TO_DB, policy('db-empty', 'podSelector: {matchLabels: {app: db}}\ningress: []')], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'ingress', egressBy: ['web-egress#0'] },
  { name: 'both sides allow', policies: [WEB_EGRESS_TO_DB, DB_FROM_WEB], from: 'prod/web', to: 'prod/db', allowed: true, egressBy: ['web-egress#0'], ingressBy: ['db-from-web#0'] },
  { name: 'both sides refuse', policies: [policy('deny-both', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'both' },
  // matchExpressions.
  { name: 'In admits a listed value', policies: [DB_FROM_TIER('In', ['frontend', 'backend'])], from: 'dev/web', to: 'prod/db', allowed: true },
  { name: 'In refuses a pod without the label', policies: [DB_FROM_TIER('In', ['frontend', 'backend'])], from: 'dev/tester', to: 'prod/db', allowed: false },
  { name: 'NotIn refuses a listed value', policies: [DB_FROM_TIER('NotIn', ['frontend'])], from: 'prod/web', to: 'prod/db', allowed: false },
  { name: 'NotIn admits a pod without the label', policies: [DB_FROM_TIER('NotIn', ['frontend'])], from: 'dev/tester', to: 'prod/db', allowed: true },
  { name: 'Exists admits a pod with the label', policies: [DB_FROM_TIER('Exists', [])], from: 'prod/api', to: 'prod/db', allowed: true },
  { name: 'Exists refuses a pod without the label', policies: [DB_FROM_TIER('Exists', [])], from: 'dev/tester', to: 'prod/db', allowed: false },
  { name: 'DoesNotExist admits a pod without the label', policies: [DB_FROM_TIER('DoesNotExist', [])], from: 'other/client', to: 'prod/db', allowed: true },
  { name: 'DoesNotExist refuses a pod with the label', policies: [DB_FROM_TIER('DoesNotExist', [])], from: 'dev/web', to: 'prod/db', allowed: false },
  { name: 'an unknown operator matches nothing', policies: [DB_FROM_TIER('Equals', ['frontend'])], from: 'dev/web', to: 'prod/db', allowed: false },
  {
    name: 'matchLabels and matchExpressions must both hold',
    policies: [policy('db-both', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [backend]}]}}]}]')],
    from: 'prod/web',
    to: 'prod/db',
    allowed: false,
  },
  { name: 'spec.podSelector with an expression selects the pods it matches', policies: [policy('db-expr', 'podSelector: {matchExpressions: [{key: role, operator: In, values: [db]}]}')], from: 'prod/web', to: 'prod/db', allowed: false, deniedAt: 'ingress' },
];

const cited = (matches: { policy: { name: string }; rule: { index: number } }[]) => matches.map(({ policy, rule }) => `${policy.name}#${rule.index}`);

describe('NetworkPolicy reachability', () => {
  test('the table has no duplicate case names', () => {
    assert.equal(new Set(CASES.map((row) => row.name)).size, CASES.length);
  });

  for (const row of CASES) {
    test(row.name, () => {
      const model = modelOf(row.policies);
      const to = endpoint(model, row.to);
      const options = { ipBlockMatchesPods: row.ipBlockMatchesPods ?? 'unknown' };
      const result = model.reach(endpoint(model, row.from), to, row.port === undefined ? undefined : port(model, to, row.port), options);
      assert.equal(result.allowed, row.allowed, 'allowed');
      assert.equal(result.answer, row.answer ?? (row.allowed ? 'allowed' : 'denied'), 'answer');
      if (row.egressBy) assert.deepEqual(cited(result.egress.allowedBy), row.egressBy, 'egress rules');
      if (row.ingressBy) assert.deepEqual(cited(result.ingress.allowedBy), row.ingressBy, 'ingress rules');
      if (row.deniedAt) {
        assert.equal(!result.egress.allowed, row.deniedAt !== 'ingress', 'egress denied');
        assert.equal(!result.ingress.allowed, row.deniedAt !== 'egress', 'ingress denied');
      }
    });
  }

  test('allowing rules carry their source location in the file', () => {
    const text = DB_FROM_WEB;
    const model = modelOf([text]);
    const [match] = model.reach(endpoint(model, 'prod/web'), endpoint(model, 'prod/db')).ingress.allowedBy;
    assert.equal(match.rule.source?.file, 'policies.yaml');
    assert.match(text.slice(match.rule.source?.start, match.rule.source?.end), /^\{from: \[\{podSelector/);
    assert.match(text.slice(match.peer?.source?.start, match.peer?.source?.end), /^\{podSelector: \{matchLabels: \{app: web\}\}\}/);
  });

  test('policies and the workloads they select find each other', () => {
    const model = modelOf([DB_FROM_WEB, DENY_ALL_INGRESS]);
    assert.deepEqual(model.workloadsSelectedBy(model.policies[0]).map((workload) => workload.name), ['db']);
    assert.deepEqual(model.workloadsSelectedBy(model.policies[1]).map((workload) => workload.name), ['web', 'api', 'db', 'report']);
    const db = model.findWorkload('prod', 'db');
    assert.ok(db);
    assert.deepEqual(model.policiesSelecting(db).map((item) => item.name), ['db-from-web', 'deny-all-ingress']);
  });
});

describe('aliases', () => {
  test('labels written through an alias are the labels the pods carry (found by the NetworkPolicy oracle)', () => {
    const inventory = new NetworkInventory();
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: aliased, namespace: prod}
spec:
  selector:
    matchLabels: &labels {app: aliased}
  template:
    metadata: {labels: *labels}
    spec: {containers: [{name: main, image: nginx}]}
---
${policy('others-isolated', 'podSelector: {matchExpressions: [{key: app, operator: DoesNotExist}]}\npolicyTypes: [Egress]')}`;
    inventory.setFile('aliased.yaml', splitDocuments(text).map((chunk) => ({ offset: chunk.offset, document: new ManifestDocument(chunk.text) })));
    const model = inventory.model();
    const aliased = model.findWorkload('prod', 'aliased');
    assert.deepEqual(aliased?.labels, { app: 'aliased' });
    assert.equal(model.reach(aliased!, { type: 'address', cidr: '203.0.113.5' }).answer, 'allowed', 'the pods carry app, so the policy does not isolate them');
  });
});

describe('CIDR containment', () => {
  const contains = (outer: string, inner: string) => {
    const [a, b] = [parseRange(outer), parseRange(inner)];
    assert.ok(a && b, `${outer} and ${inner} parse`);
    return rangeContains(a, b);
  };
  test('IPv4 and IPv6 ranges nest by prefix, with host bits ignored as Go does', () => {
    assert.equal(contains('10.0.0.0/8', '10.255.255.255'), true);
    assert.equal(contains('10.0.0.1/8', '10.3.0.0/16'), true);
    assert.equal(contains('10.0.0.0/16', '10.0.0.0/8'), false);
    assert.equal(contains('::/0', '2001:db8::1'), true);
    assert.equal(contains('2001:db8::/48', '2001:db8:0:1::/64'), true);
    assert.equal(contains('::ffff:10.0.0.0/104', '::ffff:10.1.2.3'), true);
  });
  test('malformed addresses do not parse', () => {
    for (const text of ['10.0.0/8', '10.0.0.256', '10.0.0.0/33', '1::2::3', '2001:db8::/129', 'prod/web']) assert.equal(parseRange(text), undefined, text);
  });

  test('leading zeros in IPv4 octets are decimal, as Kubernetes reads ipBlock', () => {
    assert.deepEqual(parseRange('010.0.0.1'), parseRange('10.0.0.1'));
  });
});

describe('NetworkPolicy in plain words', () => {
  const explain = (text: string) => explainPolicy(modelOf([text]).policies[0]);
  test('a policy with a combined peer says both must match', () => {
    assert.equal(
      explain(policy('db', `podSelector: {matchLabels: {role: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {name: prod}}, podSelector: {matchLabels: {name: api-pod}}}], ports: [{port: 3306}]}]`)),
      'Pods with role=db in namespace prod: ingress isolated; accept TCP 3306 from pods with name=api-pod in namespaces with name=prod (both must match). Egress not restricted.',
    );
  });
  test('two peers are spelt out as alternatives', () => {
    assert.equal(
      explain(DB_FROM_DEV_OR_WEB),
      'Pods with app=db in namespace prod: ingress isolated; accept any port from all pods in namespaces with team=web, or pods with app=web in namespace prod (any one is enough). Egress not restricted.',
    );
  });
  test('deny-all, egress-only, ipBlock, ranges and named ports', () => {
    assert.equal(explain(DENY_ALL_INGRESS), 'All pods in namespace prod: ingress isolated; accept nothing. Egress not restricted.');
    assert.equal(
      explain(policy('web-out', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}], ports: [{port: 443}, {protocol: UDP, port: 53}]}, {ports: [{port: 32000, endPort: 32768}, {port: http}]}]')),
      'Pods with app=web in namespace prod: ingress not restricted. Egress isolated; allow TCP 443 or UDP 53 to addresses in 0.0.0.0/0 except 169.254.169.254/32; or allow TCP 32000-32768 or TCP port named http to anywhere.',
    );
  });
});
