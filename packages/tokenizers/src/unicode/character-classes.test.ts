import { describe, expect, it } from 'vitest';
import {
  isBertPunctuation,
  isBertWhitespace,
  isChineseCharacter,
  isControlCharacter,
  isNonspacingMark,
  isPythonWhitespace,
  mayComposeWithPrevious,
} from './character-classes';

describe('character classes (HF BERT semantics)', () => {
  it('treats all non-alphanumeric ASCII and Unicode P* as punctuation', () => {
    for (const character of ['!', '$', '^', '`', '~', '@', '[', '"', '—', '¿', '。', '«']) expect(isBertPunctuation(character), character).toBe(true);
    for (const character of ['a', 'Z', '0', ' ', '😀', '☃', '中', '€']) expect(isBertPunctuation(character), character).toBe(false);
  });

  it('counts tab, newline and carriage return as whitespace, not control', () => {
    for (const character of ['\t', '\n', '\r']) {
      expect(isControlCharacter(character)).toBe(false);
      expect(isBertWhitespace(character)).toBe(true);
    }
    expect(isBertWhitespace('\u00a0')).toBe(true);
    expect(isBertWhitespace('\u3000')).toBe(true);
  });

  it('counts category C* (format characters included) as control', () => {
    for (const character of ['\u0000', '\u0007', '\u200b', '\ufeff', '\u0085', '\u001c']) expect(isControlCharacter(character)).toBe(true);
    expect(isControlCharacter('a')).toBe(false);
  });

  it('matches Python str.isspace', () => {
    for (const codePoint of [0x09, 0x0b, 0x1c, 0x1f, 0x20, 0x85, 0xa0, 0x2028, 0x3000]) expect(isPythonWhitespace(codePoint)).toBe(true);
    for (const codePoint of [0x200b, 0xfeff, 0x41]) expect(isPythonWhitespace(codePoint)).toBe(false);
  });

  it('recognizes CJK ideographs but not kana or Hangul', () => {
    expect(isChineseCharacter('中'.codePointAt(0) ?? 0)).toBe(true);
    expect(isChineseCharacter(0x20000)).toBe(true);
    expect(isChineseCharacter('の'.codePointAt(0) ?? 0)).toBe(false);
    expect(isChineseCharacter('한'.codePointAt(0) ?? 0)).toBe(false);
  });

  it('finds marks', () => {
    expect(isNonspacingMark('\u0301')).toBe(true);
    expect(isNonspacingMark('e')).toBe(false);
    expect(mayComposeWithPrevious('\u0301')).toBe(true);
    expect(mayComposeWithPrevious('\u1161')).toBe(true);
    expect(mayComposeWithPrevious('a')).toBe(false);
  });
});
