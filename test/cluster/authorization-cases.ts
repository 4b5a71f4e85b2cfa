/**
 * Generated AuthorizationConfigurations for the control-plane oracle: one to four authorizers (Node, RBAC,
 * AlwaysAllow, AlwaysDeny and webhooks that cannot reach their service, failing with NoOpinion or Deny) in every
 * order, then zero to two mutations that break a rule kube-apiserver checks. `webhookKubeconfig` is the absolute
 * path of a kubeconfig that exists (its server does not answer); match conditions are always valid CEL.
 */
import { stringify } from 'yaml';
import { chance, pick, type Data, type Random } from './validation-data';

export interface AuthorizationCase {
  index: number;
  text: string;
  object: Data;
  mutations: string[];
}

function webhook(random: Random, kubeconfig: string): Data {
  const config: Data = {
    timeout: pick(random, ['1s', '2s', '3s']),
    subjectAccessReviewVersion: pick(random, ['v1', 'v1beta1']),
    failurePolicy: pick(random, ['NoOpinion', 'Deny']),
    connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: kubeconfig },
  };
  if (chance(random, 0.3)) {
    config.matchConditionSubjectAccessReviewVersion = 'v1';
    config.matchConditions = [{ expression: pick(random, ["request.user != 'nobody'", "has(request.resourceAttributes)", "!('system:masters' in request.groups)"]) }];
  }
  if (chance(random, 0.3)) config.authorizedTTL = pick(random, ['0s', '10s', '5m']);
  return config;
}

type Mutation = { name: string; apply: (object: Data, random: Random) => boolean };
const authorizersOf = (object: Data) => object.authorizers as Data[];
const someAuthorizer = (object: Data, random: Random) => pick(random, authorizersOf(object));
const someWebhook = (object: Data, random: Random) => {
  const webhooks = authorizersOf(object).filter((entry) => entry.webhook);
  return webhooks.length > 0 ? (pick(random, webhooks).webhook as Data) : undefined;
};
const onWebhook = (change: (config: Data, random: Random) => void) => (object: Data, random: Random) => {
  const config = someWebhook(object, random);
  if (!config) return false;
  change(config, random);
  return true;
};

const MUTATIONS: Mutation[] = [
  { name: 'no authorizers', apply: (object) => ((object.authorizers = []), true) },
  { name: 'an unknown type', apply: (object, random) => ((someAuthorizer(object, random).type = pick(random, ['Rbac', 'Always', 'Abac2'])), true) },
  { name: 'a built-in type twice', apply: (object) => (authorizersOf(object).push({ type: 'RBAC', name: 'rbac-again' }, { type: 'RBAC', name: 'rbac' }), true) },
  { name: 'a name kube-apiserver does not expect', apply: (object, random) => {
    const builtIn = authorizersOf(object).filter((entry) => entry.type !== 'Webhook');
    if (builtIn.length === 0) return false;
    pick(random, builtIn).name = pick(random, ['RBAC', 'the-node-authorizer', 'allow']);
    return true;
  } },
  { name: 'no name', apply: (object, random) => (delete someAuthorizer(object, random).name, true) },
  { name: 'a repeated name', apply: (object) => {
    const webhooks = authorizersOf(object).filter((entry) => entry.type === 'Webhook');
    if (webhooks.length < 2) return false;
    webhooks[1].name = webhooks[0].name;
    return true;
  } },
  { name: 'a timeout over 30s', apply: onWebhook((config) => { config.timeout = '45s'; }) },
  { name: 'no timeout', apply: onWebhook((config) => { delete config.timeout; }) },
  { name: 'a negative TTL', apply: onWebhook((config) => { config.unauthorizedTTL = '-5s'; }) },
  { name: 'an unknown review version', apply: onWebhook((config) => { config.subjectAccessReviewVersion = 'v2'; }) },
  { name: 'an unknown failure policy', apply: onWebhook((config) => { config.failurePolicy = 'Allow'; }) },
  { name: 'a relative kubeconfig', apply: onWebhook((config) => { config.connectionInfo = { type: 'KubeConfigFile', kubeConfigFile: 'webhook.kubeconfig' }; }) },
  { name: 'an unknown connection type', apply: onWebhook((config) => { config.connectionInfo = { type: 'Kubeconfig' }; }) },
  { name: 'conditions without their version', apply: onWebhook((config) => {
    config.matchConditions = [{ expression: 'true' }];
    delete config.matchConditionSubjectAccessReviewVersion;
  }) },
  { name: 'a repeated condition', apply: onWebhook((config) => {
    config.matchConditionSubjectAccessReviewVersion = 'v1';
    config.matchConditions = [{ expression: 'true' }, { expression: 'true' }];
  }) },
  { name: 'a webhook section on RBAC', apply: (object) => (authorizersOf(object).push({ type: 'RBAC', name: 'rbac', webhook: { timeout: '1s' } }), true) },
  { name: 'an unknown field (its decoder is strict)', apply: (object, random) => ((someAuthorizer(object, random).description = 'added later'), true) },
  { name: 'a condition that does not parse', apply: onWebhook((config, random) => {
    config.matchConditionSubjectAccessReviewVersion = 'v1';
    config.matchConditions = [{ expression: pick(random, ["request.user == 'nobody", "request.user !=", "has(request.resourceAttributes) &&", "request.user != 'nobody'", "request.?resourceAttributes.namespace.orValue('') != 'kube-system'"]) }];
  }) },
];

export function generateAuthorizationCase(random: Random, index: number, webhookKubeconfig: string): AuthorizationCase {
  const kinds = ['Node', 'RBAC', 'AlwaysAllow', 'AlwaysDeny'].filter(() => chance(random, 0.5));
  const webhooks = Array.from({ length: chance(random, 0.5) ? 1 : chance(random, 0.3) ? 2 : 0 }, (_, i) => `policy-${i}.example.com`);
  const order = [...kinds.map((type) => ({ type, name: type.toLowerCase() })), ...webhooks.map((name) => ({ type: 'Webhook', name, webhook: webhook(random, webhookKubeconfig) }))]
    .map((entry) => ({ entry, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ entry }) => entry as Data);
  const object: Data = { apiVersion: pick(random, ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1beta1']), kind: 'AuthorizationConfiguration', authorizers: order.length > 0 ? order : [{ type: 'RBAC', name: 'rbac' }] };
  const mutations: string[] = [];
  const rounds = chance(random, 0.6) ? 0 : chance(random, 0.7) ? 1 : 2;
  for (let round = 0; round < rounds; round++) {
    const mutation = pick(random, MUTATIONS);
    if (authorizersOf(object).length > 0 && mutation.apply(object, random)) mutations.push(mutation.name);
  }
  return { index, text: stringify(object), object, mutations };
}
