import { describe, expect, it } from 'vitest';
import { joinAlignedCharacters } from '../unicode/aligned-character';
import { basicTokenize, type BasicTokenizerOptions } from './bert-basic-tokenizer';

const UNCASED: BasicTokenizerOptions = {
  doLowerCase: true,
  stripAccents: undefined,
  tokenizeChineseChars: true,
  cleanText: true,
  neverSplit: new Set(['[MASK]']),
};
const CASED: BasicTokenizerOptions = { ...UNCASED, doLowerCase: false };

function words(text: string, options = UNCASED): string[] {
  return basicTokenize(text, 0, options).map(joinAlignedCharacters);
}

describe('basicTokenize (HF BasicTokenizer)', () => {
  it('lower-cases, strips accents and splits punctuation', () => {
    expect(words("Héllo, Wörld! don't")).toEqual(['hello', ',', 'world', '!', 'don', "'", 't']);
  });

  it('keeps case and accents when not lower-casing, but still composes with NFC', () => {
    expect(words('Héllo Cafe\u0301', CASED)).toEqual(['Héllo', 'Café']);
  });

  it('strips accents without lower-casing when asked', () => {
    expect(words('Héllo', { ...CASED, stripAccents: true })).toEqual(['Hello']);
  });

  it('keeps accents while lower-casing when stripAccents is false', () => {
    expect(words('Héllo', { ...UNCASED, stripAccents: false })).toEqual(['héllo']);
  });

  it('removes control characters, NUL and U+FFFD, joining their neighbours', () => {
    expect(words('con\u0000trol\u200bchar\ufffds')).toEqual(['controlchars']);
  });

  it('splits on every kind of whitespace, NBSP included', () => {
    expect(words('a\u00a0b\tc\nd\u3000e\u2028f')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('puts each CJK ideograph in its own word', () => {
    expect(words('ab中文cd')).toEqual(['ab', '中', '文', 'cd']);
    expect(words('ab中文cd', { ...UNCASED, tokenizeChineseChars: false })).toEqual(['ab中文cd']);
  });

  it('never splits or lower-cases never-split words', () => {
    expect(words('the [MASK] is')).toEqual(['the', '[MASK]', 'is']);
    expect(words('the [mask] is')).toEqual(['the', '[', 'mask', ']', 'is']);
  });

  it('reports offsets into the original text', () => {
    const tokens = basicTokenize('  Héllo,\u200bWörld', 5, UNCASED);
    expect(tokens.map((token) => [joinAlignedCharacters(token), token[0]?.start, token[token.length - 1]?.end])).toEqual([
      ['hello', 7, 12],
      [',', 12, 13],
      ['world', 14, 19],
    ]);
  });

  it('returns nothing for empty or blank text', () => {
    expect(words('')).toEqual([]);
    expect(words(' \t\n ')).toEqual([]);
    expect(words('\u0301')).toEqual([]);
  });
});
