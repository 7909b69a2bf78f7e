import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (three levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The golden fixtures folder: env `ADAPTERS_FIXTURES`, default `../shared/fixtures` next to the repo. */
export function fixturesRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_FIXTURES ?? '../shared/fixtures');
}

/** The shared data folder: env `ADAPTERS_DATA`, default `../shared/data`. */
export function dataRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_DATA ?? '../shared/data');
}

/** Folders saved by the Python `adapters` library itself: env `ADAPTERS_LIBRARY_OUTPUTS`, default `../shared/library-outputs`. */
export function libraryOutputsRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_LIBRARY_OUTPUTS ?? '../shared/library-outputs');
}
