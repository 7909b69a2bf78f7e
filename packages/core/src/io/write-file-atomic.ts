import { nodeModule } from '../platform/node-module';
import { ioError } from '../errors/io-error';

const { randomBytes } = nodeModule<typeof import('node:crypto')>('node:crypto');
const { rename, rm, writeFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');

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
