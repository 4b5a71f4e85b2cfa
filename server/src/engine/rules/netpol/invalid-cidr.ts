/**
 * Flags ipBlock ranges that the API server rejects: a cidr or except entry that is not a CIDR, an except entry of
 * the other IP family, or one that is not a strict subset of its cidr. Such a policy is never stored, and in a
 * bundle applied as a whole the other objects may go in without it. From Kubernetes 1.36 the StrictIPCIDRValidation
 * gate is on by default, so host bits, leading zeros and IPv4-mapped IPv6 addresses are rejected too; for older
 * targets host bits are only a warning, because the range is silently widened.
 */
import type { Scalar } from 'yaml';
import { formatRange, isIpv4Mapped, parseAddress, parseCidr, rangeContains, type IpRange } from '../../analysis/netpol/ip';
import { compareReleases } from '../../reference/api-catalog';
import { networkPolicyOf } from '../../model/views/netpol';
import { defineRule } from '../define-rule';


/** Leading zeros in an IPv4 octet or in the prefix length, which Go's strict parser refuses (IPv6 groups may have them). */
function hasLeadingZeros(cidr: string): boolean {
  const [address, prefix] = cidr.split('/');
  const dotted = address.split(':').pop()!;
  return /^0\d/.test(prefix) || (dotted.includes('.') && dotted.split('.').some((octet) => /^0\d/.test(octet)));
}

/** The release whose API server validates ipBlock CIDRs strictly by default (StrictIPCIDRValidation beta). */
const STRICT_VALIDATION_RELEASE = '1.36';

export default defineRule({
  id: 'netpol/invalid-cidr',
  meta: {
    summary: 'ipBlock cidr or except that the API server rejects.',
    why: 'The API server validates ipBlock: cidr and every except entry must be CIDRs, and each except must be a strict subset of cidr; a policy that breaks this is rejected and never enforced.',
    severity: 'error',
    scope: 'kubernetes',
    messageSeverity: { hostBits: 'warning' },
    messages: {
      hostBits: '"{value}" has bits set beyond its prefix length; it is read as {normalised}, which may not be the range meant.',
      hostBitsRejected: '"{value}" has bits set beyond its prefix length: Kubernetes {target} rejects it; write {normalised}.',
      leadingZeros: '"{value}" has leading zeros in its address or prefix length: Kubernetes {target} rejects it.',
      ipv4Mapped: '"{value}" is an IPv4-mapped IPv6 range: Kubernetes {target} rejects it; write the IPv4 range instead.',
      notCidr: '"{value}" is not a CIDR: write an address and a prefix length, such as 10.0.0.0/16 or 2001:db8::/32.',
      noPrefix: '"{value}" has no prefix length: a single address is written {value}/{bits}.',
      familyMix: 'except entry {except} is {exceptFamily} but cidr {cidr} is {cidrFamily}: an except must lie inside its cidr, so the API server rejects the policy.',
      outside: 'except entry {except} is not inside cidr {cidr}: the API server rejects an except that is not a strict subset of its cidr.',
      notNarrower: 'except entry {except} covers all of cidr {cidr}: the API server rejects it, an except must be a strict subset with a longer prefix.',
    },
  },
  check(doc, context) {
    const policy = networkPolicyOf(doc);
    if (!policy) return;
    const target = context.config.kubernetesVersion;
    const strict = compareReleases(target, STRICT_VALIDATION_RELEASE) >= 0;
    for (const direction of [policy.ingress, policy.egress]) {
      for (const rule of direction?.rules ?? []) {
        for (const peer of rule.peers?.items ?? []) {
          const block = peer.ipBlock;
          if (!block) continue;
          const parseReporting = (value: { value: string; node: Scalar }): IpRange | undefined => {
            const parsed = parseCidr(value.value);
            const written = value.value.trim();
            if (parsed && strict && hasLeadingZeros(written)) context.report({ at: value.node, messageId: 'leadingZeros', data: { value: written, target } });
            else if (parsed && strict && isIpv4Mapped(written)) context.report({ at: value.node, messageId: 'ipv4Mapped', data: { value: written, target } });
            else if (parsed?.hostBitsSet) {
              const data = { value: written, normalised: formatRange(parsed), target };
              context.report({ at: value.node, messageId: strict ? 'hostBitsRejected' : 'hostBits', data });
            }
            if (parsed) return parsed;
            const address = parseAddress(value.value.trim());
            if (address) context.report({ at: value.node, messageId: 'noPrefix', data: { value: value.value.trim(), bits: address.family === 4 ? 32 : 128 } });
            else context.report({ at: value.node, messageId: 'notCidr', data: { value: value.value } });
            return undefined;
          };
          const cidr = block.cidr ? parseReporting(block.cidr) : undefined;
          for (const entry of block.except) {
            const except = parseReporting(entry);
            if (!except || !cidr) continue;
            const data = { except: entry.value, cidr: block.cidr!.value };
            if (except.family !== cidr.family) {
              context.report({ at: entry.node, messageId: 'familyMix', data: { ...data, exceptFamily: `IPv${except.family}`, cidrFamily: `IPv${cidr.family}` } });
            } else if (!rangeContains(cidr, { ...except, prefix: Math.max(except.prefix, cidr.prefix) })) {
              context.report({ at: entry.node, messageId: 'outside', data });
            } else if (except.prefix <= cidr.prefix) {
              context.report({ at: entry.node, messageId: 'notNarrower', data });
            }
          }
        }
      }
    }
  },
});
