import { nodeModule } from '@adapters/core';

const path = nodeModule<typeof import('node:path')>('node:path');

/**
 * True when `value` is clearly meant as a file-system path rather than a hub id, so a missing folder is
 * reported as "no such folder" instead of being sent to the hub (`./bert`, `/models/bert`, `~/bert`,
 * `C:\bert`, `a/b/c`, `bert/`).
 */
export function looksLikePath(value: string): boolean {
  if (value.startsWith('.') || value.startsWith('/') || value.startsWith('~')) return true;
  if (value.includes('\\') || /^[A-Za-z]:/.test(value)) return true;
  if (value.endsWith('/') || value.endsWith(path.sep)) return true;
  // a hub id has at most one '/', so two separators can only be a path
  const separators = value.split('').filter((character) => character === '/' || character === path.sep).length;
  return separators >= 2;
}
