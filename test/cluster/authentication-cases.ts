/**
 * Generated AuthenticationConfigurations for the control-plane oracle: zero to three JWT issuers (https URLs of
 * example.com, one or two audiences, claim or expression mappings with valid CEL, extra mappings) and anonymous
 * access off, on everywhere or on for some paths, then zero to two mutations that break a rule kube-apiserver
 * checks. No issuer is the test API server's service-account issuer, and no expression reads claims.email.
 */
import { stringify } from 'yaml';
import { chance, pick, type Data, type Random } from './validation-data';

export interface AuthenticationCase {
  index: number;
  text: string;
  object: Data;
  mutations: string[];
}

function jwt(random: Random, index: number): Data {
  const audiences = chance(random, 0.7) ? ['kubernetes'] : ['kubernetes', 'kubectl'];
  const issuer: Data = { url: `https://issuer-${index}.example.com${pick(random, ['', '/', '/tenant-a'])}`, audiences };
  if (audiences.length > 1 || chance(random, 0.3)) issuer.audienceMatchPolicy = 'MatchAny';
  const username: Data = chance(random, 0.6) ? { claim: pick(random, ['sub', 'preferred_username']), prefix: pick(random, ['oidc:', '']) } : { expression: "'oidc:' + claims.sub" };
  const mappings: Data = { username };
  if (chance(random, 0.5)) mappings.groups = chance(random, 0.5) ? { claim: 'groups', prefix: 'oidc:' } : { expression: 'claims.groups' };
  if (chance(random, 0.3)) mappings.extra = [{ key: 'example.com/team', valueExpression: 'claims.team' }];
  const result: Data = { issuer, claimMappings: mappings };
  if (chance(random, 0.3)) result.claimValidationRules = [{ claim: 'hd', requiredValue: 'example.com' }];
  return result;
}

type Mutation = { name: string; apply: (object: Data, random: Random) => boolean };
const jwtsOf = (object: Data) => (object.jwt as Data[] | undefined) ?? [];
const onJwt = (change: (entry: Data, random: Random) => void) => (object: Data, random: Random) => {
  if (jwtsOf(object).length === 0) return false;
  change(pick(random, jwtsOf(object)), random);
  return true;
};
const issuerOf = (entry: Data) => entry.issuer as Data;
const usernameOf = (entry: Data) => (entry.claimMappings as Data).username as Data;

