import { describe, expect, it } from 'vitest';
import { AdaptersError } from '../errors/adapters-error';
import { parseSafetensorsHeader } from './safetensors-header';
import { buildSafetensorsBytes, expectSafetensorsError } from './safetensors-test-helpers';

const FILE = 'broken.safetensors';

function parse(bytes: Uint8Array) {
  return parseSafetensorsHeader(bytes, bytes.length, FILE);
}

/** A file holding one tensor `x` described by `entry`, followed by `dataBytes` zero bytes. */
function withEntry(entry: unknown, dataBytes = 16): Uint8Array {
  return buildSafetensorsBytes({ x: entry }, new Uint8Array(dataBytes));
}

describe('parseSafetensorsHeader', () => {
  it('returns metadata, entries in data order and the data start', () => {
    const header = {
      __metadata__: { format: 'pt' },
      second: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      first: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 8] },
    };
    const bytes = buildSafetensorsBytes(header, new Uint8Array(16));
    const parsed = parse(bytes);
    expect(parsed.metadata).toEqual({ format: 'pt' });
    expect(parsed.dataStart).toBe(bytes.length - 16);
    expect(parsed.entries).toEqual([
      { name: 'first', dtype: 'F16', shape: [2, 2], byteOffsets: [0, 8] },
      { name: 'second', dtype: 'I64', shape: [1], byteOffsets: [8, 16] },
    ]);
  });

  it('needs only the header bytes, the file size says where the data ends', () => {
    const bytes = buildSafetensorsBytes({ x: { dtype: 'F32', shape: [1000], data_offsets: [0, 4000] } });
    expect(parseSafetensorsHeader(bytes, bytes.length + 4000, FILE).entries).toHaveLength(1);
  });

  it('accepts empty tensors where the previous tensor ends', () => {
    const header = {
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      empty: { dtype: 'F32', shape: [0], data_offsets: [4, 4] },
      b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    };
    expect(parse(buildSafetensorsBytes(header, new Uint8Array(8))).entries.map((entry) => entry.name)).toEqual(['a', 'empty', 'b']);
  });

  it('accepts a null __metadata__', () => {
    expect(parse(buildSafetensorsBytes({ __metadata__: null })).metadata).toBeUndefined();
  });
});

describe('parseSafetensorsHeader refuses what the Rust reference refuses', () => {
  it('a gap between tensors (InvalidOffset), an empty tensor out of place too', () => {
    const gap = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [12, 16] } };
    expectSafetensorsError(() => parse(buildSafetensorsBytes(gap, new Uint8Array(16))), { file: FILE, tensor: 'b', pattern: /bytes \[12, 16\] leave a gap after byte 4/ });
    const empty = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, e: { dtype: 'F32', shape: [0], data_offsets: [2, 2] } };
    expectSafetensorsError(() => parse(buildSafetensorsBytes(empty, new Uint8Array(4))), { file: FILE, tensor: 'e', pattern: /overlap tensor 'a'/ });
  });

  it('trailing bytes after the last tensor (MetadataIncompleteBuffer)', () => {
    const header = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } };
    expectSafetensorsError(() => parse(buildSafetensorsBytes(header, new Uint8Array(6))), { file: FILE, pattern: /2 trailing bytes after the last tensor/ });
  });

  it('a tensor name given twice (JSON.parse alone would keep the last)', () => {
    const text = '{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w" : {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}';
    expectSafetensorsError(() => parse(buildSafetensorsBytes(text, new Uint8Array(4))), { file: FILE, tensor: 'w', pattern: /appears twice in the header/ });
    // The same name nested deeper, or inside a string, is not a duplicate.
    const nested = '{"__metadata__": {"w": "x \\"w\\": 1"}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}';
    expect(parse(buildSafetensorsBytes(nested, new Uint8Array(4))).entries.map((entry) => entry.name)).toEqual(['w']);
  });

  it("a byte-order mark or whitespace before the header's '{' (InvalidHeaderStart)", () => {
    const header = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{}')]);
    const bytes = new Uint8Array(8 + header.length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    expectSafetensorsError(() => parse(bytes), { file: FILE, pattern: /starts with a UTF-8 byte-order mark/ });
    expectSafetensorsError(() => parse(buildSafetensorsBytes(' {}')), { file: FILE, pattern: /must start with '\{'/ });
  });
});

