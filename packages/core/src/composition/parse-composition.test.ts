import { describe, expect, it } from 'vitest';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import { catchCompositionError } from './composition-test-helpers';
import { parseComposition } from './parse-composition';

describe('parseComposition', () => {
  it('returns null when nothing is active', () => {
    for (const empty of [null, undefined, '', []]) expect(parseComposition(empty)).toBeNull();
  });

  it('wraps a bare name in a Stack, as the library always does', () => {
    expect(parseComposition('a')).toEqual(Stack('a'));
  });

  it('returns an existing block itself after validating it', () => {
    const block = Fuse('a', 'b');
    expect(parseComposition(block)).toBe(block);
    expect(catchCompositionError(() => parseComposition(Stack(Parallel(Average('a', 'b'), 'c')))).message).toContain('too deep');
  });

  describe('legacy lists (current library rule: level 0 list = Stack, level 1 list = Fuse)', () => {
    it.each([
      [['a', 'b'], Stack('a', 'b')],
      [[['a', 'b']], Stack(Fuse('a', 'b'))],
      [[['a'], ['b']], Stack(Fuse('a'), Fuse('b'))],
      [['lang', ['a', 'b', 'c']], Stack('lang', Fuse('a', 'b', 'c'))],
      [[['a', ['b', 'c']]], Stack(Fuse('a', Stack('b', 'c')))],
      [[Split({ splits: 2 }, 'a', 'b')], Stack(Split({ splits: 2 }, 'a', 'b'))],
    ])('%j', (value, expected) => {
      expect(parseComposition(value)).toEqual(expected);
    });

    it('rejects empty nested lists', () => {
      expect(catchCompositionError(() => parseComposition(['a', []])).block).toBe('Fuse');
    });
  });

  describe('fixture expressions', () => {
    it.each([
      [{ stack: ['a', 'b'] }, Stack('a', 'b')],
      [{ fuse: ['a', 'b', 'c'], name: 'a,b,c' }, Fuse('a', 'b', 'c')],
      [{ parallel: ['a', 'b'] }, Parallel('a', 'b')],
      [{ batch_split: ['a', 'b'], batch_sizes: [1, 3] }, BatchSplit({ batchSizes: [1, 3] }, 'a', 'b')],
      [{ split: ['a', 'b'], splits: [6, 10] }, Split({ splits: [6, 10] }, 'a', 'b')],
      [{ average: ['a', 'b'], weights: [2, 1], normalize_weights: true }, Average({ weights: [2, 1] }, 'a', 'b')],
      [{ stack: ['lang', { fuse: ['a', 'b'] }] }, Stack('lang', Fuse('a', 'b'))],
    ])('%j', (value, expected) => {
      expect(parseComposition(value)).toEqual(expected);
    });
  });

  it('reads the library to_dict form, a top-level single entry included', () => {
    expect(parseComposition({ type: 'Stack', children: [{ type: 'single', children: ['a'] }] })).toEqual(Stack('a'));
    expect(parseComposition({ type: 'single', children: ['a'] })).toEqual(Stack('a'));
  });

  it('validates names and model type when asked', () => {
    expect(parseComposition({ parallel: ['a', 'b'] }, { available: ['a', 'b'], modelType: 'bert' })).toEqual(Parallel('a', 'b'));
    expect(catchCompositionError(() => parseComposition('x', { available: ['a'] })).child).toBe('x');
    expect(catchCompositionError(() => parseComposition({ parallel: ['a', 'b'] }, { modelType: 'gpt_neox' })).block).toBe('Parallel');
  });

  it('reports forbidden nestings from any input form', () => {
    const error = catchCompositionError(() => parseComposition({ fuse: [{ parallel: ['a', 'b'] }, 'c'] }));
    expect(error.block).toBe('Fuse');
    expect(error.child).toBe('Parallel[a, b]');
    expect(error.message).toContain('Fuse cannot contain Parallel[a, b]');
  });

  it('rejects values that are no setup', () => {
    for (const value of [42, true, { type: 7 }, { nothing: [] }]) {
      expect(catchCompositionError(() => parseComposition(value)).block).toBe('AdapterSetup');
    }
  });
});
