import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { parseSafetensors } from './parse-safetensors';
import { serializeSafetensors } from './serialize-safetensors';
import type { TensorData } from './tensor-data';

function headerText(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + length));
}

const floats: TensorData = { dtype: 'float32', shape: [2, 2], values: new Float32Array([1, 2, 3, 4]) };
const integers: TensorData = { dtype: 'int32', shape: [3], values: new Int32Array([-1, 0, 7]) };

describe('serializeSafetensors', () => {
  it('writes the header as python safetensors does: metadata first, no spaces, padded to 8 bytes', () => {
    const bytes = serializeSafetensors({ weight: floats }, { format: 'pt' });
    const expectedJson = '{"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}';
    const paddedLength = Math.ceil(expectedJson.length / 8) * 8;
    expect(headerText(bytes)).toBe(expectedJson.padEnd(paddedLength, ' '));
    expect((8 + paddedLength) % 8).toBe(0);
    expect(bytes.length).toBe(8 + paddedLength + 16);
    expect(Array.from(new Float32Array(bytes.slice(8 + paddedLength).buffer))).toEqual([1, 2, 3, 4]);
  });

  it('lays tensors out without gaps, F32 before I32 and then by name, as the Rust crate sorts them', () => {
    const tensors = new Map<string, TensorData>([
      ['c', floats],
      ['a', integers],
      ['b', { dtype: 'float32', shape: [], values: new Float32Array([9]) }],
    ]);
    expect(headerText(serializeSafetensors(tensors)).trimEnd()).toBe(
      '{"b":{"dtype":"F32","shape":[],"data_offsets":[0,4]},' +
        '"c":{"dtype":"F32","shape":[2,2],"data_offsets":[4,20]},' +
        '"a":{"dtype":"I32","shape":[3],"data_offsets":[20,32]}}',
    );
  });

  it('orders names by code point (UTF-8 byte order), not by UTF-16 unit', () => {
    const scalar: TensorData = { dtype: 'float32', shape: [1], values: new Float32Array([0]) };
    const header = headerText(serializeSafetensors({ '\u{1F600}': scalar, '\uFFFF': scalar, Z: scalar, a: scalar }));
    const names = Object.keys(JSON.parse(header) as Record<string, unknown>);
    expect(names).toEqual(['Z', 'a', '\uFFFF', '\u{1F600}']);
  });

  it('writes an empty file as a padded empty header', () => {
    expect(headerText(serializeSafetensors({}))).toBe('{}      ');
  });

  it('round-trips through parseSafetensors, from a Map or a plain object', () => {
    const metadata = { format: 'pt', 'quote"and\\slash': 'line\nbreak é' };
    for (const input of [new Map([['w', floats], ['ids', integers]]), { w: floats, ids: integers }]) {
      const parsed = parseSafetensors(serializeSafetensors(input, metadata));
      expect(parsed.metadata).toEqual(metadata);
      expect(parsed.tensors.get('w')).toEqual(floats);
      expect(parsed.tensors.get('ids')).toEqual(integers);
    }
  });

  it('writes only the viewed part of a typed array that shares a larger buffer', () => {
    const backing = new Float32Array([100, 1, 2, 100]);
    const view: TensorData = { dtype: 'float32', shape: [2], values: backing.subarray(1, 3) };
    expect(parseSafetensors(serializeSafetensors({ view })).tensors.get('view')?.values).toEqual(new Float32Array([1, 2]));
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a value count that does not match the shape', { x: { dtype: 'float32', shape: [3], values: new Float32Array(2) } }, /tensors\['x'\]\.values.*3 elements for shape \[3\].*Float32Array\(2\)/],
    ['an array type that does not match the dtype', { x: { dtype: 'int32', shape: [2], values: new Float32Array(2) } }, /tensors\['x'\]\.values.*Int32Array for dtype 'int32'/],
    ['an unsupported dtype', { x: { dtype: 'float16', shape: [2], values: new Float32Array(2) } }, /tensors\['x'\]\.dtype/],
    ['a negative dimension', { x: { dtype: 'float32', shape: [-2], values: new Float32Array(0) } }, /tensors\['x'\]\.shape/],
    ['the reserved name __metadata__', { __metadata__: floats }, /other than '__metadata__'/],
  ])('rejects %s with InvalidConfigError', (_, tensors, pattern) => {
    expect(() => serializeSafetensors(tensors as Record<string, TensorData>)).toThrow(InvalidConfigError);
    expect(() => serializeSafetensors(tensors as Record<string, TensorData>)).toThrow(pattern);
  });

  it('rejects metadata values that are not strings', () => {
    const metadata = { epochs: 3 } as unknown as Record<string, string>;
    expect(() => serializeSafetensors({ x: floats }, metadata)).toThrow(/metadata\['epochs'\]/);
  });
});
