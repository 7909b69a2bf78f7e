import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRoot } from '@adapters/test-utils';
import { loadBertTokenizer } from '../loading/load-tokenizer';

describe('long inputs', () => {
  it('tokenizes a multi-megabyte text in one call', () => {
    const tokenizer = loadBertTokenizer(path.join(dataRoot(), 'vocab/bert-base-uncased'));
    const text = 'the quick brown fox jumps over the lazy dog . '.repeat(40_000);
    const pieces = tokenizer.tokenize(text);
    expect(pieces).toHaveLength(40_000 * 10);
  });
});
