import { countElements } from './count-elements';
import { parseSafetensorsHeader } from './safetensors-header';
import { decodedDtypeOf, ELEMENT_BYTES } from './safetensors-dtype';
import type { TensorData } from './tensor-data';
import { createTensorValues, decodeTensorBytes, isStoredAsDecoded } from './tensor-decoding';

/** Metadata and tensors of a whole safetensors file, tensors in file order. */
export interface SafetensorsContents {
  metadata: Record<string, string> | undefined;
  tensors: Map<string, TensorData>;
}

/**
 * Decodes a whole safetensors file held in memory (a fetched or embedded file, say). `file` names it in errors.
 *
 * F32 and I32 tensors whose bytes sit at an offset aligned to 4 are views into `bytes`, with no copy: they
 * change if `bytes` does. Every other tensor is a fresh array.
 */
export function parseSafetensors(bytes: Uint8Array, file = '<in-memory safetensors>'): SafetensorsContents {
  const header = parseSafetensorsHeader(bytes, bytes.length, file);
  const tensors = new Map<string, TensorData>();
  for (const entry of header.entries) {
    const [begin, end] = entry.byteOffsets;
    const raw = bytes.subarray(header.dataStart + begin, header.dataStart + end);
    const elementCount = countElements(entry.shape);
    let values: Float32Array | Int32Array;
    if (isStoredAsDecoded(entry.dtype) && raw.byteOffset % ELEMENT_BYTES[entry.dtype] === 0) {
      values = entry.dtype === 'F32'
        ? new Float32Array(raw.buffer, raw.byteOffset, elementCount)
        : new Int32Array(raw.buffer, raw.byteOffset, elementCount);
    } else {
      values = createTensorValues(entry.dtype, elementCount);
      decodeTensorBytes(entry.dtype, raw, values, 0, { file, tensor: entry.name });
    }
    tensors.set(entry.name, { dtype: decodedDtypeOf(entry.dtype), shape: [...entry.shape], values });
  }
  return { metadata: header.metadata, tensors };
}
