/**
 * IPv4 and IPv6 addresses and CIDR ranges as numbers, for ipBlock containment. No installed package does this,
 * and the need is small: parse, then compare prefixes. A bare address is read as a one-address range.
 */

export interface IpRange {
  family: 4 | 6;
  /** The network address (host bits cleared), as Go's `net.ParseCIDR` returns it. */
  base: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address; undefined when the text is neither. */
export function parseRange(text: string): IpRange | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const parsed = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (!parsed) return undefined;
  const bits = BITS[parsed.family];
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { family: parsed.family, base: mask(parsed.value, prefix, bits), prefix };
}

/** Whether every address of `inner` lies in `outer`. */
export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  return mask(inner.base, outer.prefix, BITS[outer.family]) === outer.base;
}

/** Whether two ranges share an address; CIDR ranges either nest or are disjoint. */
export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return rangeContains(a, b) || rangeContains(b, a);
}

function mask(value: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

function parseIpv4(text: string): { family: 4; value: bigint } | undefined {
  const parts = text.split('.');
  // Go rejects leading zeros, since some tools read them as octal.
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return { family: 4, value: parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n) };
}

function parseIpv6(text: string): { family: 6; value: bigint } | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const result: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      // The last piece may be a dotted IPv4 address (`::ffff:10.0.0.1`), worth two groups.
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return undefined;
        result.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) result.push(parseInt(piece, 16));
      else return undefined;
    }
    return result;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<number>(missing).fill(0), ...tail];
  return { family: 6, value: all.reduce((value, group) => (value << 16n) | BigInt(group), 0n) };
}
