/**
 * An AuthenticationConfiguration (apiserver.config.k8s.io v1, v1beta1 or v1alpha1, kube-apiserver's
 * --authentication-config) read as kube-apiserver 1.36 reads it (k8s.io/kubernetes pkg/kubeapiserver/options and
 * k8s.io/apiserver pkg/apis/apiserver/validation): strict decoding, then validation of its JWT issuers, claim
 * mappings and anonymous access. CEL expressions are parsed (cel.ts), not type-checked; the check that an
 * expression using claims.email also uses claims.email_verified needs the checked syntax trees and is left out.
 */
import type { PathSegment } from '../../model/nodes';
import { dnsSubdomainProblems } from '../../validation/formats';
import { list, record, text, type Data } from '../../validation/data';
import { isProblem, parseCertificates } from '../credentials/x509';
import { celProblems } from './cel';
import { decodeProblems, type DecodeProblem, type Shape } from './go-shape';

export const AUTHENTICATION_CONFIG_VERSIONS = ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1beta1', 'apiserver.config.k8s.io/v1alpha1'];

const PREFIXED: Shape = { object: { claim: 'string', prefix: 'string', expression: 'string' } };

const JWT: Shape = {
  object: {
    issuer: { object: { url: 'string', discoveryURL: 'string', certificateAuthority: 'string', audiences: { list: 'string' }, audienceMatchPolicy: 'string', egressSelectorType: 'string' } },
    claimValidationRules: { list: { object: { claim: 'string', requiredValue: 'string', expression: 'string', message: 'string' } } },
    claimMappings: { object: { username: PREFIXED, groups: PREFIXED, uid: { object: { claim: 'string', expression: 'string' } }, extra: { list: { object: { key: 'string', valueExpression: 'string' } } } } },
    userValidationRules: { list: { object: { expression: 'string', message: 'string' } } },
  },
};

const SHAPE: Shape = {
  object: { apiVersion: 'string', kind: 'string', jwt: { list: JWT }, anonymous: { object: { enabled: 'bool', conditions: { list: { object: { path: 'string' } } } } } },
};

export interface AuthenticationReading {
  problems: DecodeProblem[];
  /** The anonymous authenticator as configured, when the file configures it. */
  anonymous?: { enabled: boolean; paths: string[] };
}

export function readAuthenticationConfiguration(object: Data): AuthenticationReading {
  // Its decoder is strict: an unknown or repeated field stops kube-apiserver.
  const problems = decodeProblems(object, SHAPE, { strict: true });
  if (problems.some((problem) => problem.kind === 'refused')) return { problems };
  const refuse = (path: PathSegment[], message: string) => problems.push({ path, kind: 'refused', message });
  const jwts = (list(object.jwt) ?? []).map((item) => record(item) ?? {});
  if (jwts.length > 64) refuse(['jwt'], 'may hold at most 64 issuers');
  else {
    const issuers = new Set<string>();
    const discoveryURLs = new Set<string>();
    jwts.forEach((jwt, index) => {
      jwtProblems(jwt, ['jwt', index]).forEach((problem) => problems.push(problem));
      const issuer = record(jwt.issuer) ?? {};
      const url = text(issuer.url) ?? '';
      // URLs are not repeated in messages: they may carry a password.
      if (issuers.has(url)) refuse(['jwt', index, 'issuer', 'url'], 'repeats the issuer URL of an earlier entry');
      issuers.add(url);
      const discovery = text(issuer.discoveryURL) ?? '';
      if (discovery && discoveryURLs.has(discovery)) refuse(['jwt', index, 'issuer', 'discoveryURL'], 'repeats the discovery URL of an earlier entry');
      if (discovery) discoveryURLs.add(discovery);
    });
  }
  const anonymous = record(object.anonymous);
  const paths = (list(anonymous?.conditions) ?? []).map((condition) => text(record(condition)?.path) ?? '');
  if (anonymous && anonymous.enabled !== true && paths.length > 0) refuse(['anonymous', 'conditions'], 'may only be set when enabled is true');
  problems.push(...celProblems(object.jwt, ['expression', 'valueExpression'], ['jwt']));
  return { problems, ...(anonymous ? { anonymous: { enabled: anonymous.enabled === true, paths } } : {}) };
}

