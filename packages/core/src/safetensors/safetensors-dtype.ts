/** The element types this reader understands, spelled as they appear in a safetensors header. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'I32' | 'I64' | 'F64' | 'I8' | 'U8' | 'I16' | 'BOOL';

/** Bytes per element of each dtype. */
export const ELEMENT_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  I32: 4,
  I64: 8,
  F64: 8,
  I8: 1,
  U8: 1,
  I16: 2,
  BOOL: 1,
};

export const SUPPORTED_DTYPES = Object.keys(ELEMENT_BYTES) as readonly SafetensorsDtype[];

export function isSafetensorsDtype(value: string): value is SafetensorsDtype {
  return Object.hasOwn(ELEMENT_BYTES, value);
}

/** Floating-point dtypes become float32 on read, integer and boolean ones int32. */
export function decodedDtypeOf(dtype: SafetensorsDtype): 'float32' | 'int32' {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16' || dtype === 'F64' ? 'float32' : 'int32';
}
