import { InvalidConfigError } from '../errors/invalid-config-error';
import { formatPythonFloat } from './python-float-repr';

/**
 * A number Python holds as a `float`. JavaScript has one number type, so `1` and `1.0` are the same value;
 * wrapping marks the ones `json.dumps` must write as floats (`1.0`, `0.0001`, `1e-05`).
 */
export class PythonFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return formatPythonFloat(this.value);
  }

  /** Plain JSON.stringify sees the number. */
  toJSON(): number {
    return this.value;
  }
}

export interface DumpPythonJsonOptions {
  /** Spaces per nesting level; absent means one line, as Python's `indent=None`. */
  readonly indent?: number;
  /** Sort object keys by code point, as Python's `sort_keys=True`. */
  readonly sortKeys?: boolean;
}

/**
 * `json.dumps(value, indent=..., sort_keys=...)` with Python's defaults (`ensure_ascii=True`,
 * `allow_nan=True`), byte for byte. Integral plain numbers are written as ints, other numbers and
 * `PythonFloat`s with Python's float repr; bigints as ints. Object properties holding `undefined` are
 * skipped (as `JSON.stringify` does); anything else that JSON cannot hold is an `InvalidConfigError`.
 */
export function dumpPythonJson(value: unknown, options: DumpPythonJsonOptions = {}): string {
  const { indent, sortKeys = false } = options;
  if (indent !== undefined && !(Number.isInteger(indent) && indent >= 0)) {
    throw new InvalidConfigError({ path: 'indent', expected: 'a non-negative integer', received: indent });
  }
  const writer = new PythonJsonWriter(indent, sortKeys);
  return writer.write(value, 0, 'value');
}

class PythonJsonWriter {
  private readonly open = new Set<object>();
  private readonly itemSeparator: string;

  constructor(
    private readonly indent: number | undefined,
    private readonly sortKeys: boolean,
  ) {
    // Python drops the space after ',' once lines are indented.
    this.itemSeparator = indent === undefined ? ', ' : ',';
  }

  write(value: unknown, level: number, path: string): string {
    if (value === null) return 'null';
    if (value === true) return 'true';
    if (value === false) return 'false';
    if (typeof value === 'string') return quotePythonString(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number') return formatPlainNumber(value);
    if (value instanceof PythonFloat) return formatPythonFloat(value.value);
    if (Array.isArray(value)) return this.writeContainer(value, level, path, '[', ']', () => this.listItems(value, level, path));
    if (isPlainObject(value)) {
      return this.writeContainer(value, level, path, '{', '}', () => this.dictItems(value, level, path));
    }
    throw new InvalidConfigError({ path, expected: 'a JSON-serializable value', received: describeUnserializable(value) });
  }

  private writeContainer(
    container: object,
    level: number,
    path: string,
    opening: string,
    closing: string,
    items: () => string[],
  ): string {
    if (this.open.has(container)) {
      throw new InvalidConfigError({ path, expected: 'a value without circular references', received: '<circular>' });
    }
    this.open.add(container);
    try {
      const parts = items();
      if (parts.length === 0) return `${opening}${closing}`;
      if (this.indent === undefined) return `${opening}${parts.join(this.itemSeparator)}${closing}`;
      const inner = `\n${' '.repeat(this.indent * (level + 1))}`;
      const outer = `\n${' '.repeat(this.indent * level)}`;
      return `${opening}${inner}${parts.join(`${this.itemSeparator}${inner}`)}${outer}${closing}`;
    } finally {
      this.open.delete(container);
    }
  }

  private listItems(list: readonly unknown[], level: number, path: string): string[] {
    return list.map((item, index) => {
      if (item === undefined) {
        throw new InvalidConfigError({ path: `${path}[${index}]`, expected: 'a JSON-serializable value', received: undefined });
      }
      return this.write(item, level + 1, `${path}[${index}]`);
    });
  }

  private dictItems(dict: Readonly<Record<string, unknown>>, level: number, path: string): string[] {
    const keys = Object.keys(dict).filter((key) => dict[key] !== undefined);
    if (this.sortKeys) keys.sort(compareCodePoints);
    return keys.map((key) => `${quotePythonString(key)}: ${this.write(dict[key], level + 1, `${path}.${key}`)}`);
  }
}

/** Python ints print every digit; `String(2 ** 60)` would round, BigInt does not. */
function formatPlainNumber(value: number): string {
  if (!Number.isInteger(value)) return formatPythonFloat(value);
  if (Object.is(value, -0)) return '0';
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** `ensure_ascii=True`: everything outside ' '..'~' becomes an escape; UTF-16 code units give surrogate pairs. */
export function quotePythonString(text: string): string {
  let quoted = '"';
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    const code = text.charCodeAt(index);
    const short = SHORT_ESCAPES[character];
    if (short !== undefined) quoted += short;
    else if (code >= 0x20 && code <= 0x7e) quoted += character;
    else quoted += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${quoted}"`;
}

/** Python compares str by code point; JavaScript's default sort compares UTF-16 code units. */
function compareCodePoints(left: string, right: string): number {
  const leftPoints = Array.from(left, (character) => character.codePointAt(0) as number);
  const rightPoints = Array.from(right, (character) => character.codePointAt(0) as number);
  const length = Math.min(leftPoints.length, rightPoints.length);
  for (let index = 0; index < length; index++) {
    const difference = (leftPoints[index] as number) - (rightPoints[index] as number);
    if (difference !== 0) return difference;
  }
  return leftPoints.length - rightPoints.length;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeUnserializable(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null) return `<${value.constructor?.name ?? 'object'}>`;
  return `<${typeof value}>`;
}
