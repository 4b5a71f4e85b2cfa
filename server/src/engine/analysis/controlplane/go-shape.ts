/**
 * How a component decodes its configuration file into Go structs (the apiserver's universal decoder over
 * sigs.k8s.io/json): field names match exactly, a null or absent field is the zero value, and a value of the wrong
 * JSON type fails the decoding, which stops the component. Unknown fields are refused by a strict decoder (the
 * EncryptionConfiguration's) and dropped by a lenient one. A shape describes the struct; `decodeProblems` lists
 * what the component refuses and which fields it ignores.
 */
import { closest } from '../spelling';
import type { PathSegment } from '../../model/nodes';
import { goDurationProblem } from '../../validation/go-duration';

export type Shape =
  | 'string'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'duration'
  /** Anything at all (a raw extension, a free-form map). */
  | 'any'
  | { object: Readonly<Record<string, Shape>> }
  | { list: Shape }
  | { map: Shape };

export interface DecodeProblem {
  path: PathSegment[];
  /** `refused`: the decoding fails; `ignored`: an unknown field the decoder drops. */
  kind: 'refused' | 'ignored';
  message: string;
  /** For a field the struct does not have: the known field it most likely meant. */
  suggestion?: string;
  /** Set when the problem is the field itself (unknown), not its value. */
  unknownField?: true;
}

const INT_RANGES = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] } as const;

/** What decoding `value` into `shape` refuses or ignores, with the path of each. */
export function decodeProblems(value: unknown, shape: Shape, decoding: { strict: boolean }, path: PathSegment[] = []): DecodeProblem[] {
  if (value === null || value === undefined || shape === 'any') return [];
  const refused = (expected: string): DecodeProblem[] => [{ path, kind: 'refused', message: `must be ${expected}, not ${describe(value)}` }];
  if (shape === 'string') return typeof value === 'string' ? [] : refused('a string');
  if (shape === 'bool') return typeof value === 'boolean' ? [] : refused('true or false');
  if (shape === 'int32' || shape === 'int64') {
    const [min, max] = INT_RANGES[shape];
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? [] : refused(`a whole number${shape === 'int32' ? ' that fits 32 bits' : ''}`);
  }
  if (shape === 'duration') {
    if (typeof value !== 'string') return refused('a duration written as a string, such as "3s"');
    const problem = goDurationProblem(value);
    return problem ? [{ path, kind: 'refused', message: `${problem}` }] : [];
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) return refused('a list');
    return value.flatMap((item, index) => decodeProblems(item, shape.list, decoding, [...path, index]));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return refused('a map');
  const entries = Object.entries(value as Record<string, unknown>);
  if ('map' in shape) return entries.flatMap(([key, item]) => decodeProblems(item, shape.map, decoding, [...path, key]));
  const known = Object.keys(shape.object);
  return entries.flatMap(([key, item]) => {
    const field = shape.object[key];
    if (field !== undefined) return decodeProblems(item, field, decoding, [...path, key]);
    const suggestion = closest(key, known);
    const kind = decoding.strict ? ('refused' as const) : ('ignored' as const);
    return [{ path: [...path, key], kind, unknownField: true as const, message: `is not a field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, ...(suggestion ? { suggestion } : {}) }];
  });
}

/** The JSON type of a value, never its content: configuration files hold keys and passwords. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number with a fraction';
  return typeof value === 'boolean' ? 'true or false' : 'that';
}
