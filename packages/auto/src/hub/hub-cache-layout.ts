import { nodeModule } from '@adapters/core';

const path = nodeModule<typeof import('node:path')>('node:path');

/**
 * huggingface_hub's cache layout, with plain files instead of blob symlinks:
 * `models--<org>--<name>/refs/<revision>` holds the snapshot name, `snapshots/<snapshot>/<file>` the files,
 * `.no_exist/<snapshot>/<file>` marks a file the hub answered 404 for, and partial downloads live in
 * `.incomplete/` so they can never be read as a snapshot file.
 */
export interface HubCacheLayout {
  readonly repoFolder: string;
  refFile(revision: string): string;
  snapshotFolder(snapshot: string): string;
  snapshotFile(snapshot: string, file: string): string;
  absentMarker(snapshot: string, file: string): string;
  readonly incompleteFolder: string;
}

export function hubCacheLayout(cacheDir: string, repoId: string): HubCacheLayout {
  const repoFolder = path.join(cacheDir, `models--${repoId.split('/').join('--')}`);
  const snapshotFolder = (snapshot: string): string => path.join(repoFolder, 'snapshots', ...snapshot.split('/'));
  return {
    repoFolder,
    refFile: (revision) => path.join(repoFolder, 'refs', ...revision.split('/')),
    snapshotFolder,
    snapshotFile: (snapshot, file) => path.join(snapshotFolder(snapshot), ...file.split('/')),
    absentMarker: (snapshot, file) => path.join(repoFolder, '.no_exist', ...snapshot.split('/'), ...file.split('/')),
    incompleteFolder: path.join(repoFolder, '.incomplete'),
  };
}
