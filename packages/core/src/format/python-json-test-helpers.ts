// Helpers shared by the format and config tests (not exported from the package): fixture discovery.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Golden fixtures folder: env ADAPTERS_FIXTURES, else `../shared/fixtures` beside the repository. */
export const FIXTURES_FOLDER = path.resolve(repositoryRoot, process.env.ADAPTERS_FIXTURES ?? '../shared/fixtures');

/** The JSON files the Python library writes with `json.dump(indent=2, sort_keys=True)`. */
export const LIBRARY_JSON_NAMES: readonly string[] = ['adapter_config.json', 'head_config.json', 'adapter_fusion_config.json'];

/**
 * Fixture cases that need features of open issues (the conformance runner's list in `tooling/test-utils`; core
 * cannot import that package, which depends on core). Sweeps over fixture files leave these cases out.
 */
export const PENDING_CASES: ReadonlySet<string> = new Set(
  (JSON.parse(readFileSync(path.join(repositoryRoot, 'tooling/test-utils/src/conformance/pending-cases.json'), 'utf8')) as { pending: string[] }).pending,
);

/** Every file named in `names` under the fixtures folder, outside pending cases. */
export function findFixtureFilesNamed(names: readonly string[]): string[] {
  return findFilesNamed(FIXTURES_FOLDER, names).filter((file) => !PENDING_CASES.has(path.relative(FIXTURES_FOLDER, file).split(path.sep)[0] ?? ''));
}

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
