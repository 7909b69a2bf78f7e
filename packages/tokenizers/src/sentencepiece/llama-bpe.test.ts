import { describe, expect, it } from 'vitest';
import { ByteLevelBpeTokenizer } from '../bpe/byte-level-bpe-tokenizer';
import { loadTokenizer } from '../loading/load-tokenizer';
import { tokenizerFromJson } from '../loading/tokenizer-from-json';
import { vocabFolder } from '../testing/test-paths';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer';

// A Llama-2-style tokenizer.json (as transformers' LlamaConverter writes it): <unk>=0, <s>=1, </s>=2, the 256
// byte pieces <0x00>..<0xFF> at 3..258, then BPE pieces; normalizer Prepend ▁ + spaces → ▁; no pre-tokenizer;
// BPE with byte_fallback and fuse_unk; post-processor `<s> $A`; decoder Replace/ByteFallback/Fuse/Strip.
const BYTES = Array.from({ length: 256 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
const PIECES = ['▁', 'h', 'e', 'l', 'o', '▁h', '▁he', 'll', 'llo', '▁hello', 'w', 'r', 'd', '▁w'];
const vocab: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
BYTES.forEach((piece, index) => (vocab[piece] = 3 + index));
PIECES.forEach((piece, index) => (vocab[piece] = 259 + index));
const id = (piece: string): number => vocab[piece]!;

const llamaJson = {
  version: '1.0',
  added_tokens: [
    { id: 0, content: '<unk>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    { id: 1, content: '<s>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    { id: 2, content: '</s>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  ],
  normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
  pre_tokenizer: null,
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
    pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<s>', type_id: 1 } }, { Sequence: { id: 'B', type_id: 1 } }],
    special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
  },
  decoder: {
    type: 'Sequence',
    decoders: [
      { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
      { type: 'ByteFallback' },
      { type: 'Fuse' },
      { type: 'Strip', content: ' ', start: 1, stop: 0 },
    ],
  },
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: '<unk>',
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: true,
    byte_fallback: true,
    vocab,
    // ranks: (▁,h) < (▁h,e) < (l,l) < (ll,o) < (▁he,llo) < (▁,w)
    merges: ['▁ h', '▁h e', 'l l', 'll o', '▁he llo', '▁ w'],
  },
};

describe('Llama-family tokenizer.json (BPE with byte fallback)', () => {
  const tokenizer = tokenizerFromJson(llamaJson);

  it('goes to the SentencePiece pipeline, while byte-level BPE (RoBERTa, GPT-2) keeps its own', () => {
    expect(tokenizer).toBeInstanceOf(SentencePieceTokenizer);
    expect(loadTokenizer(vocabFolder('roberta-base'))).toBeInstanceOf(ByteLevelBpeTokenizer);
  });

  it('merges by rank: hello → ▁ h e l l o → ▁h → ▁he → ll → llo → ▁hello; <s> only in front', () => {
    const encoding = tokenizer.encode('hello', null, { returnOffsets: true });
    expect(encoding.tokens).toEqual(['<s>', '▁hello']);
    expect(encoding.inputIds).toEqual([1, id('▁hello')]);
    expect(encoding.offsets).toEqual([[0, 0], [0, 5]]);
  });

  it('falls back to UTF-8 bytes for characters outside the vocabulary, each byte with the character’s offsets', () => {
    const encoding = tokenizer.encode('hello wé', null, { returnOffsets: true, addSpecialTokens: false });
    // ▁w merges; é is <0xC3><0xA9>
    expect(encoding.tokens).toEqual(['▁hello', '▁w', '<0xC3>', '<0xA9>']);
    expect(encoding.inputIds).toEqual([id('▁hello'), id('▁w'), 3 + 0xc3, 3 + 0xa9]);
    expect(encoding.offsets).toEqual([[0, 5], [5, 7], [7, 8], [7, 8]]);
    const emoji = tokenizer.encode('😀', null, { addSpecialTokens: false });
    expect(emoji.inputIds).toEqual([id('▁'), 3 + 0xf0, 3 + 0x9f, 3 + 0x98, 3 + 0x80]);
  });

  it('decodes bytes back to text and strips the prepended space', () => {
    const ids = tokenizer.encode('hello wé 😀').inputIds;
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe('hello wé 😀');
  });

  it('special tokens: bos <s>, eos </s>, unk <unk>; no pad in the file, so </s> pads', () => {
    expect(tokenizer.specialTokens).toEqual({ pad: '</s>', unk: '<unk>', bos: '<s>', eos: '</s>' });
  });

  it('without byte pieces an unknown character is <unk> (fused with its neighbours)', () => {
    const withoutBytes = { ...llamaJson, model: { ...llamaJson.model, vocab: Object.fromEntries(Object.entries(vocab).filter(([piece]) => !piece.startsWith('<0x'))) } };
    const encoding = tokenizerFromJson(withoutBytes).encode('hello éé', null, { addSpecialTokens: false });
    expect(encoding.inputIds).toEqual([id('▁hello'), id('▁'), 0]);
    expect(encoding.tokens).toEqual(['▁hello', '▁', '<unk>']);
  });
});
