import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors/file-format-error';
import { parsePythonJson } from './parse-python-json';
import { dumpPythonJson, PythonFloat } from './python-json';
import { FIXTURES_FOLDER, findFilesNamed, LIBRARY_JSON_NAMES } from './python-json-test-helpers';

describe('parsePythonJson', () => {
  it('refuses 100,000 nested brackets with a FileFormatError (no stack overflow); 1000 levels parse', () => {
    for (const open of ['[', '{"a":']) {
      const close = open === '[' ? ']' : '}';
      const text = `${open.repeat(100_000)}1${close.repeat(100_000)}`;
      expect(() => parsePythonJson(text, 'deep.json')).toThrow(FileFormatError);
      expect(() => parsePythonJson(text, 'deep.json')).toThrow(/deep\.json: invalid JSON at line 1 column \d+: nested deeper than 1000 levels/);
    }
    expect(() => parsePythonJson(`${'['.repeat(100_000)}`, 'open.json')).toThrow(FileFormatError);
    let value = parsePythonJson(`${'['.repeat(1000)}7${']'.repeat(1000)}`) as unknown;
    for (let level = 0; level < 1000; level++) value = (value as unknown[])[0];
    expect(value).toBe(7);
  });

  it('keeps float-ness: "." or an exponent makes a PythonFloat', () => {
    expect(parsePythonJson('[1, 1.0, 1e-05, -2E3, 0]')).toEqual([1, new PythonFloat(1), new PythonFloat(0.00001), new PythonFloat(-2000), 0]);
  });

  it('reads Python NaN / Infinity, escapes, big ints and a "__proto__" key as data', () => {
    const value = parsePythonJson('{"a": [NaN, Infinity, -Infinity], "s": "\\u00e9\\n\\ud83d\\ude00", "big": 1152921504606846976, "__proto__": 1}') as Record<string, unknown>;
    expect(value.s).toBe('\u00e9\n\u{1F600}');
    expect(value.big).toBe(1152921504606846976n);
    expect(Object.keys(value)).toContain('__proto__');
    expect(dumpPythonJson(value)).toBe('{"a": [NaN, Infinity, -Infinity], "s": "\\u00e9\\n\\ud83d\\ude00", "big": 1152921504606846976, "__proto__": 1}');
  });

  it('reports syntax errors as FileFormatError naming the source and line', () => {
    let thrown: unknown;
    try {
      parsePythonJson('{\n  "a": 1,\n}', 'bad.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FileFormatError);
    expect((thrown as FileFormatError).code).toBe('file-format');
    expect((thrown as FileFormatError).message).toMatch(/bad\.json.*line 3/);
    expect(() => parsePythonJson('[1] 2')).toThrow(/extra data/);
    expect(() => parsePythonJson('"a\u0001"')).toThrow(/control character/);
  });
});

describe('fixture JSON written by the Python library', () => {
  const files = findFilesNamed(FIXTURES_FOLDER, LIBRARY_JSON_NAMES);

  it('finds adapter, head and fusion configs', () => {
    for (const name of LIBRARY_JSON_NAMES) expect(files.some((file) => path.basename(file) === name)).toBe(true);
  });

  it.each(files.map((file) => [path.relative(FIXTURES_FOLDER, file), file]))('%s round trips byte for byte', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(dumpPythonJson(parsePythonJson(text, file), { indent: 2, sortKeys: true })).toBe(text);
  });
});
