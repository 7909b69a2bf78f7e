import { findNodeModule, nodeModule } from '@adapters/core';

const path = nodeModule<typeof import('node:path')>('node:path');

/**
 * The repository root. This file sits at `packages/datasets/src/data-root.ts` and is bundled into
 * `packages/datasets/dist/index.js`: both are three folders below the root.
 */
export const REPO_ROOT = repositoryRoot();

/** Computed at load, so only where Node's path and url exist: in a page it is '' (there is no repository). */
function repositoryRoot(): string {
  const nodePath = findNodeModule<typeof import('node:path')>('node:path');
  const nodeUrl = findNodeModule<typeof import('node:url')>('node:url');
  if (nodePath === undefined || nodeUrl === undefined) return '';
  return nodePath.resolve(nodePath.dirname(nodeUrl.fileURLToPath(import.meta.url)), '../../..');
}

/** The shared data folder: env `ADAPTERS_DATA` (relative paths from the repository root), default `<repo>/../shared/data`. */
export function dataRoot(): string {
  return path.resolve(REPO_ROOT, globalThis.process?.env.ADAPTERS_DATA ?? '../shared/data');
}

/** The GLUE data folder (`$GLUE_DIR`): `<data>/glue`. */
export function glueDataRoot(): string {
  return path.join(dataRoot(), 'glue');
}
