// The library's own serialisation of a setup, `AdapterCompositionBlock.to_dict()` / `from_dict()`, as written
// to `adapter_setup.json` (spec E.3) and stored as `active_setup_library` in the fixtures.
import { CompositionError } from '../errors/composition-error';
import { safeJson } from './block-arguments';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import { LIBRARY_BLOCK_NAMES, type AdapterSetup, type CompositionBlock, type LibraryBlockName } from './composition-block';
import { defaultFuseName } from './fuse-name';

/** An adapter name as a child: `{"type": "single", "children": ["a"]}`. */
export interface LibrarySingleDict {
  type: 'single';
  children: [string];
}

/** Keyword arguments the library passes back to the block's constructor on load. */
export interface LibraryBlockKwargs {
  splits?: number[];
  batch_sizes?: number[];
  weights?: number[];
  normalize_weights?: boolean;
  name?: string;
}

/** A block: `{"type": "Stack", "children": [...], "kwargs": {...}}`; `kwargs` is left out when there are none. */
export interface LibraryBlockDict {
  type: LibraryBlockName;
  children: LibraryChildDict[];
  kwargs?: LibraryBlockKwargs;
}

export type LibraryChildDict = LibrarySingleDict | LibraryBlockDict;

/** Which kwargs each block's constructor accepts; anything else is a TypeError in Python, an error here. */
const ACCEPTED_KWARGS: Readonly<Record<LibraryBlockName, readonly (keyof LibraryBlockKwargs)[]>> = {
  Stack: [],
  Fuse: ['name'],
  Parallel: [],
  BatchSplit: ['batch_sizes'],
  Split: ['splits'],
  Average: ['weights', 'normalize_weights'],
};

/**
 * The library's `to_dict()` of a block: the same keys and values the Python library writes, so it
 * round-trips with `active_setup_library` and `adapter_setup.json`. Average weights are the stored
 * (normalised) ones, as the library serialises them.
 *
 * Two additions the library's writer lacks but its `from_dict` accepts (they are constructor kwargs), written
 * only when they differ from the default so ordinary setups serialise byte-for-byte like the library:
 * a Fuse `name` that is not the comma-joined default, and `normalize_weights: false` on an Average (the
 * library would otherwise re-normalise raw weights on load).
 */
export function compositionToDict(block: CompositionBlock): LibraryBlockDict {
  const result: LibraryBlockDict = {
    type: LIBRARY_BLOCK_NAMES[block.kind],
    children: block.children.map((child) => (typeof child === 'string' ? { type: 'single', children: [child] } : compositionToDict(child))),
  };
  const kwargs = blockKwargs(block);
  if (kwargs !== undefined) result.kwargs = kwargs;
  return result;
}

function blockKwargs(block: CompositionBlock): LibraryBlockKwargs | undefined {
  switch (block.kind) {
    case 'split':
      return { splits: [...block.splits] };
    case 'batch-split':
      return { batch_sizes: [...block.batchSizes] };
    case 'average':
      return block.normalizeWeights ? { weights: [...block.weights] } : { weights: [...block.weights], normalize_weights: false };
    case 'fuse':
      return block.name === defaultFuseName(block.children) ? undefined : { name: block.name };
    case 'stack':
    case 'parallel':
      return undefined;
  }
}

/** Whether `value` looks like a `to_dict()` entry (a `type` string and a `children` array). */
export function isLibraryDict(value: unknown): value is LibraryChildDict {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as { type?: unknown; children?: unknown };
  return typeof candidate.type === 'string' && Array.isArray(candidate.children);
}

/**
 * The library's `from_dict()`: a `single` entry gives its adapter name, a block entry is rebuilt through its
 * constructor with the saved kwargs, so Average weights are normalised again (a no-op on saved weights up to
 * rounding), exactly as on load in Python. Nesting depth is left to `validateSetup` / `parseComposition`.
 */
export function compositionFromDict(value: unknown): AdapterSetup {
  if (!isLibraryDict(value)) {
    throw new CompositionError({
      block: 'AdapterSetup',
      message: `Expected a library composition dict like {"type": "Stack", "children": [...]}, got ${safeJson(value)}.`,
    });
  }
  if (value.type === 'single') {
    const [name, ...extra] = value.children as unknown[];
    if (typeof name !== 'string' || name.length === 0 || extra.length > 0) {
      throw new CompositionError({
        block: 'single',
        child: safeJson(value.children),
        message: `A "single" entry holds exactly one adapter name, got children ${safeJson(value.children)}.`,
      });
    }
    return name;
  }
  const type = value.type as string;
  if (!Object.hasOwn(ACCEPTED_KWARGS, type)) {
    throw new CompositionError({
      block: type,
      message: `Unknown composition block type "${type}"; expected one of single, ${Object.keys(ACCEPTED_KWARGS).join(', ')}.`,
    });
  }
  const blockName = type as LibraryBlockName;
  const children = (value.children as unknown[]).map(compositionFromDict);
  const kwargs = readKwargs(blockName, (value as { kwargs?: unknown }).kwargs);
  switch (blockName) {
    case 'Stack':
      return Stack(...children);
    case 'Parallel':
      return Parallel(...children);
    case 'Fuse':
      return kwargs.name === undefined ? Fuse(...children) : Fuse({ name: kwargs.name }, ...children);
    case 'Split':
      return Split({ splits: kwargs.splits as number[] }, ...children);
    case 'BatchSplit':
      return BatchSplit({ batchSizes: kwargs.batch_sizes as number[] }, ...children);
    case 'Average':
      return Average({ weights: kwargs.weights ?? undefined, normalizeWeights: kwargs.normalize_weights }, ...children);
  }
}

function readKwargs(blockName: LibraryBlockName, kwargs: unknown): LibraryBlockKwargs {
  if (kwargs === undefined || kwargs === null) return {};
  if (typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw new CompositionError({ block: blockName, message: `${blockName} kwargs must be an object, got ${safeJson(kwargs)}.` });
  }
  const accepted = ACCEPTED_KWARGS[blockName];
  for (const key of Object.keys(kwargs)) {
    if (!(accepted as readonly string[]).includes(key)) {
      throw new CompositionError({
        block: blockName,
        message: `${blockName} does not take the keyword "${key}"; it accepts ${accepted.length === 0 ? 'no kwargs' : accepted.join(', ')}.`,
      });
    }
  }
  return kwargs as LibraryBlockKwargs;
}
