import { FileFormatError } from '../errors/file-format-error';
import { PythonFloat } from './python-json';

/** What `parsePythonJson` returns: JSON values, with Python floats kept apart from ints. */
export type PythonJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PythonFloat
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue };

/**
 * Deepest nesting of arrays and objects `parsePythonJson` accepts; deeper input is a `FileFormatError`,
 * never a stack overflow (Python's own `json.loads` stops near its recursion limit of 1000 too).
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Python's `json.loads`, keeping float-ness: numbers written with '.' or an exponent come back as
 * `PythonFloat`, integers as numbers (bigint past 2^53, where a number would round). Accepts Python's
 * `NaN`, `Infinity` and `-Infinity`. Syntax errors are `FileFormatError`s naming `source` and the line.
 */
export function parsePythonJson(text: string, source = '<json text>'): PythonJsonValue {
  const parser = new PythonJsonParser(text, source);
  parser.skipWhitespace();
  const value = parser.parseValue();
  parser.skipWhitespace();
  if (!parser.atEnd()) parser.fail('extra data after the JSON value');
  return value;
}

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
/** A run of string characters that need no work: no quote, backslash or control character. */
const PLAIN_RUN = /[^"\\\u0000-\u001f]+/y;
const WHITESPACE_RUN = /[ \t\n\r]*/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class PythonJsonParser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipWhitespace(): void {
    WHITESPACE_RUN.lastIndex = this.position;
    WHITESPACE_RUN.exec(this.text);
    this.position = WHITESPACE_RUN.lastIndex;
  }

  parseValue(): PythonJsonValue {
    const character = this.text[this.position];
    if (character === '{' || character === '[') {
      if (this.depth >= MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      this.depth++;
      const value = character === '{' ? this.parseObject() : this.parseArray();
      this.depth--;
      return value;
    }
    if (character === '"') return this.parseString();
    if (this.consumeWord('null')) return null;
    if (this.consumeWord('true')) return true;
    if (this.consumeWord('false')) return false;
    if (this.consumeWord('NaN')) return new PythonFloat(Number.NaN);
    if (this.consumeWord('Infinity')) return new PythonFloat(Infinity);
    if (this.consumeWord('-Infinity')) return new PythonFloat(-Infinity);
    return this.parseNumber();
  }

  fail(message: string): never {
    let line = 1;
    for (let index = this.text.indexOf('\n'); index !== -1 && index < this.position; index = this.text.indexOf('\n', index + 1)) line++;
    const column = this.position - this.text.lastIndexOf('\n', this.position - 1);
    throw new FileFormatError({ file: this.source, message: `invalid JSON at line ${line} column ${column}: ${message}` });
  }

  private consumeWord(word: string): boolean {
    if (!this.text.startsWith(word, this.position)) return false;
    this.position += word.length;
    return true;
  }

  private expect(character: string): void {
    if (this.text[this.position] !== character) this.fail(`expected '${character}'`);
    this.position++;
  }

  private parseNumber(): PythonJsonValue {
    NUMBER_PATTERN.lastIndex = this.position;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null) this.fail('expected a value');
    this.position += match[0].length;
    if (match[1] !== undefined || match[2] !== undefined) return new PythonFloat(Number(match[0]));
    const integer = Number(match[0]);
    return Number.isSafeInteger(integer) ? integer : BigInt(match[0]);
  }

  private parseString(): string {
    this.expect('"');
    let result = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string');
      const character = this.text[this.position] as string;
      if (character === '"') {
        this.position++;
        return result;
      }
      if (character.charCodeAt(0) < 0x20) this.fail('control character in string');
      if (character !== '\\') {
        PLAIN_RUN.lastIndex = this.position;
        PLAIN_RUN.exec(this.text);
        result += this.text.slice(this.position, PLAIN_RUN.lastIndex);
        this.position = PLAIN_RUN.lastIndex;
        continue;
      }
      const escape = this.text[this.position + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.position + 2, this.position + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
        result += String.fromCharCode(Number.parseInt(hex, 16));
        this.position += 6;
        continue;
      }
      const replacement = escape === undefined ? undefined : SIMPLE_ESCAPES[escape];
      if (replacement === undefined) this.fail('invalid escape');
      result += replacement;
      this.position += 2;
    }
  }

  private parseArray(): PythonJsonValue[] {
    this.expect('[');
    const items: PythonJsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue());
      this.skipWhitespace();
      if (this.text[this.position] === ']') {
        this.position++;
        return items;
      }
      this.expect(',');
    }
  }

  private parseObject(): Record<string, PythonJsonValue> {
    this.expect('{');
    const result: Record<string, PythonJsonValue> = {};
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('expected a property name in double quotes');
      const key = this.parseString();
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      const value = this.parseValue();
      // defineProperty: a "__proto__" key must become data, not the prototype. Only then: it turns the
      // object into a slow dictionary, and plain assignment is several times faster.
      if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[key] = value;
      this.skipWhitespace();
      if (this.text[this.position] === '}') {
        this.position++;
        return result;
      }
      this.expect(',');
    }
  }
}
