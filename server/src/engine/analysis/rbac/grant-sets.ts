/**
 * Exact set algebra over what RBAC rules allow. A rule allows a product of per-attribute sets (verbs × groups ×
 * resources × …), each either a finite list or "everything except a finite list" (a star), so the requests a
 * subject may make form a finite union of such boxes, and the difference of two unions is again one. That is what
 * makes "what a change grants" an exact answer instead of a comparison of written rules.
 */

/** A set of strings: exactly `values`, or (when `except`) every string but `values`. */
export interface ValueSet {
  readonly except: boolean;
  readonly values: ReadonlySet<string>;
}

export const EVERYTHING: ValueSet = { except: true, values: new Set() };

export function only(values: Iterable<string>): ValueSet {
  return { except: false, values: new Set(values) };
}

export function setContains(set: ValueSet, value: string): boolean {
  return set.values.has(value) !== set.except;
}

export function isEmptySet(set: ValueSet): boolean {
  return !set.except && set.values.size === 0;
}

export function intersect(a: ValueSet, b: ValueSet): ValueSet {
  if (a.except && b.except) return { except: true, values: new Set([...a.values, ...b.values]) };
  if (!a.except && !b.except) return only([...a.values].filter((value) => b.values.has(value)));
  const [listed, excepted] = a.except ? [b, a] : [a, b];
  return only([...listed.values].filter((value) => !excepted.values.has(value)));
}

export function subtract(a: ValueSet, b: ValueSet): ValueSet {
  return intersect(a, { except: !b.except, values: b.values });
}

export function union(a: ValueSet, b: ValueSet): ValueSet {
  if (!a.except && !b.except) return only([...a.values, ...b.values]);
  if (a.except && b.except) return { except: true, values: new Set([...a.values].filter((value) => b.values.has(value))) };
  const [listed, excepted] = a.except ? [b, a] : [a, b];
  return { except: true, values: new Set([...excepted.values].filter((value) => !listed.values.has(value))) };
}

export function sameSet(a: ValueSet, b: ValueSet): boolean {
  return a.except === b.except && a.values.size === b.values.size && [...a.values].every((value) => b.values.has(value));
}

/** A product of value sets, one per attribute; `origins` are whatever the caller wants to trace the box back to. */
export interface Box<Origin> {
  readonly sets: readonly ValueSet[];
  readonly origins: readonly Origin[];
}

export function isEmptyBox(box: Box<unknown>): boolean {
  return box.sets.some(isEmptySet);
}

export function boxContains(box: Box<unknown>, point: readonly string[]): boolean {
  return box.sets.every((set, dimension) => setContains(set, point[dimension]));
}

/**
 * `a` without `b`, as disjoint boxes: for each attribute in turn, the part of `a` that differs from `b` there and
 * agrees with it on the attributes before.
 */
function boxMinus<Origin>(a: Box<Origin>, b: Box<unknown>): Box<Origin>[] {
  const common: ValueSet[] = [];
  for (let dimension = 0; dimension < a.sets.length; dimension++) {
    const shared = intersect(a.sets[dimension], b.sets[dimension]);
    if (isEmptySet(shared)) return [a];
    common.push(shared);
  }
  const pieces: Box<Origin>[] = [];
  for (let dimension = 0; dimension < a.sets.length; dimension++) {
    const outside = subtract(a.sets[dimension], b.sets[dimension]);
    if (isEmptySet(outside)) continue;
    pieces.push({ sets: [...common.slice(0, dimension), outside, ...a.sets.slice(dimension + 1)], origins: a.origins });
  }
  return pieces;
}

/** Keys by object: sets and the arrays of a box's sets are shared and never changed, so each key is made once. */
const setKeys = new WeakMap<ValueSet, string>();
const boxKeys = new WeakMap<readonly ValueSet[], string>();

function setKey(set: ValueSet): string {
  let key = setKeys.get(set);
  if (key === undefined) setKeys.set(set, (key = `${set.except ? '-' : '+'}${JSON.stringify([...set.values].sort())}`));
  return key;
}

/** The same text for boxes with the same points in the same sets. */
export function boxKey(box: Box<unknown>): string {
  let key = boxKeys.get(box.sets);
  if (key === undefined) boxKeys.set(box.sets, (key = box.sets.map(setKey).join('|')));
  return key;
}

/**
 * Every point of `boxes` that no box of `minus` holds. A box that `minus` holds as it is goes first: between two
 * revisions most grants are the same, and subtracting box by box would cost the product of their numbers.
 */
export function difference<Origin>(boxes: readonly Box<Origin>[], minus: readonly Box<unknown>[]): Box<Origin>[] {
  const taken = new Set(minus.map(boxKey));
  let pieces = boxes.filter((box) => !isEmptyBox(box) && !taken.has(boxKey(box)));
  for (const taken of minus) {
    if (pieces.length === 0) break;
    pieces = pieces.flatMap((piece) => boxMinus(piece, taken));
  }
  return pieces;
}

/**
 * Fewer, larger boxes for the same points: two boxes that differ in one attribute only become one, repeatedly.
 * Only boxes with the same origins merge, so each box still names what grants it.
 */
export function merged<Origin>(boxes: readonly Box<Origin>[], sameOrigins: (a: readonly Origin[], b: readonly Origin[]) => boolean): Box<Origin>[] {
  const result = [...boxes];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < result.length && !changed; i++) {
      for (let j = i + 1; j < result.length && !changed; j++) {
        const a = result[i];
        const b = result[j];
        if (!sameOrigins(a.origins, b.origins)) continue;
        const differing = a.sets.flatMap((set, dimension) => (sameSet(set, b.sets[dimension]) ? [] : [dimension]));
        if (differing.length > 1) continue;
        const sets = differing.length === 0 ? a.sets : a.sets.map((set, dimension) => (dimension === differing[0] ? union(set, b.sets[dimension]) : set));
        result.splice(j, 1);
        result[i] = { sets, origins: a.origins };
        changed = true;
      }
    }
  }
  return result;
}
