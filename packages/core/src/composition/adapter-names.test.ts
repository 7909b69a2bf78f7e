import { describe, expect, it } from 'vitest';
import { firstAdapter, flattenAdapterNames, lastAdapter } from './adapter-names';
import { Average, Fuse, Parallel, Split, Stack } from './block-constructors';

const setup = Stack('lang', Split({ splits: 2 }, Stack('x', 'y'), Average('a', 'lang')), Fuse('b', Stack('c', 'd')));

describe('adapter name helpers', () => {
  it('flattens every name once, in order of first appearance', () => {
    expect(flattenAdapterNames(setup)).toEqual(['lang', 'x', 'y', 'a', 'b', 'c', 'd']);
    expect(flattenAdapterNames('solo')).toEqual(['solo']);
  });

  it('follows first and last children like the library .first() / .last()', () => {
    expect(firstAdapter(setup)).toBe('lang');
    expect(lastAdapter(setup)).toBe('d');
    expect(firstAdapter(Parallel(Stack('p', 'q'), 'r'))).toBe('p');
    expect(lastAdapter('solo')).toBe('solo');
  });

  it('throws a RangeError on an empty hand-written block', () => {
    expect(() => firstAdapter({ kind: 'stack', children: [] })).toThrow(RangeError);
    expect(() => lastAdapter({ kind: 'stack', children: [] })).toThrow(RangeError);
  });
});
