import { describe, expect, it } from 'vitest';
import { sharedTokenizer, tinyTokenizer } from '../testing/test-support';
import { tokenizerFingerprint } from './tokenizer-fingerprint';

describe('tokenizerFingerprint', () => {
  it('is stable for one tokenizer and names its vocab size', () => {
    const uncased = sharedTokenizer('bert-base-uncased');
    expect(tokenizerFingerprint(uncased)).toBe(tokenizerFingerprint(uncased));
    expect(tokenizerFingerprint(uncased)).toMatch(/^vocab30522-[0-9a-f]{16}$/);
  });

  it('tells apart tokenizers with other vocabularies', () => {
    const fingerprints = [sharedTokenizer('bert-base-uncased'), sharedTokenizer('bert-base-cased'), sharedTokenizer('roberta-base'), tinyTokenizer()].map(tokenizerFingerprint);
    expect(new Set(fingerprints).size).toBe(4);
  });

  it('tells apart two tokenizers that share a vocabulary but normalize differently', () => {
    const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'hello', 'Hello', 'world'];
    const base = {
      vocabSize: vocab.length,
      specialTokens: { pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', mask: '[MASK]' },
      tokenize: () => [],
      encodeBatch: () => [],
      decode: () => '',
      tokenToId: (token: string) => vocab.indexOf(token),
      idToToken: (id: number) => vocab[id],
    };
    const encodeWith = (id: number) => () => ({ tokens: [], inputIds: [2, id, 3], tokenTypeIds: [0, 0, 0], attentionMask: [1, 1, 1] });
    expect(tokenizerFingerprint({ ...base, encode: encodeWith(5) })).not.toBe(tokenizerFingerprint({ ...base, encode: encodeWith(6) }));
  });
});
