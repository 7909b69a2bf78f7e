import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { TINY_WORDPIECE_VOCAB } from '../testing/tiny-vocabularies';
import { vocabFolder } from '../testing/test-paths';
import { BertTokenizer } from './bert-tokenizer';

// Golden table (text → tokens → ids → decoded), checked against HF transformers' BertTokenizer.
const UNCASED_TABLE = [
  { text: 'Hello, world!', tokens: ['hello', ',', 'world', '!'], ids: [101, 7592, 1010, 2088, 999, 102], decoded: '[CLS] hello, world! [SEP]' },
  { text: 'The café served crème brûlée.', tokens: ['the', 'cafe', 'served', 'cr', '##eme', 'br', '##ule', '##e', '.'],
    ids: [101, 1996, 7668, 2366, 13675, 21382, 7987, 9307, 2063, 1012, 102], decoded: '[CLS] the cafe served creme brulee. [SEP]' },
  { text: 'unaffable', tokens: ['una', '##ffa', '##ble'], ids: [101, 14477, 20961, 3468, 102], decoded: '[CLS] unaffable [SEP]' },
  { text: "don't", tokens: ['don', "'", 't'], ids: [101, 2123, 1005, 1056, 102], decoded: "[CLS] don't [SEP]" },
];

const CASED_TABLE = [
  { text: 'Hello, world!', tokens: ['Hello', ',', 'world', '!'], ids: [101, 8667, 117, 1362, 106, 102] },
  { text: 'Zürich', tokens: ['Zürich'], ids: [101, 16592, 102] },
  { text: 'Café Naïve', tokens: ['Café', 'Na', '##ï', '##ve'], ids: [101, 21036, 11896, 28203, 2707, 102] },
];

describe('BertTokenizer', () => {
  describe('bert-base-uncased golden table', () => {
    const tokenizer = BertTokenizer.fromVocab(readFileSync(path.join(vocabFolder('bert-base-uncased'), 'vocab.txt'), 'utf8'));
    it.each(UNCASED_TABLE)('$text', ({ text, tokens, ids, decoded }) => {
      expect(tokenizer.tokenize(text)).toEqual(tokens);
      expect(tokenizer.encode(text).inputIds).toEqual(ids);
      expect(tokenizer.decode(ids)).toBe(decoded);
    });
    it('has the standard special tokens and size', () => {
      expect(tokenizer.vocabSize).toBe(30522);
      expect(tokenizer.specialTokens).toEqual({ pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', mask: '[MASK]' });
      expect([0, 100, 101, 102, 103].map((id) => tokenizer.idToToken(id))).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    });
  });

  describe('bert-base-cased golden table (no lower-casing, accents kept)', () => {
    const tokenizer = BertTokenizer.fromVocab(readFileSync(path.join(vocabFolder('bert-base-cased'), 'vocab.txt'), 'utf8'), { doLowerCase: false });
    it.each(CASED_TABLE)('$text', ({ text, tokens, ids }) => {
      expect(tokenizer.tokenize(text)).toEqual(tokens);
      expect(tokenizer.encode(text).inputIds).toEqual(ids);
    });
  });

  describe('with a tiny vocabulary', () => {
    const tokenizer = BertTokenizer.fromVocab(TINY_WORDPIECE_VOCAB);

    it('builds [CLS] A [SEP] B [SEP] with token types 0 then 1', () => {
      const encoding = tokenizer.encode('Hello', 'world!');
      expect(encoding.tokens).toEqual(['[CLS]', 'hello', '[SEP]', 'world', '!', '[SEP]']);
      expect(encoding.tokenTypeIds).toEqual([0, 0, 0, 1, 1, 1]);
      expect(encoding.sequenceIds).toEqual([null, 0, null, 1, 1, null]);
    });

    it('splits special tokens out of raw text, even inside words', () => {
      expect(tokenizer.tokenize('hello[MASK]world')).toEqual(['hello', '[MASK]', 'world']);
    });

    it('reports offsets into the original text, [0, 0] for specials', () => {
      const encoding = tokenizer.encode('Héllo, CAFÉS', null, { returnOffsets: true });
      expect(encoding.tokens).toEqual(['[CLS]', 'hello', ',', 'cafe', '##s', '[SEP]']);
      expect(encoding.offsets).toEqual([[0, 0], [0, 5], [5, 6], [7, 11], [11, 12], [0, 0]]);
    });

    it('adds missing special tokens with new ids, as HF does', () => {
      const custom = BertTokenizer.fromVocab(TINY_WORDPIECE_VOCAB, { additionalSpecialTokens: ['<new>'] });
      expect(custom.tokenToId('<new>')).toBe(30);
      expect(custom.vocabSize).toBe(31);
      expect(custom.tokenize('a<new>b')).toEqual(['a', '<new>', '[UNK]']);
    });

    it('decodes with and without special tokens', () => {
      const ids = tokenizer.encode('Hello, world!').inputIds;
      expect(tokenizer.decode(ids)).toBe('[CLS] hello, world! [SEP]');
      expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe('hello, world!');
    });
  });

  describe('fromTokenizerJson', () => {
    const json = {
      version: '1.0',
      added_tokens: [
        { id: 0, content: '[PAD]', special: true },
        { id: 1, content: '[UNK]', special: true },
        { id: 2, content: '[CLS]', special: true },
        { id: 3, content: '[SEP]', special: true },
      ],
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 6,
        vocab: { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, Hello: 4, hello: 5, '##s': 6 } },
    };

    it('reads normalizer, model limits and post-processor', () => {
      const tokenizer = BertTokenizer.fromTokenizerJson(json);
      expect(tokenizer.encode('Hello hellos helloss').tokens).toEqual(['[CLS]', 'Hello', 'hello', '##s', '[UNK]', '[SEP]']);
      expect(tokenizer.specialTokens).toEqual({ pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]' });
    });

    it('lets options override the file (tokenizer_config.json wins, as in HF)', () => {
      expect(BertTokenizer.fromTokenizerJson(json, { doLowerCase: true }).tokenize('Hello')).toEqual(['hello']);
    });

    it('reads TemplateProcessing', () => {
      const tokenizer = BertTokenizer.fromTokenizerJson({
        ...json,
        post_processor: {
          type: 'TemplateProcessing',
          single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
          pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
          special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
        },
      });
      const encoding = tokenizer.encode('hello', 'Hello');
      expect(encoding.inputIds).toEqual([5, 3, 4]);
      expect(encoding.tokenTypeIds).toEqual([0, 0, 1]);
    });

    it('names the file and the key on bad input', () => {
      expect(() => BertTokenizer.fromTokenizerJson({ ...json, normalizer: { type: 'NFKC' } })).toThrow(/tokenizer\.json: normalizer\.type: expected 'BertNormalizer'/);
      expect(() => BertTokenizer.fromTokenizerJson({ ...json, model: { ...json.model, vocab: { a: -1 } } })).toThrow(TokenizerError);
      expect(() => BertTokenizer.fromTokenizerJson({ ...json, model: { ...json.model, type: 'BPE' } }, {}, 'x/tokenizer.json')).toThrow(
        /x\/tokenizer\.json: model\.type: expected 'WordPiece', received "BPE"/,
      );
      expect(() => BertTokenizer.fromTokenizerJson(null)).toThrow(TokenizerError);
    });
  });
});
