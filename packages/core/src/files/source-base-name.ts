import { nodeModule } from '../platform/node-module';
import type { FileSource } from './file-source';
import { folderPathOf } from './folder-source';

const path = nodeModule<typeof import('node:path')>('node:path');

/** `https://host/<owner>/<repo>/resolve/<revision>/`: the HF hub's file layout. */
const HUB_LAYOUT = /^https?:\/\/[^/]+\/(.+?)\/resolve\/[^/]+\/$/u;

/**
 * The name a source goes by where the library uses a folder's name (a model's `name_or_path`, an adapter
 * saved without `name`): the folder's base name, the repository id of a hub URL (`prajjwal1/bert-tiny`),
 * else the last segment of the URL or location.
 */
export function sourceBaseName(source: FileSource): string {
  const folder = folderPathOf(source);
  if (folder !== undefined) return path.basename(path.resolve(folder));
  const hub = HUB_LAYOUT.exec(source.location);
  if (hub !== null) return decodeURIComponent(hub[1] as string);
  const segments = source.location.split(/[\\/]+/u).filter((segment) => segment !== '');
  return segments.length === 0 ? source.location : decodeURIComponent(segments[segments.length - 1] as string);
}
