// The block constructors, named like the library's classes so setups read the same as in Python.
// Options, where a block has any, come FIRST: `BatchSplit({ batchSizes: [1, 3] }, 'a', 'b')`. An options
// object is told apart from a child because children are strings or blocks (objects with a `kind`).
import { CompositionError } from '../errors/composition-error';
import { assertNestingAllowed } from './allowed-nestings';
import { normalizeAverageWeights } from './average-weights';
import { assertAverageWeights, assertChildrenPresent, resolveSizes, safeJson } from './block-arguments';
import {
  isCompositionBlock,
  type AdapterSetup,
  type AverageBlock,
  type BatchSplitBlock,
  type BlockKind,
  type FuseBlock,
  type ParallelBlock,
  type SplitBlock,
  type StackBlock,
} from './composition-block';
import { defaultFuseName } from './fuse-name';

export interface FuseOptions {
  /** Name of the fusion layer to use; defaults to the children's names joined by commas. */
  readonly name?: string;
}

export interface BatchSplitOptions {
  /** Rows per child, or one count used for every child. */
  readonly batchSizes: number | readonly number[];
}

export interface SplitOptions {
  /** Sequence positions per child, or one length used for every child. */
  readonly splits: number | readonly number[];
}

export interface AverageOptions {
  /** One weight per child; defaults to 1/N each. */
  readonly weights?: readonly number[];
  /** Divide the weights by their sum (default true), as the library does before storing them. */
  readonly normalizeWeights?: boolean;
}

/** `Stack('a', 'b')`: run the children in order. */
export function Stack(...children: AdapterSetup[]): StackBlock {
  return Object.freeze({ kind: 'stack', children: checkedChildren('stack', children) });
}

/** `Fuse('a', 'b')` or `Fuse({ name: 'my-fusion' }, 'a', 'b')`: AdapterFusion over the children. */
export function Fuse(...children: AdapterSetup[]): FuseBlock;
export function Fuse(options: FuseOptions, ...children: AdapterSetup[]): FuseBlock;
export function Fuse(...items: (FuseOptions | AdapterSetup)[]): FuseBlock {
  const [options, rest] = splitOptions<FuseOptions>('fuse', items, {});
  const children = checkedChildren('fuse', rest);
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name.length === 0)) {
    throw new CompositionError({ block: 'Fuse', message: `Fuse name must be a non-empty string, got ${safeJson(options.name)}.` });
  }
  return Object.freeze({ kind: 'fuse', children, name: options.name ?? defaultFuseName(children) });
}

/** `Parallel('a', 'b')`: one copy of the batch per child. */
export function Parallel(...children: AdapterSetup[]): ParallelBlock {
  return Object.freeze({ kind: 'parallel', children: checkedChildren('parallel', children) });
}

/** `BatchSplit({ batchSizes: [1, 3] }, 'a', 'b')`: rows `[0,1)` through a, `[1,4)` through b. */
export function BatchSplit(options: BatchSplitOptions, ...children: AdapterSetup[]): BatchSplitBlock {
  const checked = checkedChildren('batch-split', children);
  const batchSizes = resolveSizes('batch-split', requireOptions('batch-split', options).batchSizes, checked.length);
  return Object.freeze({ kind: 'batch-split', children: checked, batchSizes: Object.freeze(batchSizes) });
}

/** `Split({ splits: [6, 10] }, 'a', 'b')`: tokens `[0,6)` through a, `[6,16)` through b. */
export function Split(options: SplitOptions, ...children: AdapterSetup[]): SplitBlock {
  const checked = checkedChildren('split', children);
  const splits = resolveSizes('split', requireOptions('split', options).splits, checked.length);
  return Object.freeze({ kind: 'split', children: checked, splits: Object.freeze(splits) });
}

/** `Average('a', 'b')` or `Average({ weights: [2, 1] }, 'a', 'b')`: weighted mean of the children (see `averageWeights`). */
export function Average(...children: AdapterSetup[]): AverageBlock;
export function Average(options: AverageOptions, ...children: AdapterSetup[]): AverageBlock;
export function Average(...items: (AverageOptions | AdapterSetup)[]): AverageBlock {
  const [options, rest] = splitOptions<AverageOptions>('average', items, {});
  const children = checkedChildren('average', rest);
  const normalizeWeights = options.normalizeWeights ?? true;
  if (typeof normalizeWeights !== 'boolean') {
    throw new CompositionError({ block: 'Average', message: `Average normalizeWeights must be a boolean, got ${safeJson(normalizeWeights)}.` });
  }
  assertAverageWeights(options.weights, children.length, normalizeWeights);
  const weights = normalizeAverageWeights(options.weights, children.length, normalizeWeights);
  return Object.freeze({ kind: 'average', children, weights: Object.freeze(weights), normalizeWeights });
}

/** Children checked for presence and direct nesting, frozen. Depth is checked by `validateSetup`. */
function checkedChildren(kind: BlockKind, children: readonly unknown[]): readonly AdapterSetup[] {
  assertChildrenPresent(kind, children);
  for (const child of children) assertNestingAllowed(kind, child);
  return Object.freeze([...children]);
}

/** Separates a leading options object (a plain object without `kind`) from the children. */
function splitOptions<Options>(kind: BlockKind, items: readonly unknown[], fallback: Options): [Options, unknown[]] {
  const [first, ...rest] = items;
  if (typeof first === 'object' && first !== null && !Array.isArray(first) && !isCompositionBlock(first)) {
    if ('kind' in first) assertChildrenPresent(kind, [first]);
    return [first as Options, rest];
  }
  return [fallback, [...items]];
}

function requireOptions<Options>(kind: 'split' | 'batch-split', options: Options): Options {
  if (typeof options === 'object' && options !== null && !isCompositionBlock(options)) return options;
  const field = kind === 'split' ? '{ splits }' : '{ batchSizes }';
  const name = kind === 'split' ? 'Split' : 'BatchSplit';
  throw new CompositionError({
    block: name,
    message: `${name} takes its options first: ${name}(${field}, ...children), got ${typeof options === 'string' ? `"${options}"` : safeJson(options)} as the first argument.`,
  });
}
