import { PythonFloat } from '../format/python-json';
import { NON_LINEARITIES } from './non-linearities';
import { SIZE_LIMITS } from './size-limits';

/** Marks a value a rule does not accept. */
export const INVALID: unique symbol = Symbol('invalid config value');

/**
 * How one config field is checked and written. `read` takes typed values and parsed JSON alike
 * (PythonFloat unwrapped) and returns the frozen typed value; `write` gives what Python would serialize.
 */
export interface FieldRule<Value> {
  readonly expected: string;
  read(value: unknown): Value | typeof INVALID;
  write(value: Value): unknown;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof PythonFloat) return value.value;
  return undefined;
}

/** Python writes these numbers as ints when integral (e.g. `reduction_factor: 16`), else as floats. */
function writeIntegralAsInt(value: number): unknown {
  return Number.isInteger(value) ? value : new PythonFloat(value);
}

export const booleanRule: FieldRule<boolean> = {
  expected: 'a boolean',
  read: (value) => (typeof value === 'boolean' ? value : INVALID),
  write: (value) => value,
};

/** An integer >= `minimum`; sizes are also bounded above (`SIZE_LIMITS`) so nothing huge is allocated. */
export function integerRule(minimum: number, maximum = SIZE_LIMITS.width): FieldRule<number> {
  return {
    expected: `an integer >= ${minimum} and <= ${maximum}`,
    read: (value) => {
      const number = numberOf(value);
      return number !== undefined && Number.isInteger(number) && number >= minimum && number <= maximum ? number : INVALID;
    },
    write: (value) => value,
  };
}

export const anyIntegerRule: FieldRule<number> = {
  expected: 'an integer',
  read: (value) => {
    const number = numberOf(value);
    return number !== undefined && Number.isSafeInteger(number) ? number : INVALID;
  },
  write: (value) => value,
};

interface NumberRange {
  readonly above?: number;
  readonly atLeast?: number;
  readonly atMost?: number;
}

function describeRange(range: NumberRange): string {
  const bounds: string[] = [];
  if (range.above !== undefined) bounds.push(`> ${range.above}`);
  if (range.atLeast !== undefined) bounds.push(`>= ${range.atLeast}`);
  if (range.atMost !== undefined) bounds.push(`<= ${range.atMost}`);
  return bounds.length === 0 ? 'a finite number' : `a number ${bounds.join(' and ')}`;
}

function inRange(number: number, range: NumberRange): boolean {
  if (!Number.isFinite(number)) return false;
  if (range.above !== undefined && !(number > range.above)) return false;
  if (range.atLeast !== undefined && !(number >= range.atLeast)) return false;
  return range.atMost === undefined || number <= range.atMost;
}

/** A field Python annotates `float`: always written with a decimal point (`0.0`, `4.0`). */
export function floatRule(range: NumberRange = {}): FieldRule<number> {
  return {
    expected: describeRange(range),
    read: (value) => {
      const number = numberOf(value);
      return number !== undefined && inRange(number, range) ? number : INVALID;
    },
    write: (value) => new PythonFloat(value),
  };
}

/** A number field Python keeps as given (int for the preset values): int when integral. */
export function numberRule(range: NumberRange = {}): FieldRule<number> {
  return { ...floatRule(range), write: writeIntegralAsInt };
}

export function choiceRule<Choice extends string>(choices: readonly Choice[]): FieldRule<Choice> {
  return {
    expected: `one of ${choices.map((choice) => `'${choice}'`).join(', ')}`,
    read: (value) => (typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as Choice) : INVALID),
    write: (value) => value,
  };
}

export const textRule: FieldRule<string> = {
  expected: 'a string',
  read: (value) => (typeof value === 'string' ? value : INVALID),
  write: (value) => value,
};

/** Python resolves activations lower-cased (`get_activation(name.lower())`); the spelling is kept for round trips. */
export const nonLinearityRule: FieldRule<string> = {
  expected: `an activation name (${NON_LINEARITIES.join(', ')})`,
  read: (value) => (typeof value === 'string' && NON_LINEARITIES.includes(value.toLowerCase()) ? value : INVALID),
  write: (value) => value,
};

export function nullableRule<Value>(rule: FieldRule<Value>): FieldRule<Value | null> {
  return {
    expected: `${rule.expected} or null`,
    read: (value) => (value === null ? null : rule.read(value)),
    write: (value) => (value === null ? null : rule.write(value)),
  };
}

/** Tries `first`, then `second`; writes with whichever accepts the value. */
export function eitherRule<First, Second>(first: FieldRule<First>, second: FieldRule<Second>): FieldRule<First | Second> {
  return {
    expected: `${first.expected} or ${second.expected}`,
    read: (value) => {
      const firstValue = first.read(value);
      return firstValue === INVALID ? second.read(value) : firstValue;
    },
    write: (value) => (first.read(value) === INVALID ? second.write(value as Second) : first.write(value as First)),
  };
}

export function listRule<Item>(item: FieldRule<Item>, expected: string): FieldRule<readonly Item[]> {
  return {
    expected,
    read: (value) => {
      if (!Array.isArray(value)) return INVALID;
      const items: Item[] = [];
      for (const entry of value) {
        const read = item.read(entry);
        if (read === INVALID) return INVALID;
        items.push(read);
      }
      return Object.freeze(items);
    },
    write: (value) => value.map((entry) => item.write(entry)),
  };
}

export type ReductionFactor = number | Readonly<Record<string, number>>;

const positiveNumber = numberRule({ above: 0 });

/** A scalar > 0, or a per-layer map `{"<layer>": rf, "default": rf}`. */
export const reductionFactorRule: FieldRule<ReductionFactor> = {
  expected: 'a number > 0 or a map {"<layer>": number > 0, "default": number > 0}',
  read: (value) => {
    const scalar = positiveNumber.read(value);
    if (scalar !== INVALID) return scalar;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof PythonFloat) return INVALID;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return INVALID;
    const map: Record<string, number> = {};
    for (const [key, entry] of entries) {
      const factor = positiveNumber.read(entry);
      if (factor === INVALID || !(key === 'default' || (/^(0|[1-9]\d*)$/.test(key) && Number(key) < SIZE_LIMITS.layers))) return INVALID;
      map[key] = factor;
    }
    return Object.freeze(map);
  },
  write: (value) =>
    typeof value === 'number'
      ? positiveNumber.write(value)
      : Object.fromEntries(Object.entries(value).map(([key, factor]) => [key, positiveNumber.write(factor)])),
};

export const leaveOutRule = listRule(integerRule(0, SIZE_LIMITS.layers - 1), `a list of layer ids (integers in [0, ${SIZE_LIMITS.layers - 1}])`);
export const seedRule = nullableRule(anyIntegerRule);
export const probabilityRule = floatRule({ atLeast: 0, atMost: 1 });
