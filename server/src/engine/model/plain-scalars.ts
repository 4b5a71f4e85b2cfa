/**
 * Plain (unquoted) scalars read exactly as Kubernetes reads them. kubectl and the API server decode YAML with
 * sigs.k8s.io/yaml, which resolves plain scalars with go-yaml v2's rules: a YAML 1.1 flavour of its own, which
 * differs from the `yaml` package's YAML 1.1 schema in ways that change meaning (`1:30` is a string, not the
 * sexagesimal 90; `.` is a string, not NaN; `1e3` and `0o17` are numbers; `08` is 8). These tags replace the
 * package's null, boolean, integer, float and timestamp tags; map, sequence, string, merge and the explicit tags
 * stay as they are.
 */
import { Scalar, type ScalarTag } from 'yaml';

type PlainKind = 'null' | 'bool' | 'int' | 'float' | 'string';

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
};
/** Go's strconv.ParseInt(s, 0, 64) syntax: sign, then a 0x/0o/0b prefix, a leading 0 (octal), or decimal digits. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** How go-yaml v2 resolves a plain scalar, and its value. */
export function resolvePlain(source: string): { kind: PlainKind; value: unknown } {
  if (NULL.has(source)) return { kind: 'null', value: null };
  if (TRUE.has(source)) return { kind: 'bool', value: true };
  if (FALSE.has(source)) return { kind: 'bool', value: false };
  if (source in SPECIAL_FLOATS) return { kind: 'float', value: SPECIAL_FLOATS[source] };
  const first = source[0];
  if (first === '.') {
    const value = Number(source);
    return DOT_FLOAT.test(source) && Number.isFinite(value) ? { kind: 'float', value } : { kind: 'string', value: source };
  }
  if (!/[-+0-9]/.test(first)) return { kind: 'string', value: source };
  const plain = source.replace(/_/g, '');
  const integer = parseGoInt(plain);
  if (integer !== undefined) return { kind: 'int', value: integer };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    // strconv.ParseFloat fails on overflow, and the scalar then stays a string.
    if (Number.isFinite(value)) return { kind: 'float', value };
  }
  return { kind: 'string', value: source };
}

/** The value of an integer in Go's syntax within int64 (or, when positive, uint64); undefined otherwise. */
function parseGoInt(plain: string): number | undefined {
  const match = GO_INT.exec(plain);
  if (!match) return undefined;
  const [, sign, hex, octal, binary, leadingZeroOctal, decimal] = match;
  const digits =
    hex !== undefined ? BigInt(`0x${hex}`) : octal !== undefined ? BigInt(`0o${octal}`) : binary !== undefined ? BigInt(`0b${binary}`) : leadingZeroOctal !== undefined ? BigInt(`0o${leadingZeroOctal || '0'}`) : BigInt(decimal);
  const value = sign === '-' ? -digits : digits;
  if (value < INT64_MIN || value > UINT64_MAX) return undefined;
  return Number(value);
}

function tagFor(kind: PlainKind, tag: string): ScalarTag {
  return {
    identify: () => false,
    default: true,
    tag,
    // The package asks each tag whether a plain scalar is its own; go-yaml's resolution answers.
    test: { test: (source: string) => resolvePlain(source).kind === kind } as RegExp,
    resolve: (source: string) => new Scalar(resolvePlain(source).value),
  };
}

/** The scalar tags that replace the `yaml` package's YAML 1.1 null, boolean, integer, float and timestamp tags. */
export const GO_YAML_PLAIN_TAGS: readonly ScalarTag[] = [
  tagFor('null', 'tag:yaml.org,2002:null'),
  tagFor('bool', 'tag:yaml.org,2002:bool'),
  tagFor('int', 'tag:yaml.org,2002:int'),
  tagFor('float', 'tag:yaml.org,2002:float'),
];

const REPLACED = new Set(['tag:yaml.org,2002:null', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

/** The `yaml` package's YAML 1.1 tags with the plain scalar resolution replaced by go-yaml v2's. */
export function kubernetesTags<T extends { tag?: string; default?: unknown }>(tags: T[]): (T | ScalarTag)[] {
  const kept = tags.filter((tag) => typeof tag !== 'object' || !REPLACED.has(tag.tag ?? '') || tag.default !== true);
  return [...GO_YAML_PLAIN_TAGS, ...kept];
}
