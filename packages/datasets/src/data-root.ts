import { nodeModule } from '@adapters/core';

const path = nodeModule<typeof import('node:path')>('node:path');
const { fileURLToPath } = nodeModule<typeof import('node:url')>('node:url');

/**
 * The repository root. This file sits at `packages/datasets/src/data-root.ts` and is bundled into
 * `packages/datasets/dist/index.js`: both are three folders below the root.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shared data folder: env `ADAPTERS_DATA` (relative paths from the repository root), default `<repo>/../shared/data`. */
export function dataRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_DATA ?? '../shared/data');
}

/** The GLUE data folder (`$GLUE_DIR`): `<data>/glue`. */
export function glueDataRoot(): string {
  return path.join(dataRoot(), 'glue');
}
