// Checks of one block's own arguments (children present, per-child sizes and weights), shared by the
// constructors and by validateSetup, which also sees hand-written block literals.
import { CompositionError } from '../errors/composition-error';
import { LIBRARY_BLOCK_NAMES, isCompositionBlock, type AdapterSetup, type BlockKind, type CompositionBlock } from './composition-block';
import { describeSetup } from './describe-setup';

/** Tolerance for "stored normalised weights sum to 1" in hand-written Average literals. */
const NORMALISED_SUM_TOLERANCE = 1e-6;

/** Throws unless `children` is a non-empty list of adapter names and blocks. */
export function assertChildrenPresent(kind: BlockKind, children: readonly unknown[]): asserts children is readonly AdapterSetup[] {
  const blockName = LIBRARY_BLOCK_NAMES[kind];
  if (children.length === 0) {
    throw new CompositionError({
      block: blockName,
      message: `${blockName} must contain at least one child (an adapter name or a block), got ${blockName}[].`,
    });
  }
  for (const child of children) {
    if (typeof child === 'string' ? child.length > 0 : isCompositionBlock(child)) continue;
    const childText = typeof child === 'string' ? '""' : safeJson(child);
    throw new CompositionError({
      block: blockName,
      child: childText,
      message: `${blockName} children must be adapter names (non-empty strings) or composition blocks, got ${childText}.`,
    });
  }
}

/**
 * `splits` / `batch_sizes` as one positive integer per child. A single integer is repeated for every child,
 * as the library does; a list must have one entry per child.
 */
export function resolveSizes(
  kind: 'split' | 'batch-split',
  sizes: number | readonly number[] | undefined,
  childCount: number,
  context?: string,
): number[] {
  const blockName = LIBRARY_BLOCK_NAMES[kind];
  const field = kind === 'split' ? 'splits' : 'batch sizes';
  const where = context === undefined ? blockName : context;
  if (sizes === undefined || sizes === null) {
    throw new CompositionError({
      block: blockName,
      message: `${where} needs ${field}: one positive integer per child, or one integer for all ${childCount} children.`,
    });
  }
  const list = typeof sizes === 'number' ? Array.from({ length: childCount }, () => sizes) : Array.isArray(sizes) ? [...sizes] : undefined;
  if (list === undefined) {
    throw new CompositionError({ block: blockName, message: `${where} ${field} must be an integer or a list of integers, got ${safeJson(sizes)}.` });
  }
  if (list.length !== childCount) {
    throw new CompositionError({
      block: blockName,
      message: `${where} has ${list.length} ${field} for ${childCount} children; give one per child or a single integer.`,
    });
  }
  if (!list.every((size) => Number.isInteger(size) && size > 0)) {
    throw new CompositionError({ block: blockName, message: `${where} ${field} must be positive integers, got ${safeJson(list)}.` });
  }
  return list;
}

/** Throws unless the raw `Average` weights can be used (and normalised) for `childCount` children. */
export function assertAverageWeights(weights: readonly number[] | undefined, childCount: number, normalize: boolean, context?: string): void {
  const where = context ?? 'Average';
  if (weights === undefined) return;
  if (!Array.isArray(weights) || !weights.every((weight) => typeof weight === 'number' && Number.isFinite(weight))) {
    throw new CompositionError({ block: 'Average', message: `${where} weights must be a list of finite numbers, got ${safeJson(weights)}.` });
  }
  if (weights.length !== childCount) {
    throw new CompositionError({
      block: 'Average',
      message: `${where} has ${weights.length} weights for ${childCount} children; give one weight per child.`,
    });
  }
  if (normalize && weights.reduce((total, weight) => total + weight, 0) === 0) {
    throw new CompositionError({ block: 'Average', message: `${where} weights ${safeJson(weights)} sum to 0, so they cannot be normalised.` });
  }
}

/**
 * Every local argument of an existing block: children present, sizes and weights consistent with them.
 * Catches hand-written literals the constructors never saw.
 */
export function assertBlockArguments(block: CompositionBlock): void {
  assertChildrenPresent(block.kind, block.children);
  const context = describeSetup(block);
  const childCount = block.children.length;
  switch (block.kind) {
    case 'split':
      if (!Array.isArray(block.splits)) resolveSizes('split', undefined, childCount, context);
      resolveSizes('split', block.splits, childCount, context);
      break;
    case 'batch-split':
      if (!Array.isArray(block.batchSizes)) resolveSizes('batch-split', undefined, childCount, context);
      resolveSizes('batch-split', block.batchSizes, childCount, context);
      break;
    case 'average': {
      if (!Array.isArray(block.weights)) {
        throw new CompositionError({ block: 'Average', message: `${context} needs its weights list (one number per child).` });
      }
      assertAverageWeights(block.weights, childCount, false, context);
      const sum = block.weights.reduce((total, weight) => total + weight, 0);
      if (block.normalizeWeights && Math.abs(sum - 1) > NORMALISED_SUM_TOLERANCE) {
        throw new CompositionError({
          block: 'Average',
          message: `${context} has normalizeWeights set but its weights ${safeJson(block.weights)} sum to ${sum}; build it with Average(...) so the weights are normalised.`,
        });
      }
      break;
    }
    case 'fuse':
      if (typeof block.name !== 'string' || block.name.length === 0) {
        throw new CompositionError({ block: 'Fuse', message: `${context} needs a non-empty fusion name, got ${safeJson(block.name)}.` });
      }
      break;
    case 'stack':
    case 'parallel':
      break;
  }
}

/** JSON text for messages; never throws. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
