// Helpers shared by the composition tests (not exported from the package).
import { expect } from 'vitest';
import { CompositionError } from '../errors/composition-error';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import type { AdapterSetup, BlockKind, CompositionBlock } from './composition-block';

/** Runs `action`, asserts it threw a CompositionError and returns it for further checks. */
export function catchCompositionError(action: () => unknown): CompositionError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a CompositionError to be thrown').toBeInstanceOf(CompositionError);
  const error = thrown as CompositionError;
  expect(error.code).toBe('composition');
  return error;
}

/** A block of `kind` built with its constructor, with arguments that fit any number of children. */
export function buildBlock(kind: BlockKind, children: AdapterSetup[]): CompositionBlock {
  switch (kind) {
    case 'stack':
      return Stack(...children);
    case 'fuse':
      return Fuse(...children);
    case 'parallel':
      return Parallel(...children);
    case 'batch-split':
      return BatchSplit({ batchSizes: 2 }, ...children);
    case 'split':
      return Split({ splits: 4 }, ...children);
    case 'average':
      return Average(...children);
  }
}

/** The same block as a plain (unchecked) object literal, the way hand-written setups arrive. */
export function literalBlock(kind: BlockKind, children: AdapterSetup[]): CompositionBlock {
  switch (kind) {
    case 'stack':
    case 'parallel':
      return { kind, children };
    case 'fuse':
      return { kind, children, name: 'fusion' };
    case 'batch-split':
      return { kind, children, batchSizes: children.map(() => 2) };
    case 'split':
      return { kind, children, splits: children.map(() => 4) };
    case 'average':
      return { kind, children, weights: children.map(() => 1 / children.length), normalizeWeights: true };
  }
}
