import { describe, expect, it } from 'vitest';
import { gpt2PreTokenize } from './gpt2-pre-tokenizer';

function split(text: string): string[] {
  return gpt2PreTokenize(text).map((preToken) => preToken.text);
}

describe('gpt2PreTokenize', () => {
  it('splits contractions, letters, numbers and punctuation with their leading space', () => {
    expect(split("It's 2024, isn't it?")).toEqual(['It', "'s", ' 2024', ',', ' isn', "'t", ' it', '?']);
  });

  it('leaves the last space of a run to the next word', () => {
    expect(split('a   b')).toEqual(['a', '  ', ' b']);
    expect(split('end   ')).toEqual(['end', '   ']);
    expect(split('line\n\nnext')).toEqual(['line', '\n', '\n', 'next']);
  });

  it('keeps starts and covers the text exactly', () => {
    const text = ' héllo 😀 wörld\t!';
    const preTokens = gpt2PreTokenize(text);
    expect(preTokens.map((preToken) => preToken.text).join('')).toBe(text);
    for (const preToken of preTokens) expect(text.slice(preToken.start, preToken.start + preToken.text.length)).toBe(preToken.text);
  });

  it('does not treat U+FEFF as whitespace (unlike JavaScript \\s)', () => {
    expect(split('\ufeffa')).toEqual(['\ufeff', 'a']);
  });
});
