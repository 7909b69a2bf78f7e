// The v1 ("seed-era", adapter-transformers 1.x) `adapter_names` argument: a list of lists where the outer list
// is the stack and each inner list the adapters fused at that level (spec A.10, quirk I.13).
import { CompositionError } from '../errors/composition-error';
import { safeJson } from './block-arguments';
import { Fuse, Stack } from './block-constructors';
import type { StackBlock } from './composition-block';
import { validateSetup, type ValidateSetupOptions } from './validate-setup';

/**
 * The v1 normal form (`parse_adapter_names`): `"a"` → `[["a"]]`; a list of names `["a", "b"]` → `[["a", "b"]]`
 * (ONE level fusing a and b, not a stack); a list of lists is kept. `null`, `''` and `[]` give `null`.
 */
export function normalizeLegacyAdapterNames(value: unknown): string[][] | null {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  let levels: unknown[];
  if (typeof value === 'string') levels = [[value]];
  else if (Array.isArray(value)) levels = typeof value[0] === 'string' ? [value] : value;
  else throw legacyError(value, 'a name, a list of names or a list of lists of names');
  return levels.map((level) => {
    if (!Array.isArray(level) || level.length === 0 || !level.every((name) => typeof name === 'string' && name.length > 0)) {
      throw legacyError(value, 'every level to be a non-empty list of adapter names (outer list = stack, inner list = fuse)');
    }
    return [...(level as string[])];
  });
}

/**
 * A v1 `adapter_names` value as a block: the outer list is a `Stack` of levels, a level with one name is that
 * adapter and a level with several is a `Fuse` of them. So `"a"` → `Stack(a)`, `["a", "b"]` → `Stack(Fuse(a, b))`
 * (the fusion that surprised v1 users who meant a stack, issue #159) and `[["a"], ["b"]]` → `Stack(a, b)`.
 * The top is always a Stack, like `parseComposition`; a one-level stack runs exactly like its only child.
 */
export function parseLegacyAdapterNames(value: unknown, options: ValidateSetupOptions = {}): StackBlock | null {
  const levels = normalizeLegacyAdapterNames(value);
  if (levels === null) return null;
  const block = Stack(...levels.map((level) => (level.length === 1 ? (level[0] as string) : Fuse(...level))));
  validateSetup(block, options);
  return block;
}

function legacyError(value: unknown, expected: string): CompositionError {
  const text = safeJson(value);
  return new CompositionError({
    block: 'adapter_names',
    child: text,
    message: `Cannot read v1 adapter_names ${text}: expected ${expected}.`,
  });
}
