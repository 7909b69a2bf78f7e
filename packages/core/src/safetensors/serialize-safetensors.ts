import { toLittleEndianBytes } from './byte-order';
import { planSafetensorsLayout, type SafetensorsInput } from './safetensors-layout';

/**
 * The bytes of a safetensors file holding `tensors` (float32 as F32, int32 as I32) and optional string metadata,
 * laid out exactly as python safetensors' `save_file` would.
 */
export function serializeSafetensors(tensors: SafetensorsInput, metadata?: Record<string, string>): Uint8Array {
  const layout = planSafetensorsLayout(tensors, metadata);
  const bytes = new Uint8Array(layout.totalBytes);
  bytes.set(layout.header);
  let offset = layout.header.length;
  for (const { data } of layout.tensors) {
    bytes.set(toLittleEndianBytes(data.values), offset);
    offset += data.values.byteLength;
  }
  return bytes;
}
