import { SafetensorsError } from '../errors/safetensors-error';
import { IS_LITTLE_ENDIAN_PLATFORM, toPlatformOrder } from './byte-order';
import { decodeBfloat16, decodeFloat16 } from './half-precision';
import { decodedDtypeOf, ELEMENT_BYTES, type SafetensorsDtype } from './safetensors-dtype';

/** Names the file and tensor in conversion errors. */
export interface DecodingContext {
  readonly file: string;
  readonly tensor: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The typed array a tensor of `dtype` decodes into. */
export function createTensorValues(dtype: SafetensorsDtype, elementCount: number): Float32Array | Int32Array {
  return decodedDtypeOf(dtype) === 'float32' ? new Float32Array(elementCount) : new Int32Array(elementCount);
}

/** Whether the file's bytes already are the decoded values, so they can be read straight into the array. */
export function isStoredAsDecoded(dtype: SafetensorsDtype): boolean {
  return IS_LITTLE_ENDIAN_PLATFORM && (dtype === 'F32' || dtype === 'I32');
}

/**
 * Converts `raw` (little-endian elements of `dtype`, any byte offset, a whole number of elements) into
 * `destination` from element `start` on. `destination` must come from `createTensorValues(dtype, ...)`.
 */
export function decodeTensorBytes(
  dtype: SafetensorsDtype,
  raw: Uint8Array,
  destination: Float32Array | Int32Array,
  start: number,
  context: DecodingContext,
): void {
  const elementBytes = ELEMENT_BYTES[dtype];
  const source = toPlatformOrder(raw, elementBytes);
  const count = raw.byteLength / elementBytes;
  const { buffer, byteOffset } = source;
  switch (dtype) {
    case 'F32':
      destination.set(new Float32Array(buffer, byteOffset, count), start);
      return;
    case 'F64':
      // TypedArray.set converts element by element, rounding to the nearest float32.
      destination.set(new Float64Array(buffer, byteOffset, count), start);
      return;
    case 'F16':
      decodeFloat16(new Uint16Array(buffer, byteOffset, count), destination as Float32Array, start);
      return;
    case 'BF16':
      decodeBfloat16(new Uint16Array(buffer, byteOffset, count), destination as Float32Array, start);
      return;
    case 'I32':
      destination.set(new Int32Array(buffer, byteOffset, count), start);
      return;
    case 'I16':
      destination.set(new Int16Array(buffer, byteOffset, count), start);
      return;
    case 'I8':
      destination.set(new Int8Array(buffer, byteOffset, count), start);
      return;
    case 'U8':
      destination.set(new Uint8Array(buffer, byteOffset, count), start);
      return;
    case 'BOOL':
      decodeBool(new Uint8Array(buffer, byteOffset, count), destination, start);
      return;
    case 'I64':
      decodeInt64(new Int32Array(buffer, byteOffset, count * 2), destination, start, context);
      return;
  }
}

/** Any nonzero byte is true, as torch reads it. */
function decodeBool(source: Uint8Array, destination: Float32Array | Int32Array, start: number): void {
  for (let index = 0; index < source.length; index += 1) destination[start + index] = source[index] === 0 ? 0 : 1;
}

/** Narrows int64 to int32 without BigInt per element: a value fits when its high word is its low word's sign. */
function decodeInt64(
  halves: Int32Array,
  destination: Float32Array | Int32Array,
  start: number,
  context: DecodingContext,
): void {
  const lowOffset = IS_LITTLE_ENDIAN_PLATFORM ? 0 : 1;
  const highOffset = 1 - lowOffset;
  const count = halves.length / 2;
  for (let index = 0; index < count; index += 1) {
    const low = halves[2 * index + lowOffset] ?? 0;
    const high = halves[2 * index + highOffset] ?? 0;
    if (high !== low >> 31) {
      const value = (BigInt(high) << 32n) | BigInt(low >>> 0);
      throw new SafetensorsError({
        file: context.file,
        tensor: context.tensor,
        message: `I64 element ${start + index} is ${value}, outside the int32 range [${INT32_MIN}, ${INT32_MAX}] it is converted to.`,
      });
    }
    destination[start + index] = low;
  }
}
