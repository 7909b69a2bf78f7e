import { nodeModule } from '@adapters/core';

const { randomBytes } = nodeModule<typeof import('node:crypto')>('node:crypto');
const { mkdir, open, rename, rm } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/**
 * Writes `parts` back to back into `file` through a temp file in the same folder and a rename, so a reader
 * (or a second process filling the same cache) sees either no file or the whole file, never a torn one.
 */
export async function writeFileAtomic(file: string, parts: readonly Uint8Array[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      for (const part of parts) {
        // A write may be short; keep going until the whole part is on disk.
        for (let written = 0; written < part.byteLength; ) {
          const { bytesWritten } = await handle.write(part, written, part.byteLength - written);
          written += bytesWritten;
        }
      }
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
