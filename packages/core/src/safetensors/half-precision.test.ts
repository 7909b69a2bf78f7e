import { describe, expect, it } from 'vitest';
import { bfloat16BitsToFloat32Bits, decodeBfloat16, decodeFloat16, float16BitsToFloat32Bits } from './half-precision';

function float32FromBits(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0] ?? Number.NaN;
}

/** IEEE 754 binary16 by its textbook formula, to check the bit-twiddling version against. */
function float16ByFormula(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

describe('float16', () => {
  it.each([
    ['0x3c00', 0x3c00, 1],
    ['0xc000', 0xc000, -2],
    ['0x7c00 (infinity)', 0x7c00, Number.POSITIVE_INFINITY],
    ['0xfc00 (-infinity)', 0xfc00, Number.NEGATIVE_INFINITY],
    ['0x0001 (smallest subnormal)', 0x0001, 2 ** -24],
    ['0x03ff (largest subnormal)', 0x03ff, 1023 * 2 ** -24],
    ['0x0400 (smallest normal)', 0x0400, 2 ** -14],
    ['0x7bff (largest finite)', 0x7bff, 65504],
    ['0x3555', 0x3555, 0.333251953125],
    ['0x0000', 0x0000, 0],
  ])('decodes %s exactly', (_, bits, expected) => {
    expect(float32FromBits(float16BitsToFloat32Bits(bits))).toBe(expected);
  });

  it('keeps the sign of zero and decodes NaN as NaN', () => {
    expect(Object.is(float32FromBits(float16BitsToFloat32Bits(0x8000)), -0)).toBe(true);
    expect(float32FromBits(float16BitsToFloat32Bits(0x7e00))).toBeNaN();
    expect(float32FromBits(float16BitsToFloat32Bits(0xfc01))).toBeNaN();
  });

  it('agrees with the textbook formula on all 65536 bit patterns', () => {
    const source = new Uint16Array(65536).map((_, index) => index);
    const decoded = new Float32Array(65536);
    decodeFloat16(source, decoded, 0);
    for (let bits = 0; bits < 65536; bits += 1) {
      const expected = float16ByFormula(bits);
      if (!Object.is(decoded[bits], expected)) expect.fail(`0x${bits.toString(16)}: got ${decoded[bits]}, expected ${expected}`);
    }
  });
});

describe('bfloat16', () => {
  it('decodes known values, subnormals, infinities and NaN exactly', () => {
    const source = new Uint16Array([0x3f80, 0xc000, 0x7f80, 0xff80, 0x0001, 0x7fc0, 0x8000, 0x4049]);
    const decoded = new Float32Array(source.length + 1);
    decodeBfloat16(source, decoded, 1);
    expect(decoded[0]).toBe(0);
    expect(Array.from(decoded.subarray(1, 6))).toEqual([1, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** -133]);
    expect(decoded[6]).toBeNaN();
    expect(Object.is(decoded[7], -0)).toBe(true);
    expect(decoded[8]).toBe(3.140625);
    expect(bfloat16BitsToFloat32Bits(0x3f80)).toBe(0x3f800000);
  });
});
