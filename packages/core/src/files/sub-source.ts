import { sourceFileName, type FileSource } from './file-source';
import { folderPathOf, folderSource } from './folder-source';
import { nodeModule } from '../platform/node-module';

const path = nodeModule<typeof import('node:path')>('node:path');

/**
 * The sub-folder `folder` of a source as a source of its own: `read('adapter_config.json')` reads
 * `<folder>/adapter_config.json`. A folder on disk stays one (its weights are still streamed).
 */
export function subSource(source: FileSource, folder: string): FileSource {
  const parent = folderPathOf(source);
  if (parent !== undefined) return folderSource(path.join(parent, folder));
  const prefix = folder.replace(/[\\/]+$/u, '');
  return {
    location: sourceFileName(source, prefix),
    read: (name) => source.read(`${prefix}/${name}`),
    fileName: (name) => sourceFileName(source, `${prefix}/${name}`),
  };
}
