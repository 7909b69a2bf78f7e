// A long text truncated to maxLength is tokenized only as far as needed; the result must be exactly what
// tokenizing the whole text and truncating gives (HF truncates after tokenizing everything).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRoot } from '@adapters/test-utils';
import { loadTokenizer } from '../loading/load-tokenizer';

/** Seeded text with what tokenizers split on: runs of spaces and newlines, punctuation, accents, CJK, long words, `<mask>`. */
function hostileText(seed: number, length: number): string {
  let state = seed;
  const next = (): number => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const parts = ['the', 'naïve', 'Café', 'données', '東京', 'x'.repeat(150), 'co-operate', "don't", '1,234.5', '!!', '<mask>', '[MASK]', '\u00e9\u0301', 'emoji😀', 'tab\there'];
  const spaces = [' ', ' ', ' ', '  ', '\n', '\r\n', '\t', '   \n '];
  let text = '';
  while (text.length < length) text += (parts[Math.floor(next() * parts.length)] as string) + (spaces[Math.floor(next() * spaces.length)] as string);
  return text;
}

describe('truncation budget', () => {
  for (const folder of ['bert-base-uncased', 'bert-base-cased', 'roberta-base']) {
    it(`${folder}: encode(long text, maxLength) equals the whole text's tokens cut to maxLength`, () => {
      const tokenizer = loadTokenizer(path.join(dataRoot(), 'vocab', folder));
      for (const [seed, maxLength] of [[1, 8], [2, 128], [3, 512], [4, 3000]] as const) {
        const text = hostileText(seed, 60_000);
        const whole = tokenizer.encode(text, null, { addSpecialTokens: false, truncation: false, returnOffsets: true });
        const cut = tokenizer.encode(text, null, { addSpecialTokens: false, truncation: true, maxLength, returnOffsets: true });
        expect(cut.inputIds).toEqual(whole.inputIds.slice(0, maxLength));
        expect(cut.offsets).toEqual(whole.offsets?.slice(0, maxLength));
        const withSpecials = tokenizer.encode(text, null, { truncation: true, maxLength });
        expect(withSpecials.inputIds.slice(1, -1)).toEqual(whole.inputIds.slice(0, maxLength - 2));
      }
    });
  }

  it('a text of one 200,000-character word (no whitespace to cut at) still gives the right tokens', () => {
    const tokenizer = loadTokenizer(path.join(dataRoot(), 'vocab', 'roberta-base'));
    const text = 'ab'.repeat(100_000);
    const whole = tokenizer.encode(text, null, { addSpecialTokens: false, truncation: false });
    expect(tokenizer.encode(text, null, { addSpecialTokens: false, maxLength: 16, truncation: true }).inputIds).toEqual(whole.inputIds.slice(0, 16));
  });
});
