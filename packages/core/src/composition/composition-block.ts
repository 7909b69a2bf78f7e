// The data model of an adapter setup: adapter names and nested, frozen composition blocks.

/** The six composition blocks, in the kebab-case spelling used by this library. */
export type BlockKind = 'stack' | 'fuse' | 'parallel' | 'batch-split' | 'split' | 'average';

/** Every block kind, in the order the library declares its classes. */
export const BLOCK_KINDS: readonly BlockKind[] = Object.freeze(['stack', 'fuse', 'parallel', 'batch-split', 'split', 'average']);

/** The class name the Python library uses for each kind: it appears in `to_dict` output and in messages. */
export const LIBRARY_BLOCK_NAMES: Readonly<Record<BlockKind, LibraryBlockName>> = Object.freeze({
  stack: 'Stack',
  fuse: 'Fuse',
  parallel: 'Parallel',
  'batch-split': 'BatchSplit',
  split: 'Split',
  average: 'Average',
});

/** Library class names of the blocks (`AdapterCompositionBlock` subclasses in `composition.py`). */
export type LibraryBlockName = 'Stack' | 'Fuse' | 'Parallel' | 'BatchSplit' | 'Split' | 'Average';

/** What can be activated: one adapter name or a block. */
export type AdapterSetup = string | CompositionBlock;

/** Run the children one after another; each reads the previous one's output. */
export interface StackBlock {
  readonly kind: 'stack';
  readonly children: readonly AdapterSetup[];
}

/** AdapterFusion over the children; needs a fusion layer called `name`. */
export interface FuseBlock {
  readonly kind: 'fuse';
  readonly children: readonly AdapterSetup[];
  /** The fusion layer's name: the given one, else the children's names joined by commas (see `defaultFuseName`). */
  readonly name: string;
}

/** Replicate the batch once per child; child i sees copy i. */
export interface ParallelBlock {
  readonly kind: 'parallel';
  readonly children: readonly AdapterSetup[];
}

/** Route consecutive rows of the batch to the children: `batchSizes[i]` rows to child i. */
export interface BatchSplitBlock {
  readonly kind: 'batch-split';
  readonly children: readonly AdapterSetup[];
  readonly batchSizes: readonly number[];
}

/** Route consecutive sequence positions to the children: `splits[i]` tokens to child i. */
export interface SplitBlock {
  readonly kind: 'split';
  readonly children: readonly AdapterSetup[];
  readonly splits: readonly number[];
}

/**
 * Weighted mean of the children's outputs.
 *
 * `weights` are stored the way the library keeps (and serialises) them: already divided by their sum when
 * `normalizeWeights` is true, as given otherwise, and `1/N` each when none were given. See `averageWeights`
 * for the extra `1/N` factor the library applies on top of them.
 */
export interface AverageBlock {
  readonly kind: 'average';
  readonly children: readonly AdapterSetup[];
  readonly weights: readonly number[];
  readonly normalizeWeights: boolean;
}

export type CompositionBlock = StackBlock | FuseBlock | ParallelBlock | BatchSplitBlock | SplitBlock | AverageBlock;

/** True for a block object (anything with a known `kind` and a `children` array), false for names and other values. */
export function isCompositionBlock(value: unknown): value is CompositionBlock {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { kind?: unknown; children?: unknown };
  return (BLOCK_KINDS as readonly unknown[]).includes(candidate.kind) && Array.isArray(candidate.children);
}