describe('parseSafetensorsHeader rejects malformed files', () => {
  it('a header nested 100,000 deep is refused, and describing it in the message does not overflow the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expectSafetensorsError(() => parse(buildSafetensorsBytes(deep)), { file: FILE, pattern: /the header must be a JSON object, got \[\[\[\[\[\[\[\[\[\.\.\.\]/ });
    const deepEntry = `{"w": {"dtype": "F32", "shape": ${deep}, "data_offsets": [0, 0]}}`;
    expectSafetensorsError(() => parse(buildSafetensorsBytes(deepEntry)), { file: FILE, tensor: 'w', pattern: /'shape' must be an array of non-negative integers, got \[\[/ });
  });

  it('a file shorter than 8 bytes', () => {
    expectSafetensorsError(() => parse(new Uint8Array(5)), { file: FILE, pattern: /5 bytes, too short to hold the 8-byte header length/ });
  });

  it('a header length past the end of the file', () => {
    const bytes = buildSafetensorsBytes('{}', [], 1000n);
    expectSafetensorsError(() => parse(bytes), { file: FILE, pattern: /header length 1000 runs past the end of the file \(10 bytes\)/ });
    const huge = buildSafetensorsBytes('{}', [], 2n ** 64n - 1n);
    expectSafetensorsError(() => parse(huge), { file: FILE, pattern: /runs past the end of the file/ });
  });

  it('a header length over the 100 MB limit', () => {
    const bytes = buildSafetensorsBytes('{}', [], 200_000_000n);
    expectSafetensorsError(() => parseSafetensorsHeader(bytes, 300_000_000, FILE), { file: FILE, pattern: /exceeds the 100000000-byte limit/ });
  });

  it('fewer header bytes given than the header length', () => {
    const bytes = buildSafetensorsBytes('{"x": 1}');
    expectSafetensorsError(() => parseSafetensorsHeader(bytes.subarray(0, 12), bytes.length, FILE), {
      file: FILE,
      pattern: /needs bytes 0\.\.16 but only 12 bytes were given/,
    });
  });

  it('a header that is not UTF-8', () => {
    const bytes = buildSafetensorsBytes('{}');
    bytes[9] = 0xff;
    expectSafetensorsError(() => parse(bytes), { file: FILE, pattern: /not valid UTF-8/ });
  });

  it('a header that is not JSON', () => {
    expectSafetensorsError(() => parse(buildSafetensorsBytes('{"x": ')), { file: FILE, pattern: /not valid JSON/ });
  });

  it.each(['[]', 'null', '42', '"text"'])('a header that is JSON but not an object: %s', (header) => {
    expectSafetensorsError(() => parse(buildSafetensorsBytes(header)), { file: FILE, pattern: /must be a JSON object/ });
  });

  it('__metadata__ that is not a map of strings', () => {
    expectSafetensorsError(() => parse(buildSafetensorsBytes({ __metadata__: { epochs: 3 } })), {
      file: FILE,
      pattern: /'__metadata__\.epochs' must be a string, got 3/,
    });
    expectSafetensorsError(() => parse(buildSafetensorsBytes({ __metadata__: ['a'] })), { file: FILE, pattern: /must be an object of strings/ });
  });

  it('an entry that is not an object', () => {
    expectSafetensorsError(() => parse(withEntry([1, 2])), { file: FILE, tensor: 'x', pattern: /must be an object with dtype, shape and data_offsets/ });
  });

  it.each(['dtype', 'shape', 'data_offsets'])('an entry missing %s', (field) => {
    const entry: Record<string, unknown> = { dtype: 'F32', shape: [4], data_offsets: [0, 16] };
    delete entry[field];
    expectSafetensorsError(() => parse(withEntry(entry)), { file: FILE, tensor: 'x', pattern: new RegExp(`has no '${field}'`) });
  });

  it.each([
    ['dtype', 32, /'dtype' must be a string, got 32/],
    ['shape', '4', /'shape' must be an array of non-negative integers, got "4"/],
    ['shape', [4, '1'], /'shape' must be an array of non-negative integers/],
    ['data_offsets', [0, 8, 16], /'data_offsets' must be two non-negative integers/],
    ['data_offsets', ['0', '16'], /'data_offsets' must be two non-negative integers/],
    ['data_offsets', [-4, 12], /'data_offsets' must be two non-negative integers/],
  ])('an entry whose %s has the wrong type: %j', (field, value, pattern) => {
    const entry = { dtype: 'F32', shape: [4], data_offsets: [0, 16], [field]: value };
    expectSafetensorsError(() => parse(withEntry(entry)), { file: FILE, tensor: 'x', pattern });
  });

  it.each(['[-1,4]', '[2.5,2]', '[1e400]'])('a negative or non-integer shape dimension: %s', (shape) => {
    const bytes = buildSafetensorsBytes(`{"x":{"dtype":"F32","shape":${shape},"data_offsets":[0,16]}}`, new Uint8Array(16));
    expectSafetensorsError(() => parse(bytes), { file: FILE, tensor: 'x', pattern: /'shape' must be an array of non-negative integers/ });
  });

  it('an unknown dtype, naming it', () => {
    expectSafetensorsError(() => parse(withEntry({ dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] })), {
      file: FILE,
      tensor: 'x',
      pattern: /unsupported dtype 'F8_E4M3'; supported: F32, F16/,
    });
  });

  it('data_offsets whose end comes before their begin', () => {
    expectSafetensorsError(() => parse(withEntry({ dtype: 'F32', shape: [0], data_offsets: [8, 4] })), {
      file: FILE,
      tensor: 'x',
      pattern: /\[8, 4\] end before they begin/,
    });
  });

  it('data_offsets past the end of the data (a truncated file)', () => {
    expectSafetensorsError(() => parse(withEntry({ dtype: 'F32', shape: [4], data_offsets: [0, 16] }, 12)), {
      file: FILE,
      tensor: 'x',
      pattern: /\[0, 16\] run past the end of the data \(12 bytes\); the file is truncated/,
    });
  });

  it('a byte length that does not match dtype and shape', () => {
    expectSafetensorsError(() => parse(withEntry({ dtype: 'F16', shape: [2, 3], data_offsets: [0, 16] })), {
      file: FILE,
      tensor: 'x',
      pattern: /hold 16 bytes, but dtype F16 with shape \[2, 3\] needs 12/,
    });
  });

  it('overlapping tensors, naming both', () => {
    const header = {
      a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
      b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
    };
    expectSafetensorsError(() => parse(buildSafetensorsBytes(header, new Uint8Array(16))), {
      file: FILE,
      tensor: 'b',
      pattern: /bytes \[8, 16\] overlap tensor 'a' at \[0, 12\]/,
    });
  });

  it('a tensor inside a longer earlier one', () => {
    const header = {
      outer: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
      middle: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
      inner: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
    };
    expectSafetensorsError(() => parse(buildSafetensorsBytes(header, new Uint8Array(16))), { file: FILE, tensor: 'middle', pattern: /overlap tensor 'outer'/ });
  });

  it('throws errors every AdaptersError consumer recognises', () => {
    let thrown: unknown;
    try {
      parse(new Uint8Array(0));
    } catch (error) {
      thrown = error;
    }
    expect(AdaptersError.isInstance(thrown)).toBe(true);
  });
});
