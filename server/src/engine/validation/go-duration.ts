/**
 * Go's time.ParseDuration, which reads durations in Kubernetes configuration and in a CronJob's `@every`:
 * a sign, then numbers with optional fractions, each followed by a unit (ns, us, µs, μs, ms, s, m, h), such as
 * `1h30m` or `-1.5s`; `0` alone needs no unit. A total beyond what an int64 of nanoseconds holds is refused.
 */
const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

const LIMIT = 1n << 63n;

/** Why ParseDuration refuses `text` (a phrase such as "is not a duration"), or undefined when it reads it. */
export function goDurationProblem(text: string): string | undefined {
  const parsed = parseGoDuration(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** The duration in nanoseconds as ParseDuration reads it, or why it refuses it. */
export function goDurationNanoseconds(text: string): bigint | undefined {
  const parsed = parseGoDuration(text);
  return typeof parsed === 'bigint' ? parsed : undefined;
}

function parseGoDuration(text: string): bigint | string {
  let rest = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  const negative = text.startsWith('-');
  if (rest === '0') return 0n;
  if (rest === '') return 'is not a duration';
  let total = 0n;
  while (rest !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (!number || (whole === '' && !fraction)) return 'is not a duration';
    rest = rest.slice(number[0].length);
    let value = whole === '' ? 0n : BigInt(whole);
    if (value > LIMIT) return 'is too long a duration';
    const unitText = /^[^.0-9]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') return 'has a number without a unit (such as s, m or h)';
    rest = rest.slice(unitText.length);
    const unit = UNITS[unitText];
    if (unit === undefined) return `has the unknown unit "${unitText}"`;
    if (value > LIMIT / unit) return 'is too long a duration';
    value *= unit;
    if (fraction) value += BigInt(Math.floor(Number(`0.${fraction}`) * Number(unit)));
    if (value > LIMIT) return 'is too long a duration';
    total += value;
    if (total > LIMIT) return 'is too long a duration';
  }
  if (!negative && total > LIMIT - 1n) return 'is too long a duration';
  return negative ? -total : total;
}
