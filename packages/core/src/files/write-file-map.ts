import { writeFileAtomic } from '../io/write-file-atomic';
import { writeFolderAtomic } from '../io/write-folder-atomic';
import { nodeModule } from '../platform/node-module';
import type { FileMap } from './file-source';

const { mkdir } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/**
 * Writes every file of `files` into `folder` (Node only), sub-paths creating their folders. Meant for a temp
 * folder that `writeFolderAtomic` renames into place; each file also goes through a temp file + rename.
 */
export async function writeFileMap(folder: string, files: FileMap): Promise<void> {
  for (const [name, bytes] of files) {
    const file = path.join(folder, name);
    if (path.dirname(name) !== '.') await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, bytes);
  }
}

/**
 * Writes `files` as the folder `directory` in one step (Node only): filled beside it and renamed into place, so a
 * failure leaves nothing half-written; other files already in `directory` are kept.
 */
export async function saveFileMap(directory: string, files: FileMap): Promise<void> {
  await writeFolderAtomic(directory, (folder) => writeFileMap(folder, files), { keepOtherEntries: true });
}
