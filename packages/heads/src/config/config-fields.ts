// Checks for single head config fields, shared by the typed (camelCase) and the file (snake_case) paths.
import { InvalidConfigError, PythonFloat, SIZE_LIMITS, getActivation, type SizeLimitKind } from '@adapters/core';

/** A label map as AdapterHub stores it: label name → class id. */
export type Label2Id = Readonly<Record<string, number>>;

function fail(path: string, expected: string, received: unknown, source: string | undefined): never {
  throw new InvalidConfigError({ path, expected, received: received instanceof PythonFloat ? received.value : received, source });
}

function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PythonFloat);
}

/**
 * An integer field (`num_labels`, `layers`, ...). A Python float such as `2.0` is refused, as torch would.
 * Sizes are bounded by `SIZE_LIMITS[limit]` before anything is allocated.
 */
export function readInteger(value: unknown, path: string, minimum: number, source?: string, limit?: SizeLimitKind): number {
  const maximum = limit === undefined ? Number.MAX_SAFE_INTEGER : SIZE_LIMITS[limit];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum && value <= maximum) return value;
  return fail(path, limit === undefined ? `an integer >= ${minimum}` : `an integer >= ${minimum} and <= ${maximum}`, value, source);
}

export function readBoolean(value: unknown, path: string, source?: string): boolean {
  if (typeof value === 'boolean') return value;
  return fail(path, 'a boolean', value, source);
}

/** `dropout_prob`: null (use the model's dropout) or a probability. */
export function readDropoutProb(value: unknown, path: string, source?: string): number | null {
  if (value === null) return null;
  const number = value instanceof PythonFloat ? value.value : value;
  if (typeof number === 'number' && number >= 0 && number <= 1) return number;
  return fail(path, 'null or a number in [0, 1]', value, source);
}

/** An activation name the library knows, or null (no activation between the layers). */
export function readActivationName(value: unknown, path: string, source?: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') return fail(path, 'an activation name or null', value, source);
  try {
    getActivation(value, path);
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new InvalidConfigError({ path, expected: error.expected, received: value, source });
    throw error;
  }
  return value;
}

/** `label2id`: null or `{label: id}` with integer ids. */
export function readLabel2id(value: unknown, path: string, source?: string): Label2Id | null {
  if (value === null) return null;
  if (!isPlainRecord(value)) return fail(path, 'null or an object mapping label names to integer ids', value, source);
  const label2id: Record<string, number> = {};
  for (const [label, id] of Object.entries(value)) {
    label2id[label] = readInteger(id, `${path}.${label}`, Number.MIN_SAFE_INTEGER, source);
  }
  return Object.freeze(label2id);
}

/**
 * `id2label` (`{id: label}`, or a list of labels indexed by id) turned into `label2id`, as the Python heads
 * do with `{label: id_ for id_, label in id2label.items()}`.
 */
export function label2idFromId2label(value: unknown, path: string, source?: string): Label2Id {
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((label, index): [string, unknown] => [String(index), label])
    : isPlainRecord(value)
      ? Object.entries(value)
      : fail(path, 'an object mapping integer ids to label names, or a list of labels', value, source);
  const label2id: Record<string, number> = {};
  for (const [id, label] of entries) {
    const numericId = Number(id);
    if (id.trim() === '' || !Number.isSafeInteger(numericId)) fail(`${path}.${id}`, 'an integer id', id, source);
    if (typeof label !== 'string') fail(`${path}.${id}`, 'a label name (string)', label, source);
    label2id[label] = numericId;
  }
  return Object.freeze(label2id);
}

/** The default names the library gives unnamed classes (`LABEL_0`, `LABEL_1`, ...). */
export function defaultLabel2id(count: number): Label2Id {
  const label2id: Record<string, number> = {};
  for (let id = 0; id < count; id++) label2id[`LABEL_${id}`] = id;
  return Object.freeze(label2id);
}

/** Refuses keys a head type does not have (the Python head constructors raise on unknown keyword arguments). */
export function assertKnownKeys(
  record: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
  what: string,
  source?: string,
): void {
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key) && record[key] !== undefined);
  if (unknown.length > 0) {
    throw new InvalidConfigError({
      path: unknown[0] as string,
      expected: `only the ${what} keys ${allowed.join(', ')}`,
      received: unknown.join(', '),
      source,
    });
  }
}