function jwtProblems(jwt: Data, path: PathSegment[]): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  const refuse = (rest: PathSegment[], message: string) => problems.push({ path: [...path, ...rest], kind: 'refused', message });
  const issuer = record(jwt.issuer) ?? {};
  const url = text(issuer.url) ?? '';
  if (!url) refuse(['issuer', 'url'], 'is required');
  else urlProblems(url).forEach((message) => refuse(['issuer', 'url'], message));
  const discovery = text(issuer.discoveryURL) ?? '';
  if (discovery) {
    if (url && url.replace(/\/+$/, '') === discovery.replace(/\/+$/, '')) refuse(['issuer', 'discoveryURL'], 'must differ from the issuer URL');
    urlProblems(discovery).forEach((message) => refuse(['issuer', 'discoveryURL'], message));
  }
  const audiences = (list(issuer.audiences) ?? []).map((item) => text(item) ?? '');
  const policy = text(issuer.audienceMatchPolicy) ?? '';
  if (audiences.length === 0) refuse(['issuer', 'audiences'], 'needs at least one audience');
  else {
    const seen = new Set<string>();
    audiences.forEach((audience, index) => {
      if (!audience) refuse(['issuer', 'audiences', index], 'is required');
      if (seen.has(audience)) refuse(['issuer', 'audiences', index], `repeats "${audience}"`);
      seen.add(audience);
    });
    if (audiences.length > 1 && policy !== 'MatchAny') refuse(['issuer', 'audienceMatchPolicy'], 'must be MatchAny when there are several audiences');
    if (audiences.length === 1 && policy && policy !== 'MatchAny') refuse(['issuer', 'audienceMatchPolicy'], 'must be empty or MatchAny for one audience');
  }
  const ca = text(issuer.certificateAuthority) ?? '';
  if (ca) {
    const certificates = parseCertificates(ca);
    if (certificates.length === 0 || certificates.some((certificate) => isProblem(certificate))) refuse(['issuer', 'certificateAuthority'], 'must hold PEM certificates that parse');
  }
  const egress = text(issuer.egressSelectorType) ?? '';
  if (egress && egress !== 'controlplane' && egress !== 'cluster') refuse(['issuer', 'egressSelectorType'], 'must be controlplane or cluster');
  claimValidationProblems(list(jwt.claimValidationRules) ?? []).forEach(([rest, message]) => refuse(['claimValidationRules', ...rest], message));
  const mappings = record(jwt.claimMappings) ?? {};
  prefixedProblems(record(mappings.username) ?? {}, true).forEach(([rest, message]) => refuse(['claimMappings', 'username', ...rest], message));
  prefixedProblems(record(mappings.groups) ?? {}, false).forEach(([rest, message]) => refuse(['claimMappings', 'groups', ...rest], message));
  const uid = record(mappings.uid) ?? {};
  if (text(uid.claim) && text(uid.expression)) refuse(['claimMappings', 'uid'], 'cannot set both claim and expression');
  const keys = new Set<string>();
  (list(mappings.extra) ?? []).forEach((item, index) => {
    const extra = record(item) ?? {};
    const key = text(extra.key) ?? '';
    const at: PathSegment[] = ['claimMappings', 'extra', index];
    extraKeyProblems(key).forEach((message) => refuse([...at, 'key'], message));
    if (keys.has(key)) return refuse([...at, 'key'], `repeats "${key}"`);
    keys.add(key);
    if (!text(extra.valueExpression)) refuse([...at, 'valueExpression'], 'is required');
  });
  const expressions = new Set<string>();
  (list(jwt.userValidationRules) ?? []).forEach((item, index) => {
    const expression = text(record(item)?.expression) ?? '';
    if (!expression) return refuse(['userValidationRules', index, 'expression'], 'is required');
    if (expressions.has(expression)) return refuse(['userValidationRules', index, 'expression'], 'repeats an earlier rule');
    expressions.add(expression);
  });
  return problems;
}

/** validateURL: Go's url.Parse as far as these checks read it. */
function urlProblems(url: string): string[] {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase() ?? '';
  const problems: string[] = [];
  if (scheme !== 'https') problems.push('must be an https URL');
  const withoutFragment = url.split('#')[0];
  const fragment = url.includes('#') ? url.slice(url.indexOf('#') + 1) : '';
  const query = withoutFragment.includes('?') ? withoutFragment.slice(withoutFragment.indexOf('?') + 1) : '';
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
  if (authority.includes('@')) problems.push('must not hold a user name or password');
  if (query) problems.push('must not hold a query');
  if (fragment) problems.push('must not hold a fragment');
  return problems;
}

function claimValidationProblems(rules: unknown[]): [PathSegment[], string][] {
  const problems: [PathSegment[], string][] = [];
  const claims = new Set<string>();
  const expressions = new Set<string>();
  rules.forEach((item, index) => {
    const rule = record(item) ?? {};
    const claim = text(rule.claim) ?? '';
    const expression = text(rule.expression) ?? '';
    if (claim && expression) return problems.push([[index], 'cannot set both claim and expression']);
    if (!claim && !expression) return problems.push([[index], 'needs a claim or an expression']);
    if (claim) {
      if (text(rule.message)) problems.push([[index, 'message'], 'may not be set with claim']);
      if (claims.has(claim)) problems.push([[index, 'claim'], `repeats the claim "${claim}"`]);
      claims.add(claim);
      return;
    }
    if (text(rule.requiredValue)) problems.push([[index, 'requiredValue'], 'may not be set with expression']);
    if (expressions.has(expression)) problems.push([[index, 'expression'], 'repeats an earlier rule']);
    expressions.add(expression);
  });
  return problems;
}

function prefixedProblems(mapping: Data, required: boolean): [PathSegment[], string][] {
  const claim = text(mapping.claim) ?? '';
  const expression = text(mapping.expression) ?? '';
  const hasPrefix = mapping.prefix !== undefined && mapping.prefix !== null;
  if (claim && expression) return [[[], 'cannot set both claim and expression']];
  if (!claim && !expression) return required ? [[[], 'needs a claim or an expression']] : [];
  if (expression) return hasPrefix ? [[['prefix'], 'may not be set with expression']] : [];
  return hasPrefix ? [] : [[['prefix'], 'is required with claim (write prefix: "" for none)']];
}

function extraKeyProblems(key: string): string[] {
  if (!key) return ['is required'];
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return ['must be a domain-prefixed path such as "example.com/team"'];
  const domain = key.slice(0, slash);
  const problems = dnsSubdomainProblems(domain).map((problem) => `has a domain that ${problem}`);
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(key.slice(slash + 1))) return [...problems, 'has a path with characters a URL path cannot hold'];
  if (key !== key.toLowerCase()) problems.push('must be lower case');
  if (/(^|\.)(kubernetes\.io|k8s\.io)$/.test(domain)) problems.push('uses a domain reserved for Kubernetes (k8s.io, kubernetes.io)');
  return problems;
}
