import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaptersError } from '@adapters/core';
import { tinyUnigramTokenizerJson } from '@adapters/test-utils';
import { loadTokenizer } from '../loading/load-tokenizer';
import { tokenizerFromJson } from '../loading/tokenizer-from-json';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer';

// Expected values are derived by hand from HF semantics (Unigram Viterbi = the segmentation with the highest
// summed log-probability; Metaspace; XLM-R's <s>=0, <pad>=1, </s>=2, <unk>=3 and `<s> A </s></s> B </s>`).

// ids: pieces start at 4; <mask> is the last id
const PIECES: [string, number][] = [
  ['▁', -2.0], // 4
  ['▁he', -3.0], // 5
  ['llo', -3.0], // 6
  ['▁hell', -4.5], // 7
  ['o', -2.5], // 8
  ['▁hello', -7.0], // 9
  ['h', -3.0], // 10
  ['e', -3.0], // 11
  ['l', -2.0], // 12
  ['▁w', -3.0], // 13
  ['orld', -3.5], // 14
  ['▁world', -6.0], // 15
  ['▁wor', -4.0], // 16
  ['ld', -2.5], // 17
  ['▁fi', -3.0], // 18
  ['▁a', -2.5], // 19
  [',', -2.0], // 20
];
const MASK = PIECES.length + 4;
const tokenizer = SentencePieceTokenizer.fromTokenizerJson(tinyUnigramTokenizerJson({ pieces: PIECES }));

