/**
 * NetworkPolicy as kube-apiserver validates it (pkg/apis/networking/validation, v1.36): selectors, peers (one of
 * podSelector/namespaceSelector, or ipBlock alone), and at most two policyTypes. Ports and ipBlock ranges are
 * checked by netpol/invalid-port and netpol/invalid-cidr, which know more to say about them.
 */
import type { PathSegment } from '../model/nodes';
import { child, isSet, list, record, type Data } from './data';
import type { FieldErrors } from './errors';
import { dnsSubdomainProblems } from './formats';
import { validateLabelSelector } from './label-selector';
import { validateObjectMeta } from './object-meta';

export function validateNetworkPolicy(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
  const spec = record(object.spec) ?? {};
  validateLabelSelector(spec.podSelector, ['spec', 'podSelector'], errors);
  for (const [direction, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
    (list(spec[direction]) ?? []).forEach((item, index) => {
      const rule = record(item);
      (list(rule?.[peersField]) ?? []).forEach((peer, peerIndex) => validatePeer(peer, ['spec', direction, index, peersField, peerIndex], errors));
    });
  }
  const types = list(spec.policyTypes);
  if (types && types.length > 2) errors.add('k8s/invalid-value', 'invalid', ['spec', 'policyTypes'], `lists ${types.length} types; at most two are allowed (Ingress and Egress)`);
}

function validatePeer(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  // `- podSelector:` with nothing after it decodes to a peer without any selector, like `- {}`.
  const peer = record(value) ?? (value === null ? {} : undefined);
  if (!peer) return;
  const selectors = (['podSelector', 'namespaceSelector'] as const).filter((field) => isSet(peer[field]));
  for (const field of selectors) validateLabelSelector(peer[field], child(path, field), errors);
  const count = selectors.length + (isSet(peer.ipBlock) ? 1 : 0);
  // A label query written beside a selector instead of under it is the likely cause; netpol/misindented-selector says so.
  const misindented = 'matchLabels' in peer || 'matchExpressions' in peer;
  if (count === 0) errors.add(misindented ? 'netpol/misindented-selector' : 'netpol/invalid-peer', 'required', path, 'names nothing: a peer needs a podSelector, a namespaceSelector or an ipBlock');
  else if (count > 1 && isSet(peer.ipBlock)) errors.add(misindented ? 'netpol/misindented-selector' : 'netpol/invalid-peer', 'forbidden', path, 'combines ipBlock with a selector: ipBlock must stand alone in its peer', { path: child(path, 'ipBlock'), onKey: true });
}
