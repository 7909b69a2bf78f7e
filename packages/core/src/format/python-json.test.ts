import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { dumpPythonJson, PythonFloat } from './python-json';

// One value exercising every encoder branch; the expected strings are Python's json.dumps output.
const SAMPLE = {
  b: [1, new PythonFloat(2), { x: [] }, {}],
  a: 'h\u00e9llo \u{1F600} \u007f \u0001 "q" \\',
  c: null,
  d: true,
  e: new PythonFloat(0.00001),
  f: new PythonFloat(1.5e16),
  g: new PythonFloat(Number.NaN),
  h: [new PythonFloat(Infinity), new PythonFloat(-Infinity)],
  Z: { n: { m: [[]] } },
  '\u00e9': new PythonFloat(0.0001),
  big: 2 ** 60,
};

const ONE_LINE =
  '{"b": [1, 2.0, {"x": []}, {}], "a": "h\\u00e9llo \\ud83d\\ude00 \\u007f \\u0001 \\"q\\" \\\\", "c": null, "d": true, ' +
  '"e": 1e-05, "f": 1.5e+16, "g": NaN, "h": [Infinity, -Infinity], "Z": {"n": {"m": [[]]}}, "\\u00e9": 0.0001, ' +
  '"big": 1152921504606846976}';

const INDENTED_SORTED = `{
  "Z": {
    "n": {
      "m": [
        []
      ]
    }
  },
  "a": "h\\u00e9llo \\ud83d\\ude00 \\u007f \\u0001 \\"q\\" \\\\",
  "b": [
    1,
    2.0,
    {
      "x": []
    },
    {}
  ],
  "big": 1152921504606846976,
  "c": null,
  "d": true,
  "e": 1e-05,
  "f": 1.5e+16,
  "g": NaN,
  "h": [
    Infinity,
    -Infinity
  ],
  "\\u00e9": 0.0001
}`;

describe('dumpPythonJson', () => {
  it('matches json.dumps without indent (", " and ": " separators)', () => {
    expect(dumpPythonJson(SAMPLE)).toBe(ONE_LINE);
  });

  it('matches json.dumps(indent=2, sort_keys=True)', () => {
    expect(dumpPythonJson(SAMPLE, { indent: 2, sortKeys: true })).toBe(INDENTED_SORTED);
  });

  it('indent 0 breaks lines without indenting, as Python', () => {
    expect(dumpPythonJson({ a: [1, {}] }, { indent: 0 })).toBe('{\n"a": [\n1,\n{}\n]\n}');
  });

  it('sorts keys by code point like Python, not by UTF-16 unit', () => {
    const keys = { '\u{1F600}': 1, '\uffff': 2, a: 3 };
    expect(dumpPythonJson(keys, { sortKeys: true })).toBe('{"a": 3, "\\uffff": 2, "\\ud83d\\ude00": 1}');
  });

  it('writes integral plain numbers as ints, other numbers and bigints as Python does', () => {
    expect(dumpPythonJson([16, -0, 0.5, 12345678901234567890n, 1e21])).toBe('[16, 0, 0.5, 12345678901234567890, 1000000000000000000000]');
  });

  it('skips undefined properties and rejects values JSON cannot hold', () => {
    expect(dumpPythonJson({ a: undefined, b: 1 })).toBe('{"b": 1}');
    expect(() => dumpPythonJson({ list: [undefined] })).toThrow(InvalidConfigError);
    expect(() => dumpPythonJson({ when: new Date(0) })).toThrow(/value\.when/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => dumpPythonJson(circular)).toThrow(/circular/);
    expect(() => dumpPythonJson(1, { indent: -1 })).toThrow(/indent/);
  });
});
