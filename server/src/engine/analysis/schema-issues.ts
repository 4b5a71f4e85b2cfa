/**
 * Validates a document's data against its compiled schema once and turns the validator's errors into issues
 * located by YAML path. `k8s/unknown-field`, `k8s/missing-field` and `k8s/invalid-value` each report their share.
 */
import type { ManifestDocument } from '../model/document';
import { filledInByOlderVersion } from '../model/legacy-versions';
import type { PathSegment } from '../model/nodes';
import { KUBECONFIG_TYPE, propertyNames, schemaAtPath } from '../schema/navigator';
import { validatorsByType } from '../schema/validators.generated';
import { perDocument } from './per-document';
import { closest } from './spelling';

export type SchemaIssue =
  | { kind: 'unknown-field'; path: PathSegment[]; field: string; suggestion?: string }
  | { kind: 'missing-field'; path: PathSegment[]; field: string }
  | { kind: 'invalid-type'; path: PathSegment[]; expected: string[] }
  | { kind: 'invalid-enum'; path: PathSegment[]; allowed: unknown[] }
  | { kind: 'invalid-format'; path: PathSegment[]; format: string };

interface ValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

type Validator = ((data: unknown) => boolean) & { errors?: ValidationError[] | null };

const validators = validatorsByType as Record<string, Validator>;

/** The schema type of a document (apiVersion/kind), when Kubeward has a schema for it. */
export function schemaTypeOf(document: ManifestDocument): string | undefined {
  if (document.category === 'kubeconfig') return KUBECONFIG_TYPE;
  const key = document.typeKey;
  return key && key !== KUBECONFIG_TYPE && key in validators ? key : undefined;
}

export const schemaIssues: (document: ManifestDocument) => SchemaIssue[] = perDocument(validate);

function validate(document: ManifestDocument): SchemaIssue[] {
  const typeKey = schemaTypeOf(document);
  // What a parser recovers from broken YAML is not what the author wrote; yaml/syntax speaks for such documents.
  if (!typeKey || !document.decodable) return [];
  const { data, problem } = document.data();
  if (problem || typeof data !== 'object' || data === null) return [];
  const validator = validators[typeKey];
  const extra = [...unknownNullFields(typeKey, data, []), ...nonFiniteNumbers(data, [])];
  if (validator(withoutNulls(typeKey, data, []))) return extra;
  const issues = (validator.errors ?? []).flatMap((error) => toIssue(typeKey, error)).filter((issue) => !missingButFilledIn(document, issue));
  return dropFormatBesideType(dropMisspeltRequired([...issues, ...extra]));
}

/** A required field that the older version a document is written in filled in itself (see legacy-versions.ts). */
function missingButFilledIn(document: ManifestDocument, issue: SchemaIssue): boolean {
  return issue.kind === 'missing-field' && !!document.apiVersion && !!document.kind && filledInByOlderVersion(document.apiVersion.value, document.kind.value, [...issue.path, issue.field]);
}

function toIssue(typeKey: string, error: ValidationError): SchemaIssue[] {
  const path = parsePointer(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const parent = schemaAtPath(typeKey, path);
      const suggestion = parent ? closest(field, propertyNames(parent.schema)) : undefined;
      return [{ kind: 'unknown-field', path: [...path, field], field, ...(suggestion ? { suggestion } : {}) }];
    }
    case 'required':
      return [{ kind: 'missing-field', path, field: String(error.params.missingProperty) }];
    case 'type':
      return [{ kind: 'invalid-type', path, expected: String(error.params.type).split(',') }];
    case 'enum':
      return [{ kind: 'invalid-enum', path, allowed: (error.params.allowedValues as unknown[]) ?? [] }];
    case 'format':
      return [{ kind: 'invalid-format', path, format: String(error.params.format) }];
    default:
      return [];
  }
}

/** A misspelt field (`verb:`) already explains why the real one (`verbs`) is missing; report it only once. */
function dropMisspeltRequired(issues: SchemaIssue[]): SchemaIssue[] {
  const suggested = new Set(
    issues.flatMap((issue) => (issue.kind === 'unknown-field' && issue.suggestion ? [pathKey([...issue.path.slice(0, -1), issue.suggestion])] : [])),
  );
  return issues.filter((issue) => issue.kind !== 'missing-field' || !suggested.has(pathKey([...issue.path, issue.field])));
}

/** A value of the wrong type also fails its format check; the type is the one thing to say. */
function dropFormatBesideType(issues: SchemaIssue[]): SchemaIssue[] {
  const wrongType = new Set(issues.filter((issue) => issue.kind === 'invalid-type').map((issue) => pathKey(issue.path)));
  return issues.filter((issue) => issue.kind !== 'invalid-format' || !wrongType.has(pathKey(issue.path)));
}

function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}

function parsePointer(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/** `.inf` and `.nan` decode to numbers that JSON cannot carry: the API server refuses the object, whatever the field. */
function nonFiniteNumbers(value: unknown, path: PathSegment[]): SchemaIssue[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [{ kind: 'invalid-format', path, format: 'finite' }];
  if (Array.isArray(value)) return value.flatMap((item, index) => nonFiniteNumbers(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => nonFiniteNumbers(item, [...path, key]));
}

/**
 * Fields written with a null value that the type does not have. Validation drops nulls (Go leaves a null field at
 * its zero value), but strict decoding still refuses a field it does not know, whatever its value.
 */
function unknownNullFields(typeKey: string, value: unknown, path: PathSegment[]): SchemaIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => unknownNullFields(typeKey, item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    if (item !== null) return unknownNullFields(typeKey, item, [...path, key]);
    const parent = schemaAtPath(typeKey, path)?.schema;
    if (!parent?.properties || key in parent.properties || parent.additionalProperties) return [];
    const suggestion = closest(key, propertyNames(parent));
    return [{ kind: 'unknown-field' as const, path: [...path, key], field: key, ...(suggestion ? { suggestion } : {}) }];
  });
}

/**
 * Data as Go's JSON decoding sees it: a null field is as good as an absent one, and a null list item is the zero
 * value of the item's type ("" in a list of strings, which the API server accepts).
 */
function withoutNulls(typeKey: string, value: unknown, path: PathSegment[]): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => (item === null ? zeroValue(schemaAtPath(typeKey, [...path, index])?.schema.type) : withoutNulls(typeKey, item, [...path, index])));
  }
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && item !== undefined) result[key] = withoutNulls(typeKey, item, [...path, key]);
  }
  return result;
}

function zeroValue(type: unknown): unknown {
  const first = Array.isArray(type) ? type[0] : type;
  return { string: '', integer: 0, number: 0, boolean: false, array: [], object: {} }[String(first)] ?? {};
}

/** A readable form of a path, as `rules[0].verbs`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), '');
}
