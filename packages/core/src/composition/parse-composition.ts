import { CompositionError } from '../errors/composition-error';
import { safeJson } from './block-arguments';
import { Fuse, Stack } from './block-constructors';
import { isCompositionBlock, type AdapterSetup, type CompositionBlock } from './composition-block';
import { isCompositionExpression, parseCompositionExpression } from './composition-expression';
import { compositionFromDict, isLibraryDict } from './library-dict';
import { validateSetup, type ValidateSetupOptions } from './validate-setup';

export type ParseCompositionOptions = ValidateSetupOptions;

/**
 * Any accepted way of writing a setup, turned into a validated block: the library's `parse_composition`.
 *
 * - `null`, `undefined`, `''` or `[]`: nothing active, returns `null`.
 * - A bare name at the top level becomes `Stack(name)` (the library always wraps it).
 * - An existing block is validated and returned as is.
 * - An expression object (`{"stack": [...]}`, ...) or a library `to_dict()` object (`{"type": "Stack", ...}`).
 * - A plain list, the library's backwards-compatible rule: a list at level 0 becomes a `Stack`, a list nested
 *   at level 1 a `Fuse`, deeper lists a `Stack`. So `["a", "b"]` is `Stack(a, b)`, `[["a", "b"]]` is
 *   `Stack(Fuse(a, b))`, and `[["a"], ["b"]]` is `Stack(Fuse(a), Fuse(b))` (a one-adapter fusion each).
 *   This is NOT the v1 ("seed-era") meaning, where `["a", "b"]` was a fusion of a and b and `[["a"], ["b"]]`
 *   a stack of a then b (spec A.10 / I.13); read old `adapter_names` with `parseLegacyAdapterNames` instead.
 *
 * The result is checked with `validateSetup` (nesting, depth, arguments, and names / model type when given).
 */
export function parseComposition(value: unknown, options: ParseCompositionOptions = {}): CompositionBlock | null {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  const parsed = parseAtLevel(value, 0);
  const block = typeof parsed === 'string' ? Stack(parsed) : parsed;
  validateSetup(block, options);
  return block;
}

function parseAtLevel(value: unknown, level: number): AdapterSetup {
  if (typeof value === 'string') return level === 0 ? Stack(value) : value;
  if (isCompositionBlock(value)) return value;
  if (Array.isArray(value)) {
    const children = value.map((item) => parseAtLevel(item, level + 1));
    return level === 1 ? Fuse(...children) : Stack(...children);
  }
  if (isLibraryDict(value)) return compositionFromDict(value);
  if (isCompositionExpression(value)) return parseCompositionExpression(value);
  throw new CompositionError({
    block: 'AdapterSetup',
    message: `Cannot read an adapter setup from ${safeJson(value)}: expected an adapter name, a composition block, a list of names, an expression like {"stack": ["a"]} or a library dict like {"type": "Stack", "children": [...]}.`,
  });
}
