import { nodeModule } from '../platform/node-module';
import type { FileHandle } from 'node:fs/promises';
import { toLittleEndianBytes } from './byte-order';
import { planSafetensorsLayout, type SafetensorsInput } from './safetensors-layout';

const { randomBytes } = nodeModule<typeof import('node:crypto')>('node:crypto');
const { open, rename, rm } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');

// One write() call moves at most 2 GiB - 1 bytes; stay well below.
const MAX_WRITE_BYTES = 1024 * 1024 * 1024;

/**
 * Writes `tensors` as a safetensors file (the bytes of `serializeSafetensors`). Writes a temporary file in the same
 * folder, flushes it to disk and renames it over `path`, so readers see the old file or the new one, never half
 * of one. Each tensor is written from its own array, so no second full-size copy of the weights is made.
 * On failure the temporary file is removed and the error (from node:fs) is rethrown.
 */
export async function writeSafetensors(path: string, tensors: SafetensorsInput, metadata?: Record<string, string>): Promise<void> {
  const layout = planSafetensorsLayout(tensors, metadata);
  const temporaryPath = `${path}.tmp-${randomBytes(8).toString('hex')}`;
  try {
    // 'wx' fails rather than clobber a file that happens to have the temporary name.
    const handle = await open(temporaryPath, 'wx');
    try {
      let position = await writeFully(handle, layout.header, 0);
      for (const { data } of layout.tensors) {
        position = await writeFully(handle, toLittleEndianBytes(data.values), position);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/** `handle.write` may write fewer bytes than asked for; loop until all of `bytes` is written. Returns the end position. */
async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<number> {
  let written = 0;
  while (written < bytes.length) {
    const length = Math.min(bytes.length - written, MAX_WRITE_BYTES);
    const result = await handle.write(bytes, written, length, position + written);
    written += result.bytesWritten;
  }
  return position + written;
}
