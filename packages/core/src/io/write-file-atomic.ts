import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { ioError } from '../errors/io-error';

/**
 * Writes a file through a temp file in the same folder and a rename, so readers never see half a file.
 * A system error (`ENOSPC`, ...) becomes an `IoError` naming `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${randomBytes(8).toString('hex')}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw ioError('write', path, error);
  }
}
