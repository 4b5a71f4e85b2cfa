/**
 * Flags NetworkPolicy ports that the API server rejects: numbers outside 1-65535, names that are not valid port
 * names (IANA service names: what a container port's `name` may be), and endPort ranges that are backwards, start
 * at a named port or have no start. A rejected policy is not stored, so none of its isolation applies.
 * Unknown protocols are k8s/invalid-value's concern.
 */
import type { Scalar } from 'yaml';
import { networkPolicyOf } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

const INT32_MAX = 2 ** 31 - 1;

export default defineRule({
  id: 'netpol/invalid-port',
  meta: {
    summary: 'NetworkPolicy port or endPort that the API server rejects.',
    why: 'The API server validates NetworkPolicy ports: numbers must be 1 to 65535, names must be valid port names, and endPort needs a numeric port no greater than itself; a policy that breaks this is rejected and never enforced.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
      outOfRange: '{field} {value} is out of range: ports are numbered 1 to 65535.',
      quotedNumber: 'Port "{value}" is quoted, so it is read as a port name, and a name needs a letter: write {value} without quotes.',
      badName: 'Port name "{value}" is not valid: {reason}.',
      endPortWithoutPort: 'endPort needs a numeric port beside it: the range runs from port to endPort.',
      endPortNamed: 'endPort cannot be used with the named port "{value}": a range needs a numeric start.',
      endPortBelow: 'endPort {endPort} is below port {port}: the range would run backwards.',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    if (!policy) return;
    for (const direction of [policy.ingress, policy.egress]) {
      for (const rule of direction?.rules ?? []) {
        for (const item of rule.ports?.items ?? []) {
          const port = item.port?.value;
          if (typeof port === 'number') {
            checkRange(item.port!, 'port', context.report.bind(context));
          } else if (typeof port === 'string') {
            if (/^\d+$/.test(port)) context.report({ at: item.port!, messageId: 'quotedNumber', data: { value: port } });
            else {
              const reason = nameProblem(port);
              if (reason) context.report({ at: item.port!, messageId: 'badName', data: { value: port, reason } });
            }
          }
          const endPort = item.endPort;
          if (!endPort || endPort.value === null) continue;
          // The API server judges the order and the range of endPort separately, whatever it found in port.
          const endNumber = isInt32(endPort.value) ? endPort.value : undefined;
          if (port === undefined || port === null) context.report({ at: endPort, messageId: 'endPortWithoutPort' });
          else if (typeof port === 'string') context.report({ at: endPort, messageId: 'endPortNamed', data: { value: port } });
          else if (isInt32(port) && endNumber !== undefined && endNumber < port) {
            context.report({ at: endPort, messageId: 'endPortBelow', data: { endPort: endNumber, port } });
          }
          if (endNumber !== undefined && typeof port === 'number') checkRange(endPort, 'endPort', context.report.bind(context));
        }
      }
    }
  },
});

type Reporter = (report: { at: Scalar; messageId: 'outOfRange'; data: Record<string, string | number> }) => void;

/** Whether a value is a number that fits the 32-bit integer the API server decodes ports into. */
function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT32_MAX;
}

/** Reports a number that is not a usable port; one that does not fit 32 bits is k8s/invalid-value's to report. */
function checkRange(node: Scalar, field: string, report: Reporter): void {
  const value = node.value;
  if (isInt32(value) && (value < 1 || value > 65535)) report({ at: node, messageId: 'outOfRange', data: { field, value } });
}

/** Why a name is not an IANA service name, as Kubernetes checks port names; undefined when it is one. */
function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 15) return 'a port name has at most 15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'a port name has only lower-case letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'a port name needs at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'a port name cannot start or end with "-"';
  if (name.includes('--')) return 'a port name cannot hold "--"';
  return undefined;
}
