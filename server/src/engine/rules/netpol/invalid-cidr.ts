/**
 * Flags ipBlock ranges that the API server rejects: a cidr or except entry that is not a CIDR, an except entry of
 * the other IP family, or one that is not a strict subset of its cidr. Such a policy is never stored, and in a
 * bundle applied as a whole the other objects may go in without it.
 */
import type { Scalar } from 'yaml';
import { networkPolicyOf } from '../../model/views/netpol';
import { defineRule } from '../define-rule';

interface Cidr {
  family: 4 | 6;
  /** The address with host bits cleared. */
  network: bigint;
  prefix: number;
}

export default defineRule({
  id: 'netpol/invalid-cidr',
  meta: {
    summary: 'ipBlock cidr or except that the API server rejects.',
    why: 'The API server validates ipBlock: cidr and every except entry must be CIDRs, and each except must be a strict subset of cidr; a policy that breaks this is rejected and never enforced.',
    severity: 'error',
    scope: 'kubernetes',
    messages: {
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
    for (const direction of [policy.ingress, policy.egress]) {
      for (const rule of direction?.rules ?? []) {
        for (const peer of rule.peers?.items ?? []) {
          const block = peer.ipBlock;
          if (!block) continue;
          const parseReporting = (value: { value: string; node: Scalar }): Cidr | undefined => {
            const parsed = parseCidr(value.value);
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
            } else if (!contains(cidr, except)) {
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

function contains(outer: Cidr, inner: Cidr): boolean {
  const bits = outer.family === 4 ? 32 : 128;
  return (inner.network & mask(outer.prefix, bits)) === outer.network;
}

function mask(prefix: number, bits: number): bigint {
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

/** A CIDR as Kubernetes parses it (leading zeros in IPv4 octets accepted), with host bits cleared. */
function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const address = parseAddress(match[1]);
  const prefix = Number(match[2]);
  if (!address || prefix > (address.family === 4 ? 32 : 128)) return undefined;
  const bits = address.family === 4 ? 32 : 128;
  return { family: address.family, network: address.value & mask(prefix, bits), prefix };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (!text.includes(':')) {
    const value = parseIpv4(text);
    return value === undefined ? undefined : { family: 4, value };
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): bigint[] | undefined => {
    if (half === '') return [];
    const groups: bigint[] = [];
    const parts = half.split(':');
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index];
      if (index === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return undefined;
        groups.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) groups.push(BigInt(`0x${part}`));
      else return undefined;
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2 ? head.length + tail.length > 7 : head.length !== 8) return undefined;
  const groups = [...head, ...Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  return { family: 6, value: groups.reduce((value, group) => (value << 16n) | group, 0n) };
}
