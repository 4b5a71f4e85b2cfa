/**
 * ObjectMeta as kube-apiserver validates it on create (apimachinery api/validation/objectmeta.go, with the core
 * additions for finalizers): the name or a generated-name prefix by the kind's own rule and as a path segment,
 * labels, annotations, owner references, finalizers and generation.
 */
import type { FieldErrors } from './errors';
import { child, list, record, stringEntries, text } from './data';
import { byteLength, dnsLabelProblems, labelValueProblems, maskTrailingDash, pathSegmentProblems, qualifiedNameProblems, type Problems } from './formats';
import type { PathSegment } from '../model/nodes';

/** The name rule of a kind: what is wrong with a name (or, as a prefix, with a generateName). */
export type NameRule = (name: string) => Problems;

export interface ObjectMetaOptions {
  /** The kind's own name rule; every name is also checked as a URL path segment. */
  name: NameRule;
  /** Labels whose values the API server sets itself before it validates, so what is written there is never judged. */
  assignedLabels?: readonly string[];
  /**
   * How generateName is judged: as a prefix by the kind's rule (most kinds), or only through the name made from it
   * (kinds validated by declarative rules, such as ReplicationController).
   */
  generateName?: 'prefix' | 'generated';
}

const META: PathSegment[] = ['metadata'];
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateObjectMeta(object: Record<string, unknown>, options: ObjectMetaOptions, errors: FieldErrors): void {
  const meta = record(object.metadata) ?? {};
  validateNames(meta, options, errors);
  const namespace = text(meta.namespace);
  // The request path carries the namespace, and kubectl sends the object to the one it names, so only its format matters.
  if (namespace) for (const problem of dnsLabelProblems(namespace)) errors.add('k8s/invalid-name', 'invalid', child(META, 'namespace'), problem);
  if (typeof meta.generation === 'number' && meta.generation < 0) errors.add('k8s/invalid-value', 'invalid', child(META, 'generation'), 'must not be negative');
  validateLabels(meta.labels, child(META, 'labels'), errors, options.assignedLabels);
  validateAnnotationsAt(meta.annotations, child(META, 'annotations'), errors);
  validateOwnerReferences(meta.ownerReferences, errors);
  validateFinalizers(meta.finalizers, child(META, 'finalizers'), errors);
}

function validateNames(meta: Record<string, unknown>, options: ObjectMetaOptions, errors: FieldErrors): void {
  const name = text(meta.name);
  const generateName = text(meta.generateName);
  if (generateName) {
    // A made-up name is the prefix (cut to 58 characters) and five random lower-case letters and digits.
    const kindProblems = options.generateName === 'generated' ? options.name(`${generateName.slice(0, 58)}x7k2q`) : options.name(maskTrailingDash(generateName));
    const problems = new Set([...kindProblems, ...pathSegmentProblems(generateName).filter((problem) => !problem.startsWith('may not be'))]);
    for (const problem of problems) errors.add('k8s/invalid-name', 'invalid', child(META, 'generateName'), problem);
  }
  if (name === '' && !generateName) {
    errors.required(child(META, 'name'), 'is required (or generateName, for a name the API server makes up)');
  } else if (name) {
    for (const problem of new Set([...options.name(name), ...pathSegmentProblems(name)])) errors.add('k8s/invalid-name', 'invalid', child(META, 'name'), problem);
  }
}

/**
 * Labels, as the API server checks them in metadata and in every matchLabels: errors name the map itself. `written`
 * is where the map is in the document when the API server names it differently (a template's labels).
 */
export function validateLabels(value: unknown, path: PathSegment[], errors: FieldErrors, assigned: readonly string[] = [], written = path): void {
  for (const [key, labelValue] of stringEntries(value)) {
    for (const problem of qualifiedNameProblems(key)) errors.add('k8s/invalid-label', 'invalid', path, `key "${key}" ${problem}`, { path: child(written, key), onKey: true });
    if (assigned.includes(key)) continue;
    for (const problem of labelValueProblems(labelValue)) errors.add('k8s/invalid-label', 'invalid', path, `value "${labelValue}" ${problem}`, { path: child(written, key) });
  }
}

/** Annotations: keys as label keys (compared in lower case, so upper case is allowed), and 256 KiB in all. */
export function validateAnnotationsAt(value: unknown, path: PathSegment[], errors: FieldErrors, written = path): void {
  let bytes = 0;
  for (const [key, annotation] of stringEntries(value)) {
    for (const problem of qualifiedNameProblems(key.toLowerCase())) errors.add('k8s/invalid-label', 'invalid', path, `annotation key "${key}" ${problem}`, { path: child(written, key), onKey: true });
    bytes += byteLength(key) + byteLength(annotation);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) errors.add('k8s/invalid-value', 'tooLong', path, `hold ${bytes} bytes together; the limit is ${ANNOTATIONS_MAX_BYTES} (256 KiB)`, { path: written });
}

function validateOwnerReferences(value: unknown, errors: FieldErrors): void {
  const path = child(META, 'ownerReferences');
  let controller: string | undefined;
  (list(value) ?? []).forEach((item, index) => {
    const reference = record(item);
    if (!reference) return;
    const apiVersion = text(reference.apiVersion) ?? '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errors.add('k8s/invalid-value', 'invalid', child(path, 'apiVersion'), 'must name a version', { path: child(path, index, 'apiVersion') });
    for (const field of ['kind', 'name', 'uid'] as const) {
      if (text(reference[field]) === '') errors.add('k8s/invalid-value', 'invalid', child(path, field), 'must not be empty', { path: child(path, index, field) });
    }
    if (apiVersion === 'v1' && reference.kind === 'Event') errors.add('k8s/invalid-value', 'invalid', path, 'an Event cannot own other objects', { path: child(path, index) });
    if (reference.controller === true) {
      if (controller) errors.add('k8s/invalid-value', 'invalid', path, `only one reference may be the controller (${controller} already is)`, { path: child(path, index, 'controller') });
      else controller = `${String(reference.kind)}/${String(reference.name)}`;
    }
  });
}

export function validateFinalizers(value: unknown, path: PathSegment[], errors: FieldErrors): void {
  const finalizers = (list(value) ?? []).map((item, index) => [item, index] as const).filter((entry): entry is readonly [string, number] => typeof entry[0] === 'string');
  for (const [finalizer, index] of finalizers) {
    for (const problem of qualifiedNameProblems(finalizer)) errors.add('k8s/invalid-value', 'invalid', path, `finalizer "${finalizer}" ${problem}`, { path: child(path, index) });
    if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
      errors.add('k8s/invalid-value', 'invalid', child(path, index), `"${finalizer}" is not a built-in finalizer, so it needs a domain prefix (example.com/${finalizer})`);
    }
  }
  const names = new Set(finalizers.map(([finalizer]) => finalizer));
  if (names.has('orphan') && names.has('foregroundDeletion')) errors.add('k8s/invalid-value', 'invalid', path, 'may not hold both "orphan" and "foregroundDeletion"');
}
