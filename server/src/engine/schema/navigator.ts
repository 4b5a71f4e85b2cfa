/**
 * Walks the committed JSON Schemas by YAML path: which fields an object accepts, whether one is required, its
 * type and description. Hovers and "did you mean" suggestions read the schemas through this module.
 */
import type { PathSegment } from '../model/nodes';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  format?: string;
  description?: string;
}

interface SchemaDocument {
  $id: string;
  $ref?: string;
  kinds?: Record<string, string>;
  definitions: Record<string, JsonSchema>;
}

// Loaded with require so the compiler does not infer a type for the whole schema text.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kubernetes: SchemaDocument = require('../../../../schemas/kubernetes-1.36.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kubeconfig: SchemaDocument = require('../../../../schemas/kubeconfig.json');

export const KUBECONFIG_TYPE = 'v1/Config';

/** The apiVersion/kind pairs that have a schema. */
export function schemaTypes(): string[] {
  return [...Object.keys(kubernetes.kinds ?? {}), KUBECONFIG_TYPE];
}

export interface SchemaLocation {
  schema: JsonSchema;
  /** The definition the schema comes from, when it is a named one. */
  definition?: string;
  required: boolean;
}

export function rootSchema(typeKey: string): SchemaLocation | undefined {
  if (typeKey === KUBECONFIG_TYPE) return resolveRef(kubeconfig, kubeconfig.$ref ?? '', false);
  const definition = kubernetes.kinds?.[typeKey];
  return definition ? resolveRef(kubernetes, `#/definitions/${definition}`, false) : undefined;
}

/** The schema that applies at a path below a document's root, or undefined where the schema says nothing. */
export function schemaAtPath(typeKey: string, path: readonly PathSegment[]): SchemaLocation | undefined {
  let location = rootSchema(typeKey);
  const document = typeKey === KUBECONFIG_TYPE ? kubeconfig : kubernetes;
  for (const segment of path) {
    if (!location) return undefined;
    location = childSchema(document, location.schema, segment);
  }
  return location;
}

function childSchema(document: SchemaDocument, schema: JsonSchema, segment: PathSegment): SchemaLocation | undefined {
  if (typeof segment === 'number') {
    return schema.items ? resolve(document, schema.items, false) : undefined;
  }
  const property = schema.properties?.[segment];
  if (property) return resolve(document, property, schema.required?.includes(segment) ?? false);
  if (typeof schema.additionalProperties === 'object') return resolve(document, schema.additionalProperties, false);
  return undefined;
}

function resolve(document: SchemaDocument, schema: JsonSchema, required: boolean): SchemaLocation {
  if (!schema.$ref) return { schema, required };
  const target = resolveRef(document, schema.$ref, required);
  // A description beside a $ref describes this use of the shared definition, so it wins over the definition's own.
  return schema.description ? { ...target, schema: { ...target.schema, description: schema.description } } : target;
}

function resolveRef(document: SchemaDocument, ref: string, required: boolean): SchemaLocation {
  const definition = ref.replace('#/definitions/', '');
  const schema = document.definitions[definition];
  if (!schema) throw new Error(`Schema reference ${ref} does not resolve.`);
  return { schema, definition, required };
}

/** The field names an object schema accepts, in schema order. */
export function propertyNames(schema: JsonSchema): string[] {
  return Object.keys(schema.properties ?? {});
}

/** A short, readable name for a schema's type: "string", "list of string", "map of string", "PolicyRule". */
export function describeType(location: SchemaLocation): string {
  const { schema, definition } = location;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (schema.properties && definition) return definition.split('.').pop() ?? definition;
  if (types.includes('array') && schema.items) {
    return `list of ${describeType(schema.items.$ref ? resolveAnywhere(schema.items.$ref) : { schema: schema.items, required: false })}`;
  }
  if (types.includes('object') && typeof schema.additionalProperties === 'object') {
    const value = schema.additionalProperties;
    return `map of ${describeType(value.$ref ? resolveAnywhere(value.$ref) : { schema: value, required: false })}`;
  }
  if (types.length === 0) return 'any value';
  return types.map((type) => (type === 'string' && schema.format === 'byte' ? 'base64 string' : type)).join(' or ');
}

function resolveAnywhere(ref: string): SchemaLocation {
  const name = ref.replace('#/definitions/', '');
  const document = name in kubernetes.definitions ? kubernetes : kubeconfig;
  return resolveRef(document, ref, false);
}
