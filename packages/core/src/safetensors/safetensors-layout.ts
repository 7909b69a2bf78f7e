import { InvalidConfigError } from '../errors/invalid-config-error';
import { countElements } from './count-elements';
import type { TensorData } from './tensor-data';

/** Tensors to write, keyed by name, as a Map or a plain object. */
export type SafetensorsInput = ReadonlyMap<string, TensorData> | Readonly<Record<string, TensorData>>;

/** What a writer emits: `header` (length prefix, JSON, padding) and then each tensor's bytes, in this order. */
export interface SafetensorsLayout {
  readonly header: Uint8Array;
  readonly tensors: ReadonlyArray<{ readonly name: string; readonly data: TensorData }>;
  readonly totalBytes: number;
}

const METADATA_KEY = '__metadata__';
const STORED_DTYPE = { float32: 'F32', int32: 'I32' } as const;
// The Rust crate orders tensors by descending dtype (F32 before I32) and then by name, so equal inputs give
// byte-identical files whichever library wrote them.
const DTYPE_RANK = { float32: 0, int32: 1 } as const;

/**
 * Plans a file the way python safetensors writes it: tensors packed without gaps in (dtype, name) order,
 * the header JSON without spaces, `__metadata__` first, padded with spaces so the data starts 8-byte aligned.
 */
export function planSafetensorsLayout(input: SafetensorsInput, metadata?: Record<string, string>): SafetensorsLayout {
  const tensors = toNamedTensors(input);
  tensors.sort((left, right) => DTYPE_RANK[left.data.dtype] - DTYPE_RANK[right.data.dtype] || compareCodePoints(left.name, right.name));
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(checkMetadata(metadata))}`);
  let offset = 0;
  for (const { name, data } of tensors) {
    const end = offset + data.values.byteLength;
    const info = `{"dtype":"${STORED_DTYPE[data.dtype]}","shape":[${data.shape.join(',')}],"data_offsets":[${offset},${end}]}`;
    parts.push(`${JSON.stringify(name)}:${info}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const header = new Uint8Array(8 + headerLength).fill(0x20, 8 + json.length);
  new DataView(header.buffer).setBigUint64(0, BigInt(headerLength), true);
  header.set(json, 8);
  return { header, tensors, totalBytes: header.length + offset };
}

function toNamedTensors(input: SafetensorsInput): Array<{ name: string; data: TensorData }> {
  const pairs: Array<[string, TensorData]> = input instanceof Map ? [...input.entries()] : Object.entries(input);
  return pairs.map(([name, data]) => ({ name, data: checkTensor(name, data) }));
}

function checkTensor(name: string, data: TensorData): TensorData {
  const path = `tensors['${name}']`;
  if (name === METADATA_KEY) {
    throw new InvalidConfigError({ path, expected: `a tensor name other than '${METADATA_KEY}'`, received: name });
  }
  if (data.dtype !== 'float32' && data.dtype !== 'int32') {
    throw new InvalidConfigError({ path: `${path}.dtype`, expected: "'float32' or 'int32'", received: data.dtype });
  }
  const expectedArray = data.dtype === 'float32' ? Float32Array : Int32Array;
  if (!(data.values instanceof expectedArray)) {
    throw new InvalidConfigError({
      path: `${path}.values`,
      expected: `a ${expectedArray.name} for dtype '${data.dtype}'`,
      received: describeValues(data.values),
    });
  }
  if (!Array.isArray(data.shape) || !data.shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0)) {
    throw new InvalidConfigError({ path: `${path}.shape`, expected: 'an array of non-negative integers', received: data.shape });
  }
  if (countElements(data.shape) !== data.values.length) {
    throw new InvalidConfigError({
      path: `${path}.values`,
      expected: `${countElements(data.shape)} elements for shape [${data.shape.join(', ')}]`,
      received: describeValues(data.values),
    });
  }
  return data;
}

function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new InvalidConfigError({ path: `metadata['${key}']`, expected: 'a string', received: value });
    }
  }
  return metadata;
}

/** Rust compares names as UTF-8 bytes, which orders like code points; JS's `<` compares UTF-16 units. */
function compareCodePoints(left: string, right: string): number {
  const leftPoints = Array.from(left, (character) => character.codePointAt(0) ?? 0);
  const rightPoints = Array.from(right, (character) => character.codePointAt(0) ?? 0);
  const length = Math.min(leftPoints.length, rightPoints.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (leftPoints[index] ?? 0) - (rightPoints[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return leftPoints.length - rightPoints.length;
}

function describeValues(values: unknown): string {
  if (ArrayBuffer.isView(values)) return `${values.constructor.name}(${(values as unknown as ArrayLike<unknown>).length})`;
  return typeof values;
}
