import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parsed `case.json` (fields of the fixture schema; unknown fields are kept). */
export interface FixtureCase {
  readonly case: string;
  readonly kind: 'forward' | 'gradients' | 'train' | 'fusion_regularization' | 'tokenizer' | string;
  readonly description?: string;
  readonly backbone?: string;
  readonly model_type?: string;
  readonly inputs?: string;
  readonly adapters?: ReadonlyArray<{ name: string; path: string; architecture?: string; based_on_preset?: string }>;
  readonly fusions?: ReadonlyArray<{ name: string; adapter_names: string[]; path: string; based_on_preset?: string }>;
  readonly heads?: ReadonlyArray<{ name: string; path: string; head_type?: string }>;
  readonly active_setup?: unknown;
  readonly active_setup_library?: unknown;
  readonly active_head?: string | string[] | null;
  readonly labels?: Record<string, unknown> | null;
  readonly label_dtypes?: Record<string, string> | null;
  readonly logits_positions?: Array<[number, number]>;
  readonly expected: string;
  readonly tolerance?: { atol: number; rtol: number };
  readonly trainable_parameters?: string[];
  readonly train?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface DiscoveredCase {
  readonly name: string;
  readonly folder: string;
  readonly spec: FixtureCase;
}

/** Every folder directly under `root` that holds a `case.json`, sorted by name. */
export function discoverCases(root: string): DiscoveredCase[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => {
      const folder = path.join(root, name);
      return statSync(folder).isDirectory() && existsSync(path.join(folder, 'case.json'));
    })
    .sort()
    .map((name) => {
      const folder = path.join(root, name);
      const spec = JSON.parse(readFileSync(path.join(folder, 'case.json'), 'utf8')) as FixtureCase;
      return { name, folder, spec };
    });
}

/** The repository's pending list: fixture cases that need features of open issues. */
export const PENDING_CASES_FILE = fileURLToPath(new URL('./pending-cases.json', import.meta.url));

/** The names in the pending list (cases that need features of later issues). */
export function readPendingList(file: string): Set<string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pending: string[] };
  return new Set(parsed.pending);
}

/**
 * The pending case names of the repository's list. Tests that sweep every fixture folder (file round trips,
 * config parity) leave these cases out; the conformance runner checks that they still fail.
 */
export function pendingCases(): Set<string> {
  return readPendingList(PENDING_CASES_FILE);
}