const MUTATIONS: Mutation[] = [
  { name: 'an http issuer', apply: onJwt((entry) => { issuerOf(entry).url = String(issuerOf(entry).url).replace('https:', 'http:'); }) },
  { name: 'an issuer URL with a query', apply: onJwt((entry) => { issuerOf(entry).url = `${String(issuerOf(entry).url)}?tenant=a`; }) },
  { name: 'an issuer URL with a fragment', apply: onJwt((entry) => { issuerOf(entry).url = `${String(issuerOf(entry).url)}#x`; }) },
  { name: 'an issuer URL with a user', apply: onJwt((entry) => { issuerOf(entry).url = 'https://robot@issuer.example.com'; }) },
  { name: 'no issuer URL', apply: onJwt((entry) => { delete issuerOf(entry).url; }) },
  { name: 'a repeated issuer', apply: (object) => {
    if (jwtsOf(object).length === 0) return false;
    jwtsOf(object).push(structuredClone(jwtsOf(object)[0]));
    return true;
  } },
  { name: 'no audiences', apply: onJwt((entry) => { issuerOf(entry).audiences = []; }) },
  { name: 'a repeated audience', apply: onJwt((entry) => { issuerOf(entry).audiences = ['kubernetes', 'kubernetes']; issuerOf(entry).audienceMatchPolicy = 'MatchAny'; }) },
  { name: 'two audiences without MatchAny', apply: onJwt((entry) => { issuerOf(entry).audiences = ['kubernetes', 'kubectl']; delete issuerOf(entry).audienceMatchPolicy; }) },
  { name: 'a discovery URL equal to the issuer', apply: onJwt((entry) => { issuerOf(entry).discoveryURL = `${String(issuerOf(entry).url).replace(/\/$/, '')}/`; }) },
  { name: 'a CA that is not PEM', apply: onJwt((entry) => { issuerOf(entry).certificateAuthority = 'not a certificate'; }) },
  { name: 'an unknown egress selector', apply: onJwt((entry) => { issuerOf(entry).egressSelectorType = 'proxy'; }) },
  { name: 'a claim without a prefix', apply: onJwt((entry) => { (entry.claimMappings as Data).username = { claim: 'sub' }; }) },
  { name: 'an expression with a prefix', apply: onJwt((entry) => { (entry.claimMappings as Data).username = { expression: 'claims.sub', prefix: 'x:' }; }) },
  { name: 'no username mapping', apply: onJwt((entry) => { delete usernameOf(entry).claim; delete usernameOf(entry).expression; }) },
  { name: 'an extra key without a domain', apply: onJwt((entry) => { (entry.claimMappings as Data).extra = [{ key: 'team', valueExpression: 'claims.team' }]; }) },
  { name: 'an extra key in a reserved domain', apply: onJwt((entry) => { (entry.claimMappings as Data).extra = [{ key: 'kubernetes.io/team', valueExpression: 'claims.team' }]; }) },
  { name: 'a claim rule with a message', apply: onJwt((entry) => { entry.claimValidationRules = [{ claim: 'hd', requiredValue: 'example.com', message: 'wrong domain' }]; }) },
  { name: 'conditions while anonymous is off', apply: (object) => ((object.anonymous = { enabled: false, conditions: [{ path: '/healthz' }] }), true) },
  { name: 'an unknown field (its decoder is strict)', apply: onJwt((entry) => { entry.comment = 'staging issuer'; }) },
  // CEL: expressions that do not parse, and valid ones a parser without optional syntax would refuse.
  { name: 'a username expression that does not parse', apply: onJwt((entry, random) => { (entry.claimMappings as Data).username = { expression: pick(random, ["'oidc:' + claims.sub +", "claims.sub == 'x", 'claims.sub ? claims.sub', '(claims.sub']) }; }) },
  { name: 'a user rule that does not parse', apply: onJwt((entry, random) => { entry.userValidationRules = [{ expression: pick(random, ["!user.username.startsWith('system:'", 'user.username in', "user.username.startsWith('system:')"]), message: 'no system users' }]; }) },
  { name: 'an optional-syntax expression', apply: onJwt((entry, random) => { (entry.claimMappings as Data).uid = { expression: pick(random, ["claims.?uid.orValue('')", "claims.sub"]) }; }) },
];

export function generateAuthenticationCase(random: Random, index: number): AuthenticationCase {
  const object: Data = { apiVersion: pick(random, ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1beta1']), kind: 'AuthenticationConfiguration' };
  const count = pick(random, [0, 1, 1, 2, 3]);
  if (count > 0) object.jwt = Array.from({ length: count }, (_, i) => jwt(random, i));
  const anonymous = pick(random, ['absent', 'off', 'everywhere', 'some']);
  if (anonymous === 'off') object.anonymous = { enabled: false };
  if (anonymous === 'everywhere') object.anonymous = { enabled: true };
  if (anonymous === 'some') object.anonymous = { enabled: true, conditions: [{ path: '/healthz' }, ...(chance(random, 0.5) ? [{ path: '/readyz' }] : [])] };
  const mutations: string[] = [];
  const rounds = chance(random, 0.55) ? 0 : chance(random, 0.7) ? 1 : 2;
  for (let round = 0; round < rounds; round++) {
    const mutation = pick(random, MUTATIONS);
    if (mutation.apply(object, random)) mutations.push(mutation.name);
  }
  return { index, text: stringify(object), object, mutations };
}
