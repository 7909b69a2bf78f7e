import { nodeModule } from '../platform/node-module';
import type { FileHandle } from 'node:fs/promises';
import { FileFormatError } from '../errors/file-format-error';
import { SafetensorsError } from '../errors/safetensors-error';
import { countElements } from './count-elements';
import type { SafetensorsContents } from './parse-safetensors';
import { decodedDtypeOf, ELEMENT_BYTES } from './safetensors-dtype';
import { parseSafetensorsHeader, readHeaderLength, type SafetensorsEntry, type SafetensorsHeader } from './safetensors-header';
import type { TensorData } from './tensor-data';
import { createTensorValues, decodeTensorBytes, isStoredAsDecoded } from './tensor-decoding';

const { open } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');

export interface ReadSafetensorsOptions {
  /** Called with each tensor name; tensors it rejects are never read. */
  filter?: (name: string) => boolean;
}

// Converted dtypes are read through a scratch buffer of at most this size, so a big F16 tensor never has a
// second full-size raw copy next to its float32 result.
const CONVERSION_CHUNK_BYTES = 4 * 1024 * 1024;
// One read() call moves at most 2 GiB - 1 bytes; stay well below.
const MAX_READ_BYTES = 1024 * 1024 * 1024;

/** Reads and validates only the header: the first 8 + N bytes of the file. */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const handle = await openForReading(path);
  try {
    return await readHeader(handle, path);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a safetensors file tensor by tensor: each selected tensor's bytes go straight into its own typed array
 * (or, for dtypes that need conversion, through a small scratch buffer), so the file is never held whole in memory.
 */
export async function readSafetensors(path: string, options: ReadSafetensorsOptions = {}): Promise<SafetensorsContents> {
  const handle = await openForReading(path);
  try {
    const header = await readHeader(handle, path);
    const tensors = new Map<string, TensorData>();
    for (const entry of header.entries) {
      if (options.filter !== undefined && !options.filter(entry.name)) continue;
      const values = await readTensorValues(handle, header.dataStart, entry, path);
      tensors.set(entry.name, { dtype: decodedDtypeOf(entry.dtype), shape: [...entry.shape], values });
    }
    return { metadata: header.metadata, tensors };
  } finally {
    await handle.close();
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw new FileFormatError({ file: path, message: `cannot open the safetensors file (${describeError(error)}).`, cause: error });
  }
}

async function readHeader(handle: FileHandle, path: string): Promise<SafetensorsHeader> {
  const { size } = await handle.stat();
  const prefix = new Uint8Array(Math.min(8, size));
  await readExactly(handle, prefix, 0, path, undefined);
  const headerLength = readHeaderLength(prefix, size, path);
  const headerBytes = new Uint8Array(8 + headerLength);
  headerBytes.set(prefix);
  await readExactly(handle, headerBytes.subarray(8), 8, path, undefined);
  return parseSafetensorsHeader(headerBytes, size, path);
}

async function readTensorValues(
  handle: FileHandle,
  dataStart: number,
  entry: SafetensorsEntry,
  path: string,
): Promise<Float32Array | Int32Array> {
  const values = createTensorValues(entry.dtype, countElements(entry.shape));
  const [begin, end] = entry.byteOffsets;
  const position = dataStart + begin;
  if (isStoredAsDecoded(entry.dtype)) {
    await readExactly(handle, new Uint8Array(values.buffer, values.byteOffset, values.byteLength), position, path, entry.name);
    return values;
  }
  const elementBytes = ELEMENT_BYTES[entry.dtype];
  const totalBytes = end - begin;
  // A whole number of elements per chunk, so no element straddles two reads.
  const chunkBytes = Math.min(totalBytes, CONVERSION_CHUNK_BYTES - (CONVERSION_CHUNK_BYTES % elementBytes));
  const scratch = new Uint8Array(chunkBytes);
  for (let done = 0; done < totalBytes; done += chunkBytes) {
    const chunk = scratch.subarray(0, Math.min(chunkBytes, totalBytes - done));
    await readExactly(handle, chunk, position + done, path, entry.name);
    decodeTensorBytes(entry.dtype, chunk, values, done / elementBytes, { file: path, tensor: entry.name });
  }
  return values;
}

/** `handle.read` may return fewer bytes than asked for; loop until `target` is full. */
async function readExactly(
  handle: FileHandle,
  target: Uint8Array,
  position: number,
  path: string,
  tensor: string | undefined,
): Promise<void> {
  let filled = 0;
  while (filled < target.length) {
    const length = Math.min(target.length - filled, MAX_READ_BYTES);
    const { bytesRead } = await handle.read(target, filled, length, position + filled);
    if (bytesRead === 0) {
      throw new SafetensorsError({
        file: path,
        tensor,
        message: `the file ended at byte ${position + filled} while reading ${target.length} bytes from ${position}; it was truncated or changed while being read.`,
      });
    }
    filled += bytesRead;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
