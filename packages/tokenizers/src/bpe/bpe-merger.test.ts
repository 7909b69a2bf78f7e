import { describe, expect, it } from 'vitest';
import { createBpeMerger } from './bpe-merger';

describe('createBpeMerger', () => {
  it('merges the best-ranked pair first, everywhere it occurs', () => {
    const merger = createBpeMerger([['l', 'o'], ['lo', 'w'], ['e', 'r'], ['low', 'er']]);
    expect(merger.merge('lower')).toEqual(['lower']);
    expect(merger.merge('lowlow')).toEqual(['low', 'low']);
    expect(merger.merge('xlo')).toEqual(['x', 'lo']);
  });

  it('respects ranks over position', () => {
    const merger = createBpeMerger([['b', 'c'], ['a', 'b']]);
    expect(merger.merge('abc')).toEqual(['a', 'bc']);
  });

  it('merges overlapping pairs left to right', () => {
    expect(createBpeMerger([['a', 'a']]).merge('aaa')).toEqual(['aa', 'a']);
  });

  it('returns single characters when nothing merges, and caches results', () => {
    const merger = createBpeMerger([]);
    expect(merger.merge('xyz')).toEqual(['x', 'y', 'z']);
    expect(merger.merge('xyz')).toBe(merger.merge('xyz'));
    expect(merger.merge('')).toEqual([]);
  });
});
