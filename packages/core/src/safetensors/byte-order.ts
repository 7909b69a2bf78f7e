/** safetensors data is little-endian; typed arrays use the platform's order, so big-endian hosts need swaps. */
export const IS_LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Little-endian element bytes as a view a typed array of `elementBytes`-wide elements can sit on: aligned to the
 * element size and in platform order. Returns `raw` itself when that already holds, else a copy (typed arrays
 * cannot start at an unaligned byte offset).
 */
export function toPlatformOrder(raw: Uint8Array, elementBytes: number): Uint8Array {
  const aligned = raw.byteOffset % elementBytes === 0;
  if (IS_LITTLE_ENDIAN_PLATFORM || elementBytes === 1) return aligned ? raw : raw.slice();
  return swapBytes(raw, elementBytes);
}

/** The bytes of `values` in little-endian order: a view on little-endian hosts, a swapped copy otherwise. */
export function toLittleEndianBytes(values: Float32Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return IS_LITTLE_ENDIAN_PLATFORM ? bytes : swapBytes(bytes, values.BYTES_PER_ELEMENT);
}

function swapBytes(raw: Uint8Array, elementBytes: number): Uint8Array {
  const swapped = new Uint8Array(raw.length);
  for (let start = 0; start < raw.length; start += elementBytes) {
    for (let index = 0; index < elementBytes; index += 1) {
      swapped[start + index] = raw[start + elementBytes - 1 - index] ?? 0;
    }
  }
  return swapped;
}
