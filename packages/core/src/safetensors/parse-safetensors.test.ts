import { describe, expect, it } from 'vitest';
import { parseSafetensors } from './parse-safetensors';
import { buildSafetensorsBytes, bytesOf, expectSafetensorsError } from './safetensors-test-helpers';

const FILE = 'hand-built.safetensors';

function single(dtype: string, shape: number[], data: Uint8Array) {
  const bytes = buildSafetensorsBytes({ x: { dtype, shape, data_offsets: [0, data.length] } }, data);
  const tensor = parseSafetensors(bytes, FILE).tensors.get('x');
  if (tensor === undefined) throw new Error('tensor x missing');
  return tensor;
}

describe('parseSafetensors conversions', () => {
  it('reads F32 and I32 as they are', () => {
    const floats = single('F32', [2, 2], bytesOf(new Float32Array([1.5, -2, 0, 3.25])));
    expect(floats).toEqual({ dtype: 'float32', shape: [2, 2], values: new Float32Array([1.5, -2, 0, 3.25]) });
    const integers = single('I32', [3], bytesOf(new Int32Array([-7, 0, 2 ** 31 - 1])));
    expect(integers).toEqual({ dtype: 'int32', shape: [3], values: new Int32Array([-7, 0, 2 ** 31 - 1]) });
  });

  it('converts F16 to float32, subnormals and infinities included', () => {
    const tensor = single('F16', [6], bytesOf(new Uint16Array([0x3c00, 0xc000, 0x7c00, 0x0001, 0x8000, 0x7e00])));
    expect(tensor.dtype).toBe('float32');
    expect(tensor.values).toBeInstanceOf(Float32Array);
    expect(Array.from(tensor.values.subarray(0, 4))).toEqual([1, -2, Number.POSITIVE_INFINITY, 2 ** -24]);
    expect(Object.is(tensor.values[4], -0)).toBe(true);
    expect(tensor.values[5]).toBeNaN();
  });

  it('converts BF16 to float32', () => {
    const tensor = single('BF16', [3], bytesOf(new Uint16Array([0x3f80, 0xc000, 0xff80])));
    expect(tensor).toEqual({ dtype: 'float32', shape: [3], values: new Float32Array([1, -2, Number.NEGATIVE_INFINITY]) });
  });

  it('converts F64 to float32, rounding to nearest', () => {
    const tensor = single('F64', [3], bytesOf(new Float64Array([0.1, -1e300, 2.5])));
    expect(tensor).toEqual({ dtype: 'float32', shape: [3], values: new Float32Array([0.1, Number.NEGATIVE_INFINITY, 2.5]) });
  });

  it('converts I64 inside the int32 range to int32', () => {
    const values = new BigInt64Array([0n, -1n, 2n ** 31n - 1n, -(2n ** 31n), 12345n]);
    const tensor = single('I64', [5], bytesOf(values));
    expect(tensor).toEqual({ dtype: 'int32', shape: [5], values: new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31), 12345]) });
  });

  it.each([2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n, -(2n ** 62n)])('rejects I64 value %s outside int32, naming the tensor', (value) => {
    const data = bytesOf(new BigInt64Array([1n, value]));
    const bytes = buildSafetensorsBytes({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, data);
    expectSafetensorsError(() => parseSafetensors(bytes, FILE), {
      file: FILE,
      tensor: 'ids',
      pattern: new RegExp(`element 1 is ${value}, outside the int32 range`),
    });
  });

  it('converts I8, U8, I16 and BOOL to int32', () => {
    expect(single('I8', [3], bytesOf(new Int8Array([-128, 5, 127]))).values).toEqual(new Int32Array([-128, 5, 127]));
    expect(single('U8', [3], bytesOf(new Uint8Array([0, 200, 255]))).values).toEqual(new Int32Array([0, 200, 255]));
    expect(single('I16', [2], bytesOf(new Int16Array([-32768, 32767]))).values).toEqual(new Int32Array([-32768, 32767]));
    const flags = single('BOOL', [4], new Uint8Array([0, 1, 1, 0]));
    expect(flags).toEqual({ dtype: 'int32', shape: [4], values: new Int32Array([0, 1, 1, 0]) });
  });

  it('reads scalars and empty tensors', () => {
    expect(single('F32', [], bytesOf(new Float32Array([4]))).values).toEqual(new Float32Array([4]));
    expect(single('F16', [0, 3], new Uint8Array(0))).toEqual({ dtype: 'float32', shape: [0, 3], values: new Float32Array(0) });
  });
});

describe('parseSafetensors layout', () => {
  it('reads tensors at offsets that are not a multiple of the element size', () => {
    // One BOOL byte first pushes every later tensor to an odd offset.
    const data = new Uint8Array([
      1,
      ...bytesOf(new Float32Array([1.5, -2.25])),
      ...bytesOf(new Int32Array([-5, 6])),
      ...bytesOf(new Uint16Array([0x3c00])),
      ...bytesOf(new BigInt64Array([-9n])),
      ...bytesOf(new Float64Array([0.5])),
    ]);
    const bytes = buildSafetensorsBytes(
      {
        flag: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] },
        floats: { dtype: 'F32', shape: [2], data_offsets: [1, 9] },
        integers: { dtype: 'I32', shape: [2], data_offsets: [9, 17] },
        half: { dtype: 'F16', shape: [1], data_offsets: [17, 19] },
        long: { dtype: 'I64', shape: [1], data_offsets: [19, 27] },
        double: { dtype: 'F64', shape: [1], data_offsets: [27, 35] },
      },
      data,
    );
    const { tensors } = parseSafetensors(bytes, FILE);
    expect(tensors.get('flag')?.values).toEqual(new Int32Array([1]));
    expect(tensors.get('floats')?.values).toEqual(new Float32Array([1.5, -2.25]));
    expect(tensors.get('integers')?.values).toEqual(new Int32Array([-5, 6]));
    expect(tensors.get('half')?.values).toEqual(new Float32Array([1]));
    expect(tensors.get('long')?.values).toEqual(new Int32Array([-9]));
    expect(tensors.get('double')?.values).toEqual(new Float32Array([0.5]));
  });

  it('returns aligned F32 data as a view of the input, without copying', () => {
    const header = JSON.stringify({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }).padEnd(64, ' ');
    const bytes = buildSafetensorsBytes(header, bytesOf(new Float32Array([1, 2])));
    const values = parseSafetensors(bytes, FILE).tensors.get('x')?.values;
    expect(values?.buffer).toBe(bytes.buffer);
    expect(values).toEqual(new Float32Array([1, 2]));
  });

  it('returns metadata and lists tensors in file order', () => {
    const data = new Uint8Array([...bytesOf(new Float32Array([1])), ...bytesOf(new Float32Array([2]))]);
    const bytes = buildSafetensorsBytes(
      {
        b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        __metadata__: { format: 'pt', note: 'hand built' },
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      },
      data,
    );
    const { metadata, tensors } = parseSafetensors(bytes, FILE);
    expect(metadata).toEqual({ format: 'pt', note: 'hand built' });
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    expect(tensors.get('b')?.values).toEqual(new Float32Array([2]));
  });

  it('reports no metadata when the header has none', () => {
    const bytes = buildSafetensorsBytes({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, [3]);
    expect(parseSafetensors(bytes).metadata).toBeUndefined();
  });
});
