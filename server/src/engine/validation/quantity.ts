/**
 * Resource quantities (`500m`, `1.5Gi`, `1e3`) as apimachinery's resource.ParseQuantity reads them: an optional
 * sign, digits with an optional fraction, and a suffix that is binary (Ki … Ei), decimal (n u m k M G T P E) or an
 * exponent (e3, E-2). The value is kept exactly, as a fraction of two big integers, so that a request can be
 * compared with its limit the way the API server compares them.
 */
import { QUANTITY } from '../schema/formats';

/** An exact value: numerator / denominator, the denominator positive. */
export interface QuantityValue {
  numerator: bigint;
  denominator: bigint;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Beyond this exponent the value is not computed (it is still a valid quantity). */
const MAX_EXPONENT = 1000;

/**
 * The quantity a written value stands for; `undefined` when the API server cannot decode it, and `null` when it
 * decodes but is too large or too small to compute here.
 */
export function parseQuantity(written: unknown): QuantityValue | null | undefined {
  const text = typeof written === 'number' ? (Number.isFinite(written) ? String(written) : '') : typeof written === 'string' ? written.trim() : '';
  if (text === '') return undefined;
  if (!QUANTITY.test(text)) return undefined;
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', suffix] = match;
  const base = suffix in BINARY ? 2n : 10n;
  const exponent = suffix in DECIMAL ? DECIMAL[suffix] : suffix in BINARY ? BINARY[suffix] : Number(suffix.slice(1));
  if (Math.abs(exponent) > MAX_EXPONENT) return null;
  const digits = BigInt(`${whole || '0'}${fraction}` || '0');
  let numerator = sign === '-' ? -digits : digits;
  let denominator = 10n ** BigInt(fraction.length);
  if (exponent >= 0) numerator *= base ** BigInt(exponent);
  else denominator *= base ** BigInt(-exponent);
  return { numerator, denominator };
}

export function compareQuantities(a: QuantityValue, b: QuantityValue): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNegative(value: QuantityValue): boolean {
  return value.numerator < 0n;
}

/** Whether the value is a whole number of units (what extended resources must be). */
export function isWhole(value: QuantityValue): boolean {
  // The API server checks the value in thousandths, so anything finer than a thousandth is rounded up first.
  const thousandths = (value.numerator * 1000n + value.denominator - 1n) / value.denominator;
  return thousandths % 1000n === 0n;
}
