import { describe, expect, it } from 'vitest';
import { Fuse, Stack } from './block-constructors';
import { catchCompositionError } from './composition-test-helpers';
import { normalizeLegacyAdapterNames, parseLegacyAdapterNames } from './legacy-adapter-names';
import { parseComposition } from './parse-composition';

describe('v1 adapter_names (outer list = stack, inner list = fuse)', () => {
  it.each([
    ['a', [['a']], Stack('a')],
    [['a', 'b'], [['a', 'b']], Stack(Fuse('a', 'b'))],
    [[['a'], ['b']], [['a'], ['b']], Stack('a', 'b')],
    [[['lang'], ['a', 'b']], [['lang'], ['a', 'b']], Stack('lang', Fuse('a', 'b'))],
  ])('%j', (value, normalised, block) => {
    expect(normalizeLegacyAdapterNames(value)).toEqual(normalised);
    expect(parseLegacyAdapterNames(value)).toEqual(block);
  });

  it('differs from the current library reading of the same lists (spec I.13)', () => {
    expect(parseLegacyAdapterNames(['lang', 'task'])).toEqual(Stack(Fuse('lang', 'task')));
    expect(parseComposition(['lang', 'task'])).toEqual(Stack('lang', 'task'));
    expect(parseLegacyAdapterNames([['a'], ['b']])).toEqual(Stack('a', 'b'));
    expect(parseComposition([['a'], ['b']])).toEqual(Stack(Fuse('a'), Fuse('b')));
  });

  it('returns null when nothing is active', () => {
    for (const empty of [null, undefined, '', []]) {
      expect(normalizeLegacyAdapterNames(empty)).toBeNull();
      expect(parseLegacyAdapterNames(empty)).toBeNull();
    }
  });

  it('rejects shapes v1 could not run', () => {
    for (const value of [[['a'], 'b'], [['a', ['b']]], [[]], [['a', '']], 7]) {
      const error = catchCompositionError(() => normalizeLegacyAdapterNames(value));
      expect(error.block).toBe('adapter_names');
      expect(error.message).toContain('v1 adapter_names');
    }
  });

  it('checks names against the available adapters', () => {
    expect(parseLegacyAdapterNames(['a', 'b'], { available: ['a', 'b'] })).toEqual(Stack(Fuse('a', 'b')));
    expect(catchCompositionError(() => parseLegacyAdapterNames([['a'], ['c']], { available: ['a', 'b'] })).child).toBe('c');
  });
});
