import { describe, expect, it } from 'vitest';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import type { AdapterSetup } from './composition-block';
import { catchCompositionError } from './composition-test-helpers';

describe('Stack / Parallel', () => {
  it('build frozen plain data', () => {
    const block = Stack('a', Fuse('b', 'c'));
    expect(block).toEqual({ kind: 'stack', children: ['a', { kind: 'fuse', children: ['b', 'c'], name: 'b,c' }] });
    expect(Object.isFrozen(block)).toBe(true);
    expect(Object.isFrozen(block.children)).toBe(true);
    expect(Parallel('a', 'b')).toEqual({ kind: 'parallel', children: ['a', 'b'] });
  });

  it('reject empty blocks and children that are neither names nor blocks', () => {
    const empty = catchCompositionError(() => Stack());
    expect(empty.block).toBe('Stack');
    expect(empty.message).toContain('at least one child');
    expect(catchCompositionError(() => Parallel('')).child).toBe('""');
    expect(catchCompositionError(() => Stack(42 as unknown as AdapterSetup)).child).toBe('42');
    expect(catchCompositionError(() => Stack({ kind: 'nope', children: [] } as unknown as AdapterSetup)).block).toBe('Stack');
  });
});

describe('Fuse', () => {
  it('defaults its name to the comma-joined children, a Stack child giving its last adapter', () => {
    expect(Fuse('a', 'b', 'c').name).toBe('a,b,c');
    expect(Fuse(Stack('lang', 'x'), 'y').name).toBe('x,y');
  });

  it('takes an explicit name as a leading options object', () => {
    const block = Fuse({ name: 'my-fusion' }, 'a', 'b');
    expect(block).toEqual({ kind: 'fuse', children: ['a', 'b'], name: 'my-fusion' });
    expect(Fuse({}, 'a', 'b').name).toBe('a,b');
    expect(catchCompositionError(() => Fuse({ name: '' }, 'a')).block).toBe('Fuse');
    expect(catchCompositionError(() => Fuse({ name: 'only-options' })).message).toContain('at least one child');
  });
});

describe('BatchSplit / Split', () => {
  it('keep one size per child, repeating a single integer', () => {
    expect(BatchSplit({ batchSizes: [1, 3] }, 'a', 'b')).toEqual({ kind: 'batch-split', children: ['a', 'b'], batchSizes: [1, 3] });
    expect(BatchSplit({ batchSizes: 2 }, 'a', 'b', 'c').batchSizes).toEqual([2, 2, 2]);
    expect(Split({ splits: [6, 10] }, 'a', 'b').splits).toEqual([6, 10]);
    expect(Split({ splits: 8 }, 'a', 'b').splits).toEqual([8, 8]);
    expect(Object.isFrozen(Split({ splits: 8 }, 'a').splits)).toBe(true);
  });

  it('reject a count that does not match the children', () => {
    const error = catchCompositionError(() => BatchSplit({ batchSizes: [1, 2, 3] }, 'a', 'b'));
    expect(error.block).toBe('BatchSplit');
    expect(error.message).toContain('3 batch sizes for 2 children');
    expect(catchCompositionError(() => Split({ splits: [4] }, 'a', 'b')).message).toContain('1 splits for 2 children');
  });

  it.each([
    ['zero', [0, 4]],
    ['negative', [-1, 4]],
    ['fraction', [1.5, 4]],
    ['NaN', [Number.NaN, 4]],
  ])('reject %s sizes', (_label, sizes) => {
    expect(catchCompositionError(() => Split({ splits: sizes }, 'a', 'b')).message).toContain('positive integers');
    expect(catchCompositionError(() => BatchSplit({ batchSizes: sizes }, 'a', 'b')).message).toContain('positive integers');
  });

  it('require their options first', () => {
    const callWithoutOptions = Split as unknown as (...children: AdapterSetup[]) => unknown;
    expect(catchCompositionError(() => callWithoutOptions('a', 'b')).message).toContain('Split({ splits }, ...children)');
    expect(catchCompositionError(() => BatchSplit({} as { batchSizes: number }, 'a')).message).toContain('needs batch sizes');
  });
});

describe('Average', () => {
  it('normalises given weights by default, as the library stores them', () => {
    const block = Average({ weights: [2, 1] }, 'a', 'b');
    expect(block.weights).toEqual([2 / 3, 1 / 3]);
    expect(block.normalizeWeights).toBe(true);
    expect(Object.isFrozen(block.weights)).toBe(true);
  });

  it('defaults to 1/N each, whatever normalizeWeights says', () => {
    expect(Average('a', 'b', 'c').weights).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(Average({ normalizeWeights: false }, 'a', 'b').weights).toEqual([0.5, 0.5]);
  });

  it('keeps raw weights when normalizeWeights is false', () => {
    expect(Average({ weights: [2, 1], normalizeWeights: false }, 'a', 'b')).toEqual({
      kind: 'average',
      children: ['a', 'b'],
      weights: [2, 1],
      normalizeWeights: false,
    });
  });

  it('rejects weights that do not fit', () => {
    expect(catchCompositionError(() => Average({ weights: [1] }, 'a', 'b')).message).toContain('1 weights for 2 children');
    expect(catchCompositionError(() => Average({ weights: [1, -1] }, 'a', 'b')).message).toContain('sum to 0');
    expect(catchCompositionError(() => Average({ weights: [1, Number.POSITIVE_INFINITY] }, 'a', 'b')).message).toContain('finite');
    expect(() => Average({ weights: [1, -1], normalizeWeights: false }, 'a', 'b')).not.toThrow();
  });
});
