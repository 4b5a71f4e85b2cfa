/**
 * IPv4 and IPv6 addresses and CIDR ranges as numbers, for ipBlock validation and containment. No installed package
 * does this, and the need is small: parse, then compare prefixes. Addresses are read as Kubernetes reads ipBlock
 * (its "sloppy" parser accepts leading zeros in IPv4 octets, as decimal).
 */

export interface IpRange {
  family: 4 | 6;
  /** The network address (host bits cleared), as Go's `net.ParseCIDR` returns it. */
  base: bigint;
  prefix: number;
  /** True when the written address had bits set beyond the prefix (`10.0.0.1/24`). */
  hostBitsSet: boolean;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address; undefined when the text is neither. */
export function parseRange(text: string): IpRange | undefined {
  return text.includes('/') ? parseCidr(text) : parseCidr(`${text.trim()}/${text.includes(':') ? 128 : 32}`);
}

/** Parses a CIDR with its prefix length; undefined for anything else, a bare address included. */
export function parseCidr(text: string): IpRange | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  const bits = BITS[parsed.family];
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const base = mask(parsed.value, prefix, bits);
  return { family: parsed.family, base, prefix, hostBitsSet: base !== parsed.value };
}

/** Parses a bare IPv4 or IPv6 address. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** Whether a CIDR's address is an IPv4 address written as IPv6 (`::ffff:10.0.0.0/104`), as Go's Is4In6 decides. */
export function isIpv4Mapped(cidr: string): boolean {
  const address = parseAddress(cidr.split('/')[0]);
  return address?.family === 6 && address.value >> 32n === 0xffffn;
}

/** An address's parts: IPv4's four octets in decimal, IPv6's eight groups in lower-case hexadecimal. */
export function addressParts(family: 4 | 6, value: bigint): string[] {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn));
  return Array.from({ length: 8 }, (_, index) => ((value >> BigInt(112 - index * 16)) & 0xffffn).toString(16));
}

/** An address as the API server normalises it: IPv4 dotted, IPv6 with its first run of zero groups shortened to `::`. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  const parts = addressParts(family, value);
  return family === 4 ? parts.join('.') : parts.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** The canonical text of a range's network. */
export function formatRange(range: IpRange): string {
  return `${formatAddress(range.family, range.base)}/${range.prefix}`;
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
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return { family: 4, value: parts.reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n) };
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
