import { sourceFileName, type FileSource } from './file-source';
import { folderPathOf } from './folder-source';

/**
 * The source with each file read at most once (the bytes are kept while the wrapper lives), so a loader that
 * looks at `config.json` or the weights twice fetches them once. A folder on disk is returned as it is: its
 * weights are streamed, not held.
 */
export function memoizedSource(source: FileSource): FileSource {
  if (folderPathOf(source) !== undefined) return source;
  const reads = new Map<string, Promise<Uint8Array | undefined>>();
  return {
    location: source.location,
    fileName: (name) => sourceFileName(source, name),
    read(name) {
      let read = reads.get(name);
      if (read === undefined) {
        read = source.read(name);
        reads.set(name, read);
        // A failed read is not remembered: the next call tries again.
        read.catch(() => reads.delete(name));
      }
      return read;
    },
  };
}
