import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { resolveEncodeOptions } from './encode-options';

describe('resolveEncodeOptions (HF defaulting rules)', () => {
  it('defaults to special tokens, no truncation, no padding', () => {
    expect(resolveEncodeOptions({}, 512)).toEqual({ addSpecialTokens: true, truncation: 'do_not_truncate', padding: 'do_not_pad', maxLength: undefined, returnOffsets: false });
  });

  it('turns on longest_first for a bare maxLength, but not when padding is asked for', () => {
    expect(resolveEncodeOptions({ maxLength: 8 }, undefined).truncation).toBe('longest_first');
    expect(resolveEncodeOptions({ maxLength: 8, padding: 'max_length' }, undefined).truncation).toBe('do_not_truncate');
  });

  it('maps booleans and falls back to modelMaxLength', () => {
    expect(resolveEncodeOptions({ truncation: true, padding: true }, 512)).toMatchObject({ truncation: 'longest_first', padding: 'longest', maxLength: 512 });
    expect(resolveEncodeOptions({ truncation: true }, undefined).maxLength).toBeUndefined();
  });

  it('rejects bad values', () => {
    expect(() => resolveEncodeOptions({ maxLength: 0 }, undefined)).toThrow(TokenizerError);
    expect(() => resolveEncodeOptions({ maxLength: 2.5 }, undefined)).toThrow(/maxLength/);
    expect(() => resolveEncodeOptions({ padding: 'max_length' }, undefined)).toThrow(/needs maxLength/);
    expect(() => resolveEncodeOptions({ truncation: 'sideways' as never }, undefined)).toThrow(/truncation must be/);
    expect(() => resolveEncodeOptions({ padding: 'most' as never }, undefined)).toThrow(/padding must be/);
  });
});
