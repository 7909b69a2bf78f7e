import { ioError } from '../errors/io-error';
import { nodeModule } from '../platform/node-module';
import type { FileSource } from './file-source';

const { readFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/** Codes that mean "no such file here" rather than a failure. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/** A folder on disk as a `FileSource` (Node only); loaders use its paths directly to stream large weights. */
export class FolderSource implements FileSource {
  /** The folder as given (errors name files by `path.join(folder, name)`, as the folder loaders always did). */
  readonly location: string;

  constructor(readonly folder: string) {
    this.location = folder;
  }

  fileName(name: string): string {
    return path.join(this.folder, name);
  }

  async read(name: string): Promise<Uint8Array | undefined> {
    const file = this.fileName(name);
    try {
      const buffer = await readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if (MISSING.has((error as { code?: string }).code ?? '')) return undefined;
      throw ioError('read', file, error);
    }
  }
}

/** A folder on disk as a `FileSource` (Node only: elsewhere reading throws a `PlatformError`). */
export function folderSource(folder: string): FileSource {
  return new FolderSource(folder);
}

/** A path becomes a `FolderSource`; a source is returned as it is. */
export function toFileSource(folderOrSource: string | FileSource): FileSource {
  return typeof folderOrSource === 'string' ? new FolderSource(folderOrSource) : folderOrSource;
}

/** The folder path behind a source, when it is one on disk. */
export function folderPathOf(source: FileSource): string | undefined {
  return source instanceof FolderSource ? source.folder : undefined;
}
