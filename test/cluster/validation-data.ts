/**
 * What the validation oracle's generator works with: seeded randomness, paths into decoded objects, and the shape of
 * a mutation (a change of the object, or of its text once written as YAML, that says what it did).
 */

export type Random = () => number;
export type Data = Record<string, unknown>;
export type Path = (string | number)[];

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
export const chance = (random: Random, probability: number) => random() < probability;


/** Every path in the object, with its value; apiVersion, kind and metadata.namespace are left alone. */
export function paths(value: unknown, prefix: Path = []): { path: Path; value: unknown }[] {
  const here = prefix.length > 0 ? [{ path: prefix, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (typeof value === 'object' && value !== null) {
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) => {
        const path = [...prefix, key];
        if (path.join('.') === 'metadata.namespace' || (prefix.length === 0 && (key === 'apiVersion' || key === 'kind'))) return [];
        return paths(item, path);
      }),
    ];
  }
  return here;
}

function parentOf(root: unknown, path: Path): unknown {
  return path.slice(0, -1).reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], root);
}

export function setAt(root: unknown, path: Path, value: unknown): void {
  (parentOf(root, path) as Record<string | number, unknown>)[path[path.length - 1]] = value;
}

export function deleteAt(root: unknown, path: Path): void {
  const parent = parentOf(root, path);
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Data)[key as string];
}

export function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, segment) => (node as Record<string | number, unknown> | undefined)?.[segment], root);
}

/** The maps at given trailing keys (`matchLabels` of every selector, every peer …) found anywhere in the object. */
export function findAll(root: unknown, test: (path: Path, value: unknown) => boolean): Path[] {
  return paths(root).filter(({ path, value }) => test(path, value)).map(({ path }) => path);
}

export const isMap = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
export const last = (path: Path) => path[path.length - 1];

export interface Mutable {
  object: Data;
  /** Text changes applied after the object is written as YAML: placeholder → replacement. */
  textEdits: { placeholder: string; apply: (text: string) => string }[];
}

/** A mutation changes the object (or records a change of its text) and says what it did, or answers undefined. */
export type Mutation = (random: Random, target: Mutable) => string | undefined;
