import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { TINY_WORDPIECE_VOCAB } from '../testing/tiny-vocabularies';
import { BertTokenizer } from '../wordpiece/bert-tokenizer';

const tokenizer = BertTokenizer.fromVocab(TINY_WORDPIECE_VOCAB, { modelMaxLength: 12 });
const words = (count: number, from = 0): string => ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'].slice(from, from + count).join(' ');

describe('PipelineTokenizer', () => {
  describe('offsets and sequence ids', () => {
    it('points every token at its text and specials at [0, 0]', () => {
      const text = 'Hello,  world!';
      const pair = 'the cafes';
      const encoding = tokenizer.encode(text, pair, { returnOffsets: true });
      expect(encoding.tokens).toEqual(['[CLS]', 'hello', ',', 'world', '!', '[SEP]', 'the', 'cafe', '##s', '[SEP]']);
      expect(encoding.offsets).toEqual([[0, 0], [0, 5], [5, 6], [8, 13], [13, 14], [0, 0], [0, 3], [4, 8], [8, 9], [0, 0]]);
      expect(encoding.sequenceIds).toEqual([null, 0, 0, 0, 0, null, 1, 1, 1, null]);
      encoding.offsets?.forEach(([start, end], index) => {
        const source = encoding.sequenceIds?.[index] === 1 ? pair : text;
        if (encoding.sequenceIds?.[index] !== null) expect(source.slice(start, end).toLowerCase().startsWith(encoding.tokens[index]?.replace('##', '') ?? '')).toBe(true);
      });
    });

    it('counts offsets in UTF-16 code units', () => {
      const encoding = tokenizer.encode('😀 hello', null, { returnOffsets: true });
      expect(encoding.offsets).toEqual([[0, 0], [0, 2], [3, 8], [0, 0]]);
    });

    it('omits offsets unless asked', () => {
      expect(tokenizer.encode('hello').offsets).toBeUndefined();
    });
  });

  describe('truncation', () => {
    it('longest_first removes from the longer side, from the second on a tie', () => {
      const encoding = tokenizer.encode(words(4), words(4, 4), { maxLength: 9, truncation: 'longest_first' });
      expect(encoding.tokens).toEqual(['[CLS]', 'one', 'two', 'three', '[SEP]', 'five', 'six', 'seven', '[SEP]']);
      expect(tokenizer.encode(words(4), words(4, 4), { maxLength: 10 }).tokens).toEqual(['[CLS]', 'one', 'two', 'three', 'four', '[SEP]', 'five', 'six', 'seven', '[SEP]']);
    });

    it('only_first and only_second keep the other sequence whole', () => {
      expect(tokenizer.encode(words(4), words(3, 4), { maxLength: 8, truncation: 'only_first' }).tokens).toEqual(['[CLS]', 'one', 'two', '[SEP]', 'five', 'six', 'seven', '[SEP]']);
      expect(tokenizer.encode(words(4), words(3, 4), { maxLength: 8, truncation: 'only_second' }).tokens).toEqual(['[CLS]', 'one', 'two', 'three', 'four', '[SEP]', 'five', '[SEP]']);
    });

    it('throws when the strategy cannot reach maxLength', () => {
      expect(() => tokenizer.encode(words(1), words(6), { maxLength: 6, truncation: 'only_first' })).toThrow(TokenizerError);
      expect(() => tokenizer.encode(words(6), words(1), { maxLength: 6, truncation: 'only_second' })).toThrow(/only_second/);
      expect(() => tokenizer.encode(words(6), null, { maxLength: 6, truncation: 'only_second' })).toThrow(/needs a pair/);
      expect(() => tokenizer.encode(words(2), null, { maxLength: 2, truncation: true })).toThrow(TokenizerError);
    });

    it('falls back to modelMaxLength', () => {
      expect(tokenizer.encode(words(8).repeat(3), null, { truncation: true }).tokens).toHaveLength(12);
    });

    it('counts the special tokens only when they are added', () => {
      expect(tokenizer.encode(words(5), null, { maxLength: 3, addSpecialTokens: false }).tokens).toEqual(['one', 'two', 'three']);
      expect(tokenizer.encode('hello', 'world', { addSpecialTokens: false }).tokenTypeIds).toEqual([0, 0]);
    });
  });

  describe('padding', () => {
    it('pads to max_length with [PAD], mask 0, type 0, offsets [0, 0], sequence id null', () => {
      const encoding = tokenizer.encode('hello', 'world', { maxLength: 8, padding: 'max_length', returnOffsets: true });
      expect(encoding.tokens).toEqual(['[CLS]', 'hello', '[SEP]', 'world', '[SEP]', '[PAD]', '[PAD]', '[PAD]']);
      expect(encoding.inputIds.slice(5)).toEqual([0, 0, 0]);
      expect(encoding.attentionMask).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
      expect(encoding.tokenTypeIds).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
      expect(encoding.offsets?.slice(5)).toEqual([[0, 0], [0, 0], [0, 0]]);
      expect(encoding.sequenceIds?.slice(5)).toEqual([null, null, null]);
    });

    it('pads a batch to its longest encoding', () => {
      const batch = tokenizer.encodeBatch([['hello'], ['hello world', 'the cafe'], 'one two'], { padding: 'longest' });
      expect(batch.map((encoding) => encoding.tokens.length)).toEqual([7, 7, 7]);
      expect(batch.map((encoding) => encoding.attentionMask)).toEqual([
        [1, 1, 1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 0, 0, 0],
      ]);
      expect(tokenizer.encodeBatch([['hello'], ['one two']], { padding: true }).map((encoding) => encoding.inputIds.length)).toEqual([4, 4]);
    });

    it('truncates then pads inside a batch', () => {
      const batch = tokenizer.encodeBatch([[words(8)], ['one']], { maxLength: 5, truncation: true, padding: 'max_length' });
      expect(batch.map((encoding) => encoding.tokens)).toEqual([
        ['[CLS]', 'one', 'two', 'three', '[SEP]'],
        ['[CLS]', 'one', '[SEP]', '[PAD]', '[PAD]'],
      ]);
    });

    it('pads on the left when configured', () => {
      const left = BertTokenizer.fromVocab(TINY_WORDPIECE_VOCAB, { paddingSide: 'left' });
      expect(left.encode('hello', null, { maxLength: 5, padding: 'max_length' }).tokens).toEqual(['[PAD]', '[PAD]', '[CLS]', 'hello', '[SEP]']);
    });

    it('never pads a single encode for padding longest', () => {
      expect(tokenizer.encode('hello', null, { padding: 'longest' }).tokens).toHaveLength(3);
    });
  });

  describe('vocabulary access and decoding', () => {
    it('maps tokens and ids both ways', () => {
      expect(tokenizer.tokenToId('hello')).toBe(5);
      expect(tokenizer.idToToken(5)).toBe('hello');
      expect(tokenizer.tokenToId('nope')).toBeUndefined();
      expect(tokenizer.idToToken(-1)).toBeUndefined();
      expect(tokenizer.idToToken(999)).toBeUndefined();
      expect(tokenizer.vocabSize).toBe(30);
      expect(tokenizer.numSpecialTokensToAdd(true)).toBe(3);
    });

    it('rejects unknown ids and non-string text', () => {
      expect(() => tokenizer.decode([5, 999])).toThrow(/id 999/);
      expect(() => tokenizer.encode(42 as unknown as string)).toThrow(TokenizerError);
      expect(() => tokenizer.encode('a', 42 as unknown as string)).toThrow(/pair/);
    });
  });
});
