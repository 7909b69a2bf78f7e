import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { TINY_BPE_MERGES, TINY_BPE_VOCAB } from '../testing/tiny-vocabularies';
import { vocabFolder } from '../testing/test-paths';
import { ByteLevelBpeTokenizer } from './byte-level-bpe-tokenizer';

function read(folder: string, file: string): string {
  return readFileSync(path.join(folder, file), 'utf8');
}

// Golden tables (text → tokens → ids → decoded), checked against HF transformers' GPT2Tokenizer / RobertaTokenizer.
const GPT2_TABLE = [
  { text: 'Hello world', tokens: ['Hello', 'Ġworld'], ids: [15496, 995] },
  { text: "It's a café!", tokens: ['It', "'s", 'Ġa', 'ĠcafÃ©', '!'], ids: [1026, 338, 257, 40304, 0] },
  { text: ' two  spaces', tokens: ['Ġtwo', 'Ġ', 'Ġspaces'], ids: [734, 220, 9029] },
  { text: 'emoji 😀', tokens: ['em', 'oji', 'ĠðŁĺ', 'Ģ'], ids: [368, 31370, 30325, 222] },
  { text: 'line\nbreak', tokens: ['line', 'Ċ', 'break'], ids: [1370, 198, 9032] },
];

const ROBERTA_TABLE = [
  { text: 'Hello world', tokens: ['Hello', 'Ġworld'], ids: [0, 31414, 232, 2], decoded: '<s>Hello world</s>' },
  { text: 'Hello <mask>!', tokens: ['Hello', '<mask>', '!'], ids: [0, 31414, 50264, 328, 2], decoded: '<s>Hello<mask>!</s>' },
];

describe('ByteLevelBpeTokenizer', () => {
  describe('gpt2 golden table', () => {
    const folder = vocabFolder('gpt2');
    const tokenizer = ByteLevelBpeTokenizer.fromVocabAndMerges(read(folder, 'vocab.json'), read(folder, 'merges.txt'));
    it.each(GPT2_TABLE)('$text', ({ text, tokens, ids }) => {
      expect(tokenizer.tokenize(text)).toEqual(tokens);
      expect(tokenizer.encode(text).inputIds).toEqual(ids);
      expect(tokenizer.decode(ids)).toBe(text);
    });
    it('adds no special tokens and pads with <|endoftext|>', () => {
      expect(tokenizer.flavor).toBe('gpt2');
      expect(tokenizer.vocabSize).toBe(50257);
      expect(tokenizer.specialTokens).toEqual({ pad: '<|endoftext|>', unk: '<|endoftext|>', bos: '<|endoftext|>', eos: '<|endoftext|>' });
      const encoding = tokenizer.encode('Hello world', 'again', { padding: 'max_length', maxLength: 5 });
      expect(encoding.inputIds).toEqual([15496, 995, 17776, 50256, 50256]);
      expect(encoding.tokenTypeIds).toEqual([0, 0, 1, 0, 0]);
      expect(encoding.attentionMask).toEqual([1, 1, 1, 0, 0]);
    });
    it('keeps the spaces in offsets (trim_offsets false)', () => {
      expect(tokenizer.encode('Hello world', null, { returnOffsets: true }).offsets).toEqual([[0, 5], [5, 11]]);
    });
  });

  describe('roberta-base golden table', () => {
    const folder = vocabFolder('roberta-base');
    const tokenizer = ByteLevelBpeTokenizer.fromVocabAndMerges(read(folder, 'vocab.json'), read(folder, 'merges.txt'));
    it.each(ROBERTA_TABLE)('$text', ({ text, tokens, ids, decoded }) => {
      expect(tokenizer.tokenize(text)).toEqual(tokens);
      expect(tokenizer.encode(text).inputIds).toEqual(ids);
      expect(tokenizer.decode(ids)).toBe(decoded);
    });
    it('builds <s> A </s></s> B </s> with token types all 0', () => {
      expect(tokenizer.flavor).toBe('roberta');
      const encoding = tokenizer.encode('Hello', 'world');
      expect(encoding.inputIds).toEqual([0, 31414, 2, 2, 8331, 2]);
      expect(encoding.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0]);
      expect(encoding.sequenceIds).toEqual([null, 0, null, null, 1, null]);
    });
    it('trims spaces from offsets', () => {
      expect(tokenizer.encode('Hello world', null, { returnOffsets: true }).offsets).toEqual([[0, 0], [0, 5], [6, 11], [0, 0]]);
    });
    it('has the RoBERTa special tokens', () => {
      expect(tokenizer.specialTokens).toEqual({ pad: '<pad>', unk: '<unk>', cls: '<s>', sep: '</s>', mask: '<mask>', bos: '<s>', eos: '</s>' });
      expect(tokenizer.vocabSize).toBe(50265);
    });
  });

  describe('with a tiny vocabulary', () => {
    it('merges by rank', () => {
      const tokenizer = ByteLevelBpeTokenizer.fromVocabAndMerges(TINY_BPE_VOCAB, TINY_BPE_MERGES);
      expect(tokenizer.tokenize('hello world lower')).toEqual(['hello', 'Ġworld', 'Ġ', 'lower']);
      expect(tokenizer.encode('hello world!').inputIds).toEqual([0, 16, 21, 12, 2]);
    });

    it('adds a prefix space when asked, with offsets that stay inside the text', () => {
      const tokenizer = ByteLevelBpeTokenizer.fromVocabAndMerges(TINY_BPE_VOCAB, TINY_BPE_MERGES, { addPrefixSpace: true, flavor: 'gpt2' });
      const encoding = tokenizer.encode('world', null, { returnOffsets: true });
      expect(encoding.tokens).toEqual(['Ġworld']);
      expect(encoding.offsets).toEqual([[0, 5]]);
    });

    it('names vocab.json when it is malformed', () => {
      expect(() => ByteLevelBpeTokenizer.fromVocabAndMerges('{"a": ', TINY_BPE_MERGES)).toThrow(/vocab\.json: malformed JSON/);
      expect(() => ByteLevelBpeTokenizer.fromVocabAndMerges('[1, 2]', TINY_BPE_MERGES)).toThrow(TokenizerError);
    });
  });

  describe('fromTokenizerJson', () => {
    const json = {
      added_tokens: [
        { id: 0, content: '<s>', special: true },
        { id: 2, content: '</s>', special: true },
        { id: 26, content: '<mask>', special: true, lstrip: true },
      ],
      normalizer: null,
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true },
      post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
      decoder: { type: 'ByteLevel' },
      model: { vocab: TINY_BPE_VOCAB, merges: TINY_BPE_MERGES.split('\n').slice(1, -1).map((line) => line.split(' ')) },
    };

    it('reads a model without a type, merges as pairs, and lstrip added tokens', () => {
      const tokenizer = ByteLevelBpeTokenizer.fromTokenizerJson(json);
      expect(tokenizer.encode('hello <mask> world').tokens).toEqual(['<s>', 'hello', '<mask>', 'Ġworld', '</s>']);
    });

    it('rejects what it cannot run, naming the key', () => {
      expect(() => ByteLevelBpeTokenizer.fromTokenizerJson({ ...json, pre_tokenizer: { type: 'Whitespace' } })).toThrow(
        /tokenizer\.json: pre_tokenizer\.type: expected 'ByteLevel'/,
      );
      expect(() => ByteLevelBpeTokenizer.fromTokenizerJson({ ...json, model: { ...json.model, merges: ['a'] } })).toThrow(/model\.merges\[0\]/);
    });
  });
});
