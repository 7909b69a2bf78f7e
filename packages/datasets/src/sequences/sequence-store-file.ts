import { DatasetFormatError, nodeModule } from '@adapters/core';
import { writeFileAtomic } from '../io/write-file-atomic';
import { SequenceStore, type LabelType } from './sequence-store';

const { readFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');

// File layout, little-endian:
//   8 bytes  magic 'ADSEQ001'
//   4 bytes  uint32 byte length H of the JSON header
//   H bytes  JSON header (UTF-8), then zero padding to a multiple of 4
//   offsets int32[size + 1], inputIds int32[total], labels int32|float32[size] (if any), tokenTypeIds uint8[total] (if any)
// The arrays are copied as they are in memory, so writing and reading are a straight copy.
const MAGIC = 'ADSEQ001';

interface FileHeader {
  readonly size: number;
  readonly totalTokens: number;
  readonly labelType: LabelType | null;
  readonly hasTokenTypeIds: boolean;
  readonly metadata: unknown;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes a store and a JSON-able `metadata` to one binary file, atomically (temp file, then rename). */
export async function writeSequenceStoreFile(file: string, store: SequenceStore, metadata: unknown = null): Promise<void> {
  if (!LITTLE_ENDIAN) throw new DatasetFormatError({ file, message: 'sequence files are little-endian; this platform is big-endian' });
  const header: FileHeader = {
    size: store.size,
    totalTokens: store.totalTokens,
    labelType: store.labels === undefined ? null : store.labels instanceof Int32Array ? 'int32' : 'float32',
    hasTokenTypeIds: store.tokenTypeIds !== undefined,
    metadata,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(align4(12 + headerBytes.byteLength));
  prefix.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(prefix.buffer).setUint32(8, headerBytes.byteLength, true);
  prefix.set(headerBytes, 12);
  const parts: Uint8Array[] = [prefix, bytesOf(store.offsets), bytesOf(store.inputIds)];
  if (store.labels !== undefined) parts.push(bytesOf(store.labels));
  if (store.tokenTypeIds !== undefined) parts.push(store.tokenTypeIds);
  await writeFileAtomic(file, parts);
}

/** Reads a file written by `writeSequenceStoreFile`. A truncated or foreign file throws a `DatasetFormatError`. */
export async function readSequenceStoreFile(file: string): Promise<{ store: SequenceStore; metadata: unknown }> {
  const raw = await readFile(file);
  // Typed-array views need 4-byte alignment; a pooled Buffer may not have it.
  const bytes = raw.byteOffset % 4 === 0 ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : new Uint8Array(raw);
  const fail = (message: string): never => {
    throw new DatasetFormatError({ file, message: `${message}; expected a sequence file written by writeSequenceStoreFile` });
  };
  if (!LITTLE_ENDIAN) fail('this platform is big-endian');
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) fail('bad magic bytes');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.byteLength) fail('header runs past the end of the file');
  let header: FileHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as FileHeader;
  } catch {
    return fail('unreadable JSON header');
  }
  const { size, totalTokens } = header;
  if (!Number.isInteger(size) || !Number.isInteger(totalTokens) || size < 0 || totalTokens < 0) fail('bad sizes in the header');
  let position = bytes.byteOffset + align4(12 + headerLength);
  const end = bytes.byteOffset + bytes.byteLength;
  const take = (byteLength: number): number => {
    const start = position;
    position += byteLength;
    if (position > end) fail('the file is truncated');
    return start;
  };
  const offsets = new Int32Array(bytes.buffer, take(4 * (size + 1)), size + 1);
  const inputIds = new Int32Array(bytes.buffer, take(4 * totalTokens), totalTokens);
  let labels: Int32Array | Float32Array | undefined;
  if (header.labelType === 'int32') labels = new Int32Array(bytes.buffer, take(4 * size), size);
  else if (header.labelType === 'float32') labels = new Float32Array(bytes.buffer, take(4 * size), size);
  const tokenTypeIds = header.hasTokenTypeIds ? new Uint8Array(bytes.buffer, take(totalTokens), totalTokens) : undefined;
  if (position !== end) fail(`${end - position} unexpected bytes at the end`);
  try {
    return { store: new SequenceStore({ offsets, inputIds, tokenTypeIds, labels }), metadata: header.metadata };
  } catch (error) {
    return fail(`inconsistent arrays (${(error as Error).message})`);
  }
}

function bytesOf(array: Int32Array | Float32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function align4(length: number): number {
  return Math.ceil(length / 4) * 4;
}
