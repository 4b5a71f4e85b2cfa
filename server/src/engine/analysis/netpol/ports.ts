/**
 * Sets of ports per protocol, as NetworkPolicy rules allow them: every port of every protocol (no `ports`), every
 * port of one protocol (a protocol without a port), a range (`port` to `endPort`), or one number. Named ports are
 * resolved to numbers before they get here, against the destination pod's container ports.
 */

/** The protocols NetworkPolicies name. */
export const POLICY_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

const FIRST_PORT = 1;
const LAST_PORT = 65535;

type Range = readonly [number, number];

export class PortSet {
  private constructor(private readonly ranges: ReadonlyMap<string, readonly Range[]>) {}

  static none(): PortSet {
    return new PortSet(new Map());
  }

  /** Every port of every protocol. */
  static all(): PortSet {
    return new PortSet(new Map(POLICY_PROTOCOLS.map((protocol) => [protocol, [[FIRST_PORT, LAST_PORT]] as const])));
  }

  /** Ports `first` to `last` of `protocol`; every port of it without a range. */
  static of(protocol: string, first = FIRST_PORT, last = LAST_PORT): PortSet {
    return first > last ? PortSet.none() : new PortSet(new Map([[protocol, [[first, last]]]]));
  }

  isEmpty(): boolean {
    return this.ranges.size === 0;
  }

  has(protocol: string, port: number): boolean {
    return (this.ranges.get(protocol) ?? []).some(([first, last]) => port >= first && port <= last);
  }

  union(other: PortSet): PortSet {
    const merged = new Map<string, Range[]>();
    for (const set of [this, other]) for (const [protocol, ranges] of set.ranges) merged.set(protocol, [...(merged.get(protocol) ?? []), ...ranges]);
    return new PortSet(new Map([...merged].map(([protocol, ranges]) => [protocol, normalise(ranges)])));
  }

  intersect(other: PortSet): PortSet {
    const result = new Map<string, Range[]>();
    for (const [protocol, ranges] of this.ranges) {
      const common = (other.ranges.get(protocol) ?? []).flatMap(([first, last]) =>
        ranges.flatMap(([from, to]): Range[] => (Math.max(first, from) <= Math.min(last, to) ? [[Math.max(first, from), Math.min(last, to)]] : [])),
      );
      if (common.length > 0) result.set(protocol, normalise(common));
    }
    return new PortSet(result);
  }

  /** The ports of this set that `other` lacks. */
  minus(other: PortSet): PortSet {
    const result = new Map<string, Range[]>();
    for (const [protocol, ranges] of this.ranges) {
      let left: Range[] = [...ranges];
      for (const [first, last] of other.ranges.get(protocol) ?? []) {
        left = left.flatMap(([from, to]): Range[] => {
          if (last < from || first > to) return [[from, to]];
          return [...(from < first ? [[from, first - 1] as const] : []), ...(to > last ? [[last + 1, to] as const] : [])];
        });
      }
      if (left.length > 0) result.set(protocol, left);
    }
    return new PortSet(result);
  }

  equals(other: PortSet): boolean {
    return this.minus(other).isEmpty() && other.minus(this).isEmpty();
  }

  /** One port of the set, the lowest of the first protocol, to show as an example. */
  example(): { protocol: string; port: number } | undefined {
    for (const protocol of POLICY_PROTOCOLS) {
      const ranges = this.ranges.get(protocol);
      if (ranges?.length) return { protocol, port: ranges[0][0] };
    }
    const [first] = this.ranges;
    return first && { protocol: first[0], port: first[1][0][0] };
  }

  /** `TCP 443, 8000-8080; UDP 53`, `all TCP ports`, `every port`. */
  describe(): string {
    if (this.isEmpty()) return 'no port';
    const whole = (ranges: readonly Range[]) => ranges.length === 1 && ranges[0][0] === FIRST_PORT && ranges[0][1] === LAST_PORT;
    if (POLICY_PROTOCOLS.every((protocol) => whole(this.ranges.get(protocol) ?? []))) return 'every port';
    return [...this.ranges]
      .map(([protocol, ranges]) => (whole(ranges) ? `all ${protocol} ports` : `${protocol} ${ranges.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`)).join(', ')}`))
      .join('; ');
  }
}

/** Sorted, with overlapping and touching ranges merged. */
function normalise(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}
