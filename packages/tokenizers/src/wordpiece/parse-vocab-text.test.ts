import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { parseVocabText } from './parse-vocab-text';

describe('parseVocabText', () => {
  it('numbers tokens by line, with or without a final newline or CRLF', () => {
    expect([...parseVocabText('[PAD]\nhello\n##s\n')]).toEqual([['[PAD]', 0], ['hello', 1], ['##s', 2]]);
    expect([...parseVocabText('a\r\nb')]).toEqual([['a', 0], ['b', 1]]);
  });

  it('rejects an empty file, naming it', () => {
    expect(() => parseVocabText('', 'my/vocab.txt')).toThrow(TokenizerError);
    expect(() => parseVocabText('', 'my/vocab.txt')).toThrow(/my\/vocab\.txt/);
  });
});
