import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { parseMergesText } from './parse-merges';

describe('parseMergesText', () => {
  it('skips the version header and blank lines', () => {
    expect(parseMergesText('#version: 0.2\nĠ t\nh e\n\n')).toEqual([['Ġ', 't'], ['h', 'e']]);
    expect(parseMergesText('a b\r\nc d')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('names the file and line of a malformed merge', () => {
    expect(() => parseMergesText('#version: 0.2\na b\nabc\n', 'gpt2/merges.txt')).toThrow(TokenizerError);
    expect(() => parseMergesText('#version: 0.2\na b\nabc\n', 'gpt2/merges.txt')).toThrow(/gpt2\/merges\.txt: line 3/);
  });
});
