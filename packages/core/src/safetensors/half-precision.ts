// Half-precision decoding works on bit patterns: every float16 and bfloat16 value (subnormals, infinities and
// NaN payloads included) is exactly representable in float32, so writing the float32 bits loses nothing.

/** The float32 bit pattern of an IEEE 754 binary16 value. */
export function float16BitsToFloat32Bits(bits: number): number {
  const sign = (bits & 0x8000) << 16;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (fraction << 13)) >>> 0;
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (fraction << 13)) >>> 0;
  if (fraction === 0) return sign >>> 0;
  // Subnormal: fraction * 2^-24. Its top set bit becomes the implicit leading one of a normal float32.
  const topBit = 31 - Math.clz32(fraction);
  return (sign | ((topBit + 103) << 23) | ((fraction << (23 - topBit)) & 0x7fffff)) >>> 0;
}

/** bfloat16 is the top half of a float32. */
export function bfloat16BitsToFloat32Bits(bits: number): number {
  return (bits << 16) >>> 0;
}

/** Decodes `source` (platform-order 16-bit patterns) into `destination` starting at `start`. */
export function decodeFloat16(source: Uint16Array, destination: Float32Array, start: number): void {
  const destinationBits = new Uint32Array(destination.buffer, destination.byteOffset + start * 4, source.length);
  for (let index = 0; index < source.length; index += 1) {
    destinationBits[index] = float16BitsToFloat32Bits(source[index] ?? 0);
  }
}

/** Decodes `source` (platform-order 16-bit patterns) into `destination` starting at `start`. */
export function decodeBfloat16(source: Uint16Array, destination: Float32Array, start: number): void {
  const destinationBits = new Uint32Array(destination.buffer, destination.byteOffset + start * 4, source.length);
  for (let index = 0; index < source.length; index += 1) {
    destinationBits[index] = bfloat16BitsToFloat32Bits(source[index] ?? 0);
  }
}