describe('SentencePiece Unigram (tokenizer.json)', () => {
  it('segments by Viterbi, not longest match: ▁hello = ▁he + llo (-6.0 beats ▁hello -7.0, ▁hell + o -7.0)', () => {
    // ▁world: ▁world -6.0 beats ▁w + orld -6.5 and ▁wor + ld -6.5
    expect(tokenizer.tokenize('hello world')).toEqual(['▁he', 'llo', '▁world']);
  });

  it('encodes ids, offsets, token types and sequence ids with <s> … </s>', () => {
    const encoding = tokenizer.encode('hello world', null, { returnOffsets: true });
    expect(encoding.tokens).toEqual(['<s>', '▁he', 'llo', '▁world', '</s>']);
    expect(encoding.inputIds).toEqual([0, 5, 6, 15, 2]);
    expect(encoding.tokenTypeIds).toEqual([0, 0, 0, 0, 0]);
    expect(encoding.attentionMask).toEqual([1, 1, 1, 1, 1]);
    // the prepended ▁ shares the first character's range; the ▁ that replaced a space is that space
    expect(encoding.offsets).toEqual([[0, 0], [0, 2], [2, 5], [5, 11], [0, 0]]);
    expect(encoding.sequenceIds).toEqual([null, 0, 0, 0, null]);
  });

  it('fuses a run of unknown characters into one <unk> (id 3) whose token is the text itself', () => {
    const encoding = tokenizer.encode('hello xyz', null, { returnOffsets: true, addSpecialTokens: false });
    expect(encoding.tokens).toEqual(['▁he', 'llo', '▁', 'xyz']);
    expect(encoding.inputIds).toEqual([5, 6, 4, 3]);
    expect(encoding.offsets).toEqual([[0, 2], [2, 5], [5, 6], [6, 9]]);
  });

  it('counts offsets in UTF-16 units (an emoji is two) ', () => {
    const encoding = tokenizer.encode('a😀,', null, { returnOffsets: true, addSpecialTokens: false });
    expect(encoding.tokens).toEqual(['▁a', '😀', ',']);
    expect(encoding.inputIds).toEqual([19, 3, 20]);
    expect(encoding.offsets).toEqual([[0, 1], [1, 3], [3, 4]]);
  });

  it('normalizes (NFKC, runs of spaces to one) and maps offsets back to the original text', () => {
    const ligature = tokenizer.encode('ﬁ', null, { returnOffsets: true, addSpecialTokens: false });
    expect(ligature.tokens).toEqual(['▁fi']);
    expect(ligature.offsets).toEqual([[0, 1]]);
    const spaced = tokenizer.encode('hello   world', null, { returnOffsets: true, addSpecialTokens: false });
    expect(spaced.inputIds).toEqual([5, 6, 15]);
    expect(spaced.offsets).toEqual([[0, 2], [2, 5], [5, 13]]);
  });

  it('runs a Hub-style Precompiled normalizer (nmt_nfkc: no-break space → space, control characters dropped), then Lowercase', () => {
    const precompiled = SentencePieceTokenizer.fromTokenizerJson(
      tinyUnigramTokenizerJson({
        pieces: PIECES,
        normalizer: { type: 'Sequence', normalizers: [{ type: 'Precompiled', precompiled_charsmap: 'unused' }, { type: 'Lowercase' }] },
      }),
    );
    const encoding = precompiled.encode('HeLLo\u00A0wor\u0001ld', null, { returnOffsets: true, addSpecialTokens: false });
    expect(encoding.inputIds).toEqual([5, 6, 15]);
    expect(encoding.offsets).toEqual([[0, 2], [2, 5], [5, 12]]);
  });

  it('pairs: <s> A </s></s> B </s>, all token type 0, B offsets into B', () => {
    const encoding = tokenizer.encode('hello', 'world', { returnOffsets: true });
    expect(encoding.inputIds).toEqual([0, 5, 6, 2, 2, 15, 2]);
    expect(encoding.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(encoding.sequenceIds).toEqual([null, 0, 0, null, null, 1, null]);
    expect(encoding.offsets![5]).toEqual([0, 5]);
    expect(tokenizer.numSpecialTokensToAdd(true)).toBe(4);
  });

  it('special tokens: roles from the file, <mask> split out whole (swallowing the space before it)', () => {
    expect(tokenizer.specialTokens).toEqual({ pad: '<pad>', unk: '<unk>', cls: '<s>', sep: '</s>', mask: '<mask>', bos: '<s>', eos: '</s>' });
    expect(tokenizer.encode('hello <mask>').inputIds).toEqual([0, 5, 6, MASK, 2]);
    expect(tokenizer.encode('<s>hello</s>', null, { addSpecialTokens: false }).inputIds).toEqual([0, 5, 6, 2]);
  });

  it('truncation (longest_first, only_second) and padding with <pad> = 1', () => {
    // A = ▁he llo ▁world (3), B = ▁he llo (2), 4 specials: 9 > 8, one comes off the longer A
    expect(tokenizer.encode('hello world', 'hello', { truncation: 'longest_first', maxLength: 8 }).inputIds).toEqual([0, 5, 6, 2, 2, 5, 6, 2]);
    expect(tokenizer.encode('hello world', 'hello', { truncation: 'only_second', maxLength: 8 }).inputIds).toEqual([0, 5, 6, 15, 2, 2, 5, 2]);
    expect(tokenizer.encode('hello world', null, { truncation: true, maxLength: 3 }).inputIds).toEqual([0, 5, 2]);
    const padded = tokenizer.encode('hello', null, { padding: 'max_length', maxLength: 6 });
    expect(padded.inputIds).toEqual([0, 5, 6, 2, 1, 1]);
    expect(padded.attentionMask).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('decodes through the Metaspace decoder', () => {
    const ids = tokenizer.encode('hello world').inputIds;
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe('hello world');
    expect(tokenizer.decode(ids)).toBe('<s> hello world</s>');
  });

  it('byte fallback: an unknown character becomes its UTF-8 bytes <0xC3><0xA9> when those pieces exist', () => {
    const bytes = SentencePieceTokenizer.fromTokenizerJson(
      tinyUnigramTokenizerJson({ pieces: [...PIECES, ['<0xC3>', 0], ['<0xA9>', 0]], byteFallback: true }),
    );
    const encoding = bytes.encode('a é', null, { returnOffsets: true, addSpecialTokens: false });
    expect(encoding.tokens).toEqual(['▁a', '▁', '<0xC3>', '<0xA9>']);
    expect(encoding.inputIds).toEqual([19, 4, PIECES.length + 4, PIECES.length + 5]);
    expect(encoding.offsets).toEqual([[0, 1], [1, 2], [2, 3], [2, 3]]);
    // without the byte pieces: <unk>
    expect(bytes.encode('😀', null, { addSpecialTokens: false }).inputIds).toEqual([4, 3]);
  });

  it('reproduces xlm-roberta-large on "Quality of work is sufficient" (ids and offsets reported in huggingface/tokenizers#1018)', () => {
    // The Hub file splits on whitespace first, then Metaspace prepends ▁ to each word (sharing its first
    // character's range). The vocabulary holds the six pieces at their real ids; the rest is filler.
    const real = new Map<number, string>([[124604, '▁Quality'], [111, '▁of'], [4488, '▁work'], [83, '▁is'], [6, '▁'], [129980, 'sufficient']]);
    const pieces: [string, number][] = [];
    for (let id = 4; id <= 129980; id++) pieces.push(real.has(id) ? [real.get(id)!, -10] : [`<filler ${id}>`, -20]);
    const xlmr = SentencePieceTokenizer.fromTokenizerJson(
      tinyUnigramTokenizerJson({
        pieces,
        preTokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: '▁', add_prefix_space: true }] },
      }),
    );
    const encoding = xlmr.encode('Quality of work is sufficient', null, { returnOffsets: true });
    expect(xlmr.tokenize('Quality of work is sufficient')).toEqual(['▁Quality', '▁of', '▁work', '▁is', '▁', 'sufficient']);
    expect(encoding.inputIds).toEqual([0, 124604, 111, 4488, 83, 6, 129980, 2]);
    expect(encoding.offsets).toEqual([[0, 0], [0, 7], [8, 10], [11, 15], [16, 18], [19, 20], [19, 29], [0, 0]]);
  });

  it('loads through loadTokenizer and tokenizerFromJson (model.type Unigram, or a vocab list without a type)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'adapters-unigram-'));
    try {
      const json = tinyUnigramTokenizerJson({ pieces: PIECES });
      writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify(json));
      writeFileSync(path.join(folder, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 6 }));
      const loaded = loadTokenizer(folder);
      expect(loaded).toBeInstanceOf(SentencePieceTokenizer);
      expect(loaded.encode('hello world', 'hello', { truncation: true }).inputIds).toHaveLength(6);
      const untyped = { ...json, model: { ...(json.model as Record<string, unknown>), type: undefined } };
      expect(tokenizerFromJson(untyped).encode('hello world').inputIds).toEqual([0, 5, 6, 15, 2]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names the file and field of what it cannot read', () => {
    const json = tinyUnigramTokenizerJson({ pieces: PIECES });
    const badPreTokenizer = () => tokenizerFromJson({ ...json, pre_tokenizer: { type: 'Punctuation' } }, undefined, 'x/tokenizer.json');
    expect(badPreTokenizer).toThrow(/x\/tokenizer\.json: pre_tokenizer\.type: expected one of Metaspace, WhitespaceSplit, Sequence \(or null\), received "Punctuation"/);
    const badScore = () => tokenizerFromJson({ ...json, model: { type: 'Unigram', unk_id: 0, vocab: [['a', 'high']] } });
    expect(badScore).toThrow(/model\.vocab\[0\]: expected \[piece, score\] with a finite score/);
    const badUnk = () => tokenizerFromJson({ ...json, model: { type: 'Unigram', unk_id: 9, vocab: [['a', -1]] } });
    expect(badUnk).toThrow(/model\.unk_id: expected an index into vocab/);
    try {
      badUnk();
    } catch (error) {
      expect(AdaptersError.isInstance(error) && error.code).toBe('tokenizer');
    }
  });
});
