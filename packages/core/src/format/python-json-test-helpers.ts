// Helpers shared by the format and config tests (not exported from the package): fixture discovery.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Golden fixtures folder: env ADAPTERS_FIXTURES, else `../shared/fixtures` beside the repository. */
export const FIXTURES_FOLDER = path.resolve(repositoryRoot, process.env.ADAPTERS_FIXTURES ?? '../shared/fixtures');

/** The JSON files the Python library writes with `json.dump(indent=2, sort_keys=True)`. */
export const LIBRARY_JSON_NAMES: readonly string[] = ['adapter_config.json', 'head_config.json', 'adapter_fusion_config.json'];

/** Every file under `folder` whose name is in `names`, sorted. */
export function findFilesNamed(folder: string, names: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const child = path.join(folder, name);
    if (statSync(child).isDirectory()) found.push(...findFilesNamed(child, names));
    else if (names.includes(name)) found.push(child);
  }
  return found.sort();
}
