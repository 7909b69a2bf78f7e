import { describe, expect, it } from 'vitest';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import { compositionToExpression, isCompositionExpression, parseCompositionExpression } from './composition-expression';
import { catchCompositionError } from './composition-test-helpers';

describe('composition expressions', () => {
  it('recognise exactly one block key', () => {
    expect(isCompositionExpression({ stack: ['a'] })).toBe(true);
    expect(isCompositionExpression({ fuse: ['a'], name: 'a' })).toBe(true);
    expect(isCompositionExpression({ stack: ['a'], fuse: ['b'] })).toBe(false);
    expect(isCompositionExpression(['a'])).toBe(false);
    expect(isCompositionExpression('a')).toBe(false);
  });

  it('keep a bare name a name (the top-level Stack wrap belongs to parseComposition)', () => {
    expect(parseCompositionExpression('a')).toBe('a');
  });

  it('read a plain list child as a Stack, like the library block constructors', () => {
    expect(parseCompositionExpression({ fuse: ['a', ['b', 'c']] })).toEqual(Fuse('a', Stack('b', 'c')));
  });

  it('accept a single integer for splits and batch sizes', () => {
    expect(parseCompositionExpression({ split: ['a', 'b'], splits: 3 })).toEqual(Split({ splits: [3, 3] }, 'a', 'b'));
    expect(parseCompositionExpression({ batch_split: ['a', 'b'], batch_sizes: 2 })).toEqual(BatchSplit({ batchSizes: 2 }, 'a', 'b'));
  });

  it('treat missing or null average weights as 1/N', () => {
    expect(parseCompositionExpression({ average: ['a', 'b'], weights: null })).toEqual(Average('a', 'b'));
  });

  it('reject unknown keys, missing sizes and non-list children', () => {
    expect(catchCompositionError(() => parseCompositionExpression({ stack: ['a'], name: 'x' })).message).toContain('does not take the key "name"');
    expect(catchCompositionError(() => parseCompositionExpression({ split: ['a', 'b'] })).message).toContain('needs splits');
    expect(catchCompositionError(() => parseCompositionExpression({ split: ['a', 'b'], splits: [1, 2, 3] })).message).toContain(
      '3 splits for 2 children',
    );
    expect(catchCompositionError(() => parseCompositionExpression({ parallel: 'a' })).block).toBe('parallel');
  });

  it('write setups back in the fixture form and read them again unchanged', () => {
    const setup = Stack(
      'lang',
      Parallel(Stack('x', 'y'), BatchSplit({ batchSizes: [1, 2] }, 'a', 'b')),
      Fuse({ name: 'mix' }, 'c', Stack('d', 'e')),
      Split({ splits: [4, 4] }, 'f', Average({ weights: [2, 1] }, 'g', 'h')),
    );
    const expression = compositionToExpression(setup);
    expect((expression as { stack: unknown[] }).stack[1]).toEqual({
      parallel: [{ stack: ['x', 'y'] }, { batch_split: ['a', 'b'], batch_sizes: [1, 2] }],
    });
    expect(parseCompositionExpression(JSON.parse(JSON.stringify(expression)))).toEqual(setup);
    expect(compositionToExpression(Fuse('a', 'b'))).toEqual({ fuse: ['a', 'b'], name: 'a,b' });
  });
});
